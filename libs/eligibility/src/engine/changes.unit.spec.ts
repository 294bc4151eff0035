import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import type { Criteria } from '@club-ledger/domain';
import { criteriaAt, standingChanges, standingsWhere, type CriteriaRecorded } from './changes';
import { inEffectAt, type Fact, type FactMoment } from './fold-facts';

const program = { periodStart: '2026-01-01', periodEnd: '2026-12-31', audienceDepartments: ['Product'] };
const PEOPLE = ['ann', 'bob', 'cat', 'dan'];
const DEALS = ['d1', 'd2', 'd3', 'd4'];
const day = (n: number) => new Date(Date.UTC(2026, 0, 1) + n * 86_400_000).toISOString().slice(0, 10);
const instant = (n: number) => new Date(Date.UTC(2026, 0, 1) + n * 3_600_000 * 7).toISOString();

const criteria = (version: number, overrides: Partial<Criteria>): Criteria => ({
  version, reason: null, revisedAt: '', thresholds: [{ metric: 'CREDITS', atLeast: 1, kind: null }], rankBy: 'POINTS', maxWinners: null,
  kindPoints: [{ kind: 'POC_SUPPORT', points: 3 }], dealTypeMultipliers: [], productMultipliers: [], excludeFlaggedDeals: false, requireActive: true,
  ...overrides,
});

/** One event of a random history, before it gets its place and times. */
const event = fc.oneof(
  fc.record({ type: fc.constant('EmployeeChanged' as const), who: fc.constantFrom(...PEOPLE), department: fc.constantFrom('Product', 'Sales') }),
  fc.record({ type: fc.constant('EmployeeOffboarded' as const), who: fc.constantFrom(...PEOPLE) }),
  fc.record({ type: fc.constant('DealClosedWon' as const), deal: fc.constantFrom(...DEALS), closedOn: fc.integer({ min: 0, max: 200 }) }),
  fc.record({ type: fc.constant('DealClosedLost' as const), deal: fc.constantFrom(...DEALS), closedOn: fc.integer({ min: 0, max: 200 }) }),
  fc.record({ type: fc.constant('DealReopened' as const), deal: fc.constantFrom(...DEALS) }),
  fc.record({ type: fc.constant('ContributionCredited' as const), deal: fc.constantFrom(...DEALS), who: fc.constantFrom(...PEOPLE), credit: fc.integer({ min: 0, max: 7 }), poc: fc.boolean() }),
  fc.record({ type: fc.constant('CreditRetracted' as const), credit: fc.integer({ min: 0, max: 7 }) }),
  fc.record({ type: fc.constant('QuotaSet' as const), who: fc.constantFrom(...PEOPLE), amount: fc.integer({ min: 1, max: 5 }) }),
);

/** A history: everyone registered and every deal opened first, then the random events, each recorded a step later. */
type Event = typeof event extends fc.Arbitrary<infer T> ? T : never;
function historyOf(events: Event[]): Fact[] {
  const start: Omit<Fact, 'position' | 'recordedAt' | 'occurredAt'>[] = [
    ...PEOPLE.map((who) => ({ type: 'EmployeeRegistered' as const, data: { employeeId: who, name: who, email: `${who}@x.io`, department: 'Product', title: null, managerId: null } })),
    ...DEALS.map((deal, n) => ({ type: 'DealOpened' as const, data: { dealId: deal, name: deal, account: 'A', ownerId: PEOPLE[n % PEOPLE.length], dealType: 'NEW_BUSINESS' as const, amount: `${(n + 1) * 100}.00`, products: [], openedOn: day(0) } })),
  ];
  const rest = events.map((e): Omit<Fact, 'position' | 'recordedAt' | 'occurredAt'> => {
    switch (e.type) {
      case 'EmployeeChanged': return { type: e.type, data: { employeeId: e.who, department: e.department } };
      case 'EmployeeOffboarded': return { type: e.type, data: { employeeId: e.who, reason: 'left' } };
      case 'DealClosedWon': return { type: e.type, data: { dealId: e.deal, amount: '500.00', closedOn: day(e.closedOn) } };
      case 'DealClosedLost': return { type: e.type, data: { dealId: e.deal, closedOn: day(e.closedOn) } };
      case 'DealReopened': return { type: e.type, data: { dealId: e.deal, reason: 'clawback' } };
      case 'ContributionCredited': return { type: e.type, data: { dealId: e.deal, creditId: `c${e.credit}`, contributorId: e.who, kind: e.poc ? 'POC_SUPPORT' : 'DEAL_ASSIST', note: 'n', creditedBy: 'rep' } };
      case 'CreditRetracted': return { type: e.type, data: { dealId: 'd1', creditId: `c${e.credit}`, reason: 'r', retractedBy: 'rep' } };
      case 'QuotaSet': return { type: e.type, data: { employeeId: e.who, periodStart: '2026-01-01', periodEnd: '2026-12-31', amount: `${e.amount}00.00` } };
      default: {
        const unknown: never = e;
        throw new Error(`Unknown event ${JSON.stringify(unknown)}`);
      }
    }
  });
  return [...start, ...rest].map((fact, n) => ({ ...fact, position: String(n), occurredAt: instant(n), recordedAt: instant(n) }) as Fact);
}

