import { CONTRIBUTION_KINDS, type DealEvent, type EmployeeEvent, type QuotaEvent } from '@club-ledger/domain';
import { cents, type ProgramFacts } from './facts';

/** A recorded fact: a domain event with its place in the ledger, the instant it happened and the instant it was recorded. */
export type Fact = (EmployeeEvent | DealEvent | QuotaEvent) & { position: string; occurredAt: string; recordedAt: string };

/** A moment of the ledger: `asOf` business time, `knownAt` record time. */
export interface FactMoment {
  asOf: Date;
  knownAt: Date;
}

/**
 * Whether a fact holds at a moment: recorded by `knownAt`, and by `asOf` for what has a business time of its own — a
 * close by its close date, a reopening when it happened. An offboarding or a change of department has none: it holds
 * from when it was recorded, on both axes. Credits, retractions and quotas hold once recorded, whatever the `asOf`.
 */
export function inEffectAt({ asOf, knownAt }: FactMoment): (fact: Fact) => boolean {
  const asOfDay = asOf.toISOString().slice(0, 10);
  return (fact) => {
    const recorded = Date.parse(fact.recordedAt);
    if (recorded > knownAt.getTime()) return false;
    switch (fact.type) {
      case 'DealClosedWon':
      case 'DealClosedLost':
        return fact.data.closedOn <= asOfDay;
      case 'DealReopened':
        return Date.parse(fact.occurredAt) <= asOf.getTime();
      case 'EmployeeChanged':
      case 'EmployeeOffboarded':
        return recorded <= asOf.getTime();
      case 'EmployeeRegistered':
      case 'DealOpened':
      case 'ContributionCredited':
      case 'CreditRetracted':
      case 'CreditRestored':
      case 'QuotaSet':
      case 'NotificationSettingsChanged':
        return true;
      default: {
        const unknown: never = fact;
        throw new Error(`Unhandled fact ${JSON.stringify(unknown)}`);
      }
    }
  };
}

/**
 * The same rule in SQL: the read models as they stood at a moment, as common table expressions named like the tables
 * they stand for (`employees`, `deals`, `credits`, `quotas`), so that a statement written for now, prefixed with them,
 * reads that moment instead. `$p` is `knownAt`, `$p+1` `asOf`, `$p+2` `asOf`'s day (UTC): pass `momentParameters`.
 * Each is read from the typed history the facts projection keeps (see migration 0013), and, but for the quotas, left
 * for the planner to inline, so that a statement's lookups by key still reach the tables' indexes.
 */
export function ledgerAtSql(p: number): string {
  const [knownAt, asOf, asOfDay] = [`$${p}::timestamptz`, `$${p + 1}::timestamptz`, `$${p + 2}::date`];
  return `employees AS NOT MATERIALIZED (
            SELECT e.id, e.name,
                   -- Registered by knownAt; each change of department and the offboarding by both asOf and knownAt.
                   (SELECT h.department FROM employee_changes h
                     WHERE h.employee_id = e.id AND h.department IS NOT NULL AND h.recorded_at <= ${knownAt} AND (h.registered OR h.recorded_at <= ${asOf})
                     ORDER BY h.position DESC LIMIT 1) AS department,
                   NOT EXISTS (SELECT 1 FROM employee_changes h
                                WHERE h.employee_id = e.id AND h.offboarded AND h.recorded_at <= ${knownAt} AND h.recorded_at <= ${asOf}) AS active
              FROM employees e WHERE e.recorded_at <= ${knownAt}),
          -- Each deal's last close or reopening in effect: a close by its close date, a reopening when it happened. One
          -- sorted pass over the changes, not a probe per deal.
          deal_states AS MATERIALIZED (
            SELECT DISTINCT ON (deal_id) deal_id, status, closed_on, amount FROM deal_changes
             WHERE recorded_at <= ${knownAt} AND CASE WHEN status = 'OPEN' THEN occurred_at <= ${asOf} ELSE closed_on <= ${asOfDay} END
             ORDER BY deal_id, position DESC),
          deals AS NOT MATERIALIZED (
            SELECT d.id, d.name, d.owner_id, d.deal_type, d.products, d.opened_on,
                   coalesce(s.status, 'OPEN') AS status, s.closed_on, coalesce(s.amount, d.amount) AS amount
              FROM deals d LEFT JOIN deal_states s ON s.deal_id = d.id
             WHERE d.recorded_at <= ${knownAt}),
          -- A credit no retraction or restoration recorded after knownAt has its status now; the few others, the last
          -- recorded by then (active if none). Two arms, so that the planner still estimates the first from the status.
          credits AS NOT MATERIALIZED (
            SELECT c.id, c.deal_id, c.contributor_id, c.credited_by, c.kind, c.credited_at, c.status
              FROM credits c
             WHERE c.recorded_at <= ${knownAt} AND c.id NOT IN (SELECT credit_id FROM credit_changes WHERE recorded_at > ${knownAt})
            UNION ALL
            SELECT c.id, c.deal_id, c.contributor_id, c.credited_by, c.kind, c.credited_at,
                   CASE WHEN coalesce((SELECT h.active FROM credit_changes h WHERE h.credit_id = c.id AND h.recorded_at <= ${knownAt}
                                        ORDER BY h.position DESC LIMIT 1), true)
                        THEN 'ACTIVE' ELSE 'RETRACTED' END
              FROM credits c
             WHERE c.recorded_at <= ${knownAt} AND c.id IN (SELECT credit_id FROM credit_changes WHERE recorded_at > ${knownAt})),
          quotas AS (
            SELECT DISTINCT ON (employee_id, period_start, period_end) employee_id, period_start, period_end, amount
              FROM quota_sets WHERE recorded_at <= ${knownAt}
             ORDER BY employee_id, period_start, period_end, position DESC)`;
}

