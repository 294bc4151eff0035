import { CONTRIBUTION_KINDS, type DealEvent, type EmployeeEvent, type QuotaEvent } from '@club-ledger/domain';
import { cents, type ProgramFacts } from './facts';

/** A recorded fact: a domain event with the instant it happened (the caller picks the facts recorded by a moment). */
export type Fact = (EmployeeEvent | DealEvent | QuotaEvent) & { occurredAt: string };

export const FACT_TYPES = [
  'EmployeeRegistered',
  'EmployeeChanged',
  'EmployeeOffboarded',
  'DealOpened',
  'DealClosedWon',
  'DealClosedLost',
  'DealReopened',
  'ContributionCredited',
  'CreditRetracted',
  'CreditRestored',
  'QuotaSet',
] as const;

type Deal = { -readonly [K in keyof ProgramFacts['deals'][number]]: ProgramFacts['deals'][number][K] };
type Credit = { -readonly [K in keyof ProgramFacts['credits'][number]]: ProgramFacts['credits'][number][K] };

/**
 * Folds facts, in ledger order, into what was true at `asOf` (business time): deals closed, lost or
 * reopened by then, people as they were then. Credits count whenever they were recorded (the caller
 * passes only facts recorded by `knownAt`). Quotas keep the whole program period: attainment as of a
 * date compares what was won by then with the year's quota. The facts come in pages, each folded as it
 * comes, so that a large year's need not all be held at once.
 */
export async function foldFacts(
  pages: Iterable<readonly Fact[]> | AsyncIterable<readonly Fact[]>,
  program: { periodStart: string; periodEnd: string; audienceDepartments: readonly string[] },
  asOf: Date,
): Promise<ProgramFacts> {
  const asOfDay = asOf.toISOString().slice(0, 10);
  const happened = (fact: Fact) => Date.parse(fact.occurredAt) <= asOf.getTime();
  const employees = new Map<string, { id: string; department: string; active: boolean }>();
  const deals = new Map<string, Deal>();
  const credits = new Map<string, Credit>();
  const quotas = new Map<string, ProgramFacts['quotas'][number]>();
  const personId = (id: string) => employees.get(id)?.id ?? id;
  const apply = (fact: Fact): void => {
    switch (fact.type) {
      case 'EmployeeRegistered':
        employees.set(fact.data.employeeId, { id: fact.data.employeeId, department: fact.data.department, active: true });
        break;
      case 'EmployeeChanged': {
        const employee = employees.get(fact.data.employeeId);
        if (employee && fact.data.department !== undefined && happened(fact)) employee.department = fact.data.department;
        break;
      }
      case 'EmployeeOffboarded': {
        const employee = employees.get(fact.data.employeeId);
        if (employee && happened(fact)) employee.active = false;
        break;
      }
      case 'DealOpened': {
        const { dealId, ownerId, dealType, amount, products, openedOn } = fact.data;
        deals.set(dealId, { id: dealId, ownerId, dealType, amountCents: cents(amount), products, status: 'OPEN', openedOn, closedOn: null });
        break;
      }
      case 'DealClosedWon': {
        const deal = deals.get(fact.data.dealId);
        if (deal && fact.data.closedOn <= asOfDay) Object.assign(deal, { status: 'CLOSED_WON', closedOn: fact.data.closedOn, amountCents: cents(fact.data.amount) });
        break;
      }
      case 'DealClosedLost': {
        const deal = deals.get(fact.data.dealId);
        if (deal && fact.data.closedOn <= asOfDay) Object.assign(deal, { status: 'CLOSED_LOST', closedOn: fact.data.closedOn });
        break;
      }
      case 'DealReopened': {
        const deal = deals.get(fact.data.dealId);
        if (deal && happened(fact)) Object.assign(deal, { status: 'OPEN', closedOn: null });
        break;
      }
      case 'ContributionCredited': {
        const { creditId, dealId, contributorId, creditedBy, kind } = fact.data;
        // The deal's and the people's own id strings, not the copies each parsed fact carries: a year holds a million credits.
        credits.set(creditId, {
          id: creditId, dealId: deals.get(dealId)?.id ?? dealId, contributorId: personId(contributorId), creditedBy: personId(creditedBy),
          kind: CONTRIBUTION_KINDS.find((known) => known === kind) ?? kind, active: true, creditedAt: fact.occurredAt,
        });
        break;
      }
      case 'CreditRetracted':
      case 'CreditRestored': {
        const credit = credits.get(fact.data.creditId);
        if (credit) credit.active = fact.type === 'CreditRestored';
        break;
      }
      case 'QuotaSet': {
        const { employeeId, periodStart, periodEnd, amount } = fact.data;
        quotas.set(`${employeeId}|${periodStart}|${periodEnd}`, { employeeId, periodStart, periodEnd, amountCents: cents(amount) });
        break;
      }
      default: {
        const unknown: never = fact;
        throw new Error(`Unhandled fact ${JSON.stringify(unknown)}`);
      }
    }
  };
  for await (const facts of pages) facts.forEach(apply);
  return {
    periodStart: program.periodStart,
    periodEnd: program.periodEnd,
    audienceDepartments: program.audienceDepartments,
    employees: [...employees.values()],
    deals: [...deals.values()],
    credits: [...credits.values()],
    quotas: [...quotas.values()],
  };
}