const moment = fc.record({ asOf: fc.integer({ min: 0, max: 60 }), knownAt: fc.integer({ min: 0, max: 60 }) });
const at = (m: { asOf: number; knownAt: number }): FactMoment => ({ asOf: new Date(instant(m.asOf)), knownAt: new Date(instant(m.knownAt)) });

describe('the causes of a change of standing', () => {
  it('account for the whole change: applied alone to the first moment, they give the second', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(event, { minLength: 1, maxLength: 40 }), moment, moment, fc.integer({ min: 0, max: 50 }), fc.constantFrom(null, 1, 2), fc.boolean(),
        async (events, fromAt, toAt, revisedAt, maxWinners, onlyQualificationChanges) => {
          const facts = historyOf(events);
          const history: CriteriaRecorded[] = [
            { criteria: criteria(1, {}), position: 'p1', occurredAt: instant(2), recordedAt: instant(2) },
            { criteria: criteria(2, { maxWinners, rankBy: 'CREDITS', thresholds: [{ metric: 'QUOTA_ATTAINMENT', atLeast: 0, kind: null }, { metric: 'CREDITS', atLeast: 1, kind: null }] }), position: 'p2', occurredAt: instant(revisedAt), recordedAt: instant(revisedAt) },
          ];
          const [from, to] = [at(fromAt), at(toAt)];
          const changes = await standingChanges(facts, program, history, from, to, { onlyQualificationChanges });
          const after = await standingsWhere(facts, program, criteriaAt(history, to.knownAt)?.criteria, inEffectAt(to));
          for (const change of changes) {
            // Applying the causes by hand: each fact they name flips, and a revision brings the later criteria.
            const flipped = new Set(change.causes.flatMap((cause) => cause.facts.map((fact) => fact.position)));
            const inFrom = inEffectAt(from);
            const revised = change.causes.some((cause) => cause.kind === 'CRITERIA_REVISED');
            const applied = await standingsWhere(facts, program, criteriaAt(history, (revised ? to : from).knownAt)?.criteria, (fact) => inFrom(fact) !== flipped.has(fact.position));
            expect(applied.get(change.employeeId) ?? null).toEqual(after.get(change.employeeId) ?? null);
            expect(change.after).toEqual(after.get(change.employeeId) ?? null);
            // Every fact a cause names is one that holds at one moment and not the other.
            expect(change.causes.flatMap((cause) => cause.facts).every((fact) => inFrom(fact) !== inEffectAt(to)(fact))).toBe(true);
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it('names the credit that made someone qualify, when it was given and recorded, and nothing else', async () => {
    const facts = historyOf([
      { type: 'DealClosedWon', deal: 'd1', closedOn: 10 },
      { type: 'ContributionCredited', deal: 'd1', who: 'bob', credit: 1, poc: true },
    ]);
    const history = [{ criteria: criteria(1, {}), position: 'p1', occurredAt: instant(0), recordedAt: instant(0) }];
    const changes = await standingChanges(facts, program, history, at({ asOf: 60, knownAt: 8 }), at({ asOf: 60, knownAt: 60 }), { onlyQualificationChanges: true });
    expect(changes.map((change) => [change.employeeId, change.before?.qualifies, change.after?.qualifies])).toEqual([['bob', false, true]]);
    expect(changes[0].causes.map((cause) => [cause.kind, cause.fact?.type, cause.fact?.recordedAt])).toEqual([['CREDITED', 'ContributionCredited', instant(9)]]);
  });

  it('explains someone pushed out of a capped program by the one who overtook them', async () => {
    const facts = historyOf([
      { type: 'DealClosedWon', deal: 'd1', closedOn: 10 },
      { type: 'ContributionCredited', deal: 'd1', who: 'bob', credit: 1, poc: false },
      { type: 'ContributionCredited', deal: 'd1', who: 'cat', credit: 2, poc: true },
    ]);
    const history = [{ criteria: criteria(1, { maxWinners: 1 }), position: 'p1', occurredAt: instant(0), recordedAt: instant(0) }];
    const changes = await standingChanges(facts, program, history, at({ asOf: 60, knownAt: 9 }), at({ asOf: 60, knownAt: 60 }), { onlyQualificationChanges: true });
    const bob = changes.find((change) => change.employeeId === 'bob');
    expect(bob?.causes.map((cause) => [cause.kind, cause.otherId])).toEqual([['OVERTAKEN', 'cat']]);
    expect(isDeepStrictEqual(bob?.after?.cutoff, { rank: 1, value: 3, behind: 2 })).toBe(true);
  });
});