/** The parameters `ledgerAtSql` names, in its order. */
export const momentParameters = ({ asOf, knownAt }: FactMoment): [string, string, string] => [knownAt.toISOString(), asOf.toISOString(), asOf.toISOString().slice(0, 10)];

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
 * Folds the facts that are in effect (`inEffectAt` a moment, or any other choice of them), in ledger order, into
 * what was true then: deals closed, lost or reopened, people as they were. Quotas keep the whole program period:
 * attainment as of a date compares what was won by then with the year's quota. The facts come in pages, each folded
 * as it comes, so that a large year's need not all be held at once.
 */
export async function foldFacts(
  pages: Iterable<readonly Fact[]> | AsyncIterable<readonly Fact[]>,
  program: { periodStart: string; periodEnd: string; audienceDepartments: readonly string[] },
  inEffect: (fact: Fact) => boolean,
): Promise<ProgramFacts> {
  const employees = new Map<string, { id: string; department: string; active: boolean }>();
  const deals = new Map<string, Deal>();
  const credits = new Map<string, Credit>();
  const quotas = new Map<string, ProgramFacts['quotas'][number]>();
  const personId = (id: string) => employees.get(id)?.id ?? id;
  const apply = (fact: Fact): void => {
    if (!inEffect(fact)) return;
    switch (fact.type) {
      case 'EmployeeRegistered':
        employees.set(fact.data.employeeId, { id: fact.data.employeeId, department: fact.data.department, active: true });
        break;
      case 'EmployeeChanged': {
        const employee = employees.get(fact.data.employeeId);
        if (employee && fact.data.department !== undefined) employee.department = fact.data.department;
        break;
      }
      case 'EmployeeOffboarded': {
        const employee = employees.get(fact.data.employeeId);
        if (employee) employee.active = false;
        break;
      }
      case 'DealOpened': {
        const { dealId, ownerId, dealType, amount, products, openedOn } = fact.data;
        deals.set(dealId, { id: dealId, ownerId, dealType, amountCents: cents(amount), products, status: 'OPEN', openedOn, closedOn: null });
        break;
      }
      case 'DealClosedWon': {
        const deal = deals.get(fact.data.dealId);
        if (deal) Object.assign(deal, { status: 'CLOSED_WON', closedOn: fact.data.closedOn, amountCents: cents(fact.data.amount) });
        break;
      }
      case 'DealClosedLost': {
        const deal = deals.get(fact.data.dealId);
        if (deal) Object.assign(deal, { status: 'CLOSED_LOST', closedOn: fact.data.closedOn });
        break;
      }
      case 'DealReopened': {
        const deal = deals.get(fact.data.dealId);
        if (deal) Object.assign(deal, { status: 'OPEN', closedOn: null });
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
      // How a person is told changes nothing they are credited with.
      case 'NotificationSettingsChanged':
        break;
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
