import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import type { SqlClient } from '@club-ledger/kernel';
import {
  CommandRejected, CONTRIBUTION_KINDS, dealStream, decideDeal, decideEmployee, decideQuota, employeeStream, evolveDeal, evolveEmployee, evolveQuotas,
  noDeal, noEmployee, noQuotas, quotaStream, type Actor, type CommandRunner, type Criteria,
} from '@club-ledger/domain';
import { sqlEngines } from '@club-ledger/test-support';
import { foldFacts, inEffectAt, type FactMoment } from '../engine/fold-facts';
import { computeStandings, rankAssessments } from '../engine/standings';
import { factsOfLog, ledgerUnderTest, type LedgerUnderTest } from '../testing/ledger-under-test';
import { countedStandings, ownDealsOf } from './counted-standings';

const hr: Actor = { id: 'hr-1', roles: ['HR'] };
const admin: Actor = { id: 'admin', roles: ['ADMIN'] };
const PEOPLE = 4;
const DEALS = 5;
const DAY_MS = 86_400_000;
const YEAR_START = Date.UTC(2026, 0, 1);
const day = (n: number) => new Date(YEAR_START + n * DAY_MS).toISOString().slice(0, 10);
const instant = (n: number, hour: number) => new Date(YEAR_START + n * DAY_MS + hour * 3_600_000).toISOString();

/** One step of a history after its deals are opened: what someone did, on which day of the year (its business time). */
type Step =
  | { type: 'close'; deal: number; won: boolean; on: number; amount: number }
  | { type: 'reopen'; deal: number; on: number; hour: number }
  | { type: 'credit'; deal: number; contributor: number; kind: (typeof CONTRIBUTION_KINDS)[number]; on: number; hour: number }
  | { type: 'retract'; credit: number }
  | { type: 'restore'; credit: number }
  | { type: 'department'; person: number; sales: boolean }
  | { type: 'offboard'; person: number }
  | { type: 'quota'; person: number; amount: number; wholeYear: boolean };

const onDay = fc.integer({ min: 0, max: 364 });
/** Deals open in the first months and close after, so that most closes are accepted. */
const openedOnDay = fc.integer({ min: 0, max: 150 });
const closedOnDay = fc.integer({ min: 120, max: 364 });
const step: fc.Arbitrary<Step> = fc.oneof(
  { arbitrary: fc.record({ type: fc.constant('close' as const), deal: fc.nat(DEALS - 1), won: fc.boolean(), on: closedOnDay, amount: fc.integer({ min: 1, max: 9 }) }), weight: 2 },
  { arbitrary: fc.record({ type: fc.constant('reopen' as const), deal: fc.nat(DEALS - 1), on: closedOnDay, hour: fc.nat(23) }), weight: 2 },
  {
    arbitrary: fc.record({ type: fc.constant('credit' as const), deal: fc.nat(DEALS - 1), contributor: fc.nat(PEOPLE - 1), kind: fc.constantFrom(...CONTRIBUTION_KINDS), on: onDay, hour: fc.nat(23) }),
    weight: 5,
  },
  { arbitrary: fc.record({ type: fc.constant('retract' as const), credit: fc.nat(9) }), weight: 2 },
  { arbitrary: fc.record({ type: fc.constant('restore' as const), credit: fc.nat(9) }), weight: 2 },
  { arbitrary: fc.record({ type: fc.constant('department' as const), person: fc.nat(PEOPLE - 1), sales: fc.boolean() }), weight: 1 },
  { arbitrary: fc.record({ type: fc.constant('offboard' as const), person: fc.nat(PEOPLE - 1) }), weight: 1 },
  { arbitrary: fc.record({ type: fc.constant('quota' as const), person: fc.nat(PEOPLE - 1), amount: fc.integer({ min: 1, max: 30 }), wholeYear: fc.boolean() }), weight: 1 },
);

/** Each deal's owner, the day it was opened, and how it first closed (won, most often) and when. */
const opened = fc.array(fc.record({ owner: fc.nat(PEOPLE - 1), on: openedOnDay, won: fc.nat(3).map((n) => n > 0), closedOn: fc.integer({ min: 150, max: 364 }) }), { minLength: DEALS, maxLength: DEALS });

/** Criteria over every metric, ranked by points and capped, so that ranks, cutoffs and each counting rule are exercised. */
const criteria = fc.record({
  excludeFlaggedDeals: fc.boolean(),
  requireActive: fc.boolean(),
  maxWinners: fc.option(fc.integer({ min: 1, max: 3 })),
  rankBy: fc.constantFrom('POINTS' as const, 'CREDITS' as const, 'WON_AMOUNT' as const, 'QUOTA_ATTAINMENT' as const),
  threshold: fc.constantFrom('CREDITS' as const, 'CREDITED_DEALS' as const, 'DISTINCT_CREDITORS' as const, 'INFLUENCED_AMOUNT' as const, 'WON_AMOUNT' as const, 'QUOTA_ATTAINMENT' as const),
  atLeast: fc.integer({ min: 0, max: 2 }),
}).map(({ excludeFlaggedDeals, requireActive, maxWinners, rankBy, threshold, atLeast }): Criteria => ({
  version: 1, reason: null, revisedAt: '2026-01-01T00:00:00.000Z', thresholds: [{ metric: threshold, atLeast, kind: null }], rankBy, maxWinners,
  kindPoints: [{ kind: 'POC_SUPPORT', points: 3 }], dealTypeMultipliers: [{ type: 'NEW_BUSINESS', multiplier: 1.5 }], productMultipliers: [],
  excludeFlaggedDeals, requireActive,
}));

/** A moment: `knownAt` the instant one step was recorded (or now), `asOf` an hour of a day of the year. */
const moment = fc.record({ known: fc.nat(), day: fc.integer({ min: -1, max: 366 }), hour: fc.nat(23) });

describe.each(sqlEngines('the ledger at a moment'))('the read models at any asOf and knownAt on $name', ({ name, open }) => {
  jest.setTimeout(300_000);
  let ledger: LedgerUnderTest;
  let sql: SqlClient;
  let runner: CommandRunner;

  beforeAll(async () => {
    ledger = await ledgerUnderTest(await open());
    ({ sql, runner } = ledger);
    process.stdout.write(`the ledger at a moment: running against ${name}\n`);
  });
  afterAll(async () => ledger.close());

  /**
   * Records a history under ids of its own (its people in departments of its own, so that a program's audience is
   * this history's people only): its people registered and its deals opened and closed as `opened` says, then each
   * step through the domain's deciders, a step they refuse skipped. How many steps recorded something.
   */
  async function record(opened: readonly { owner: number; on: number; won: boolean; closedOn: number }[], steps: readonly Step[], run: string) {
    const person = (n: number) => `${run}-p${n}`;
    const dealId = (n: number) => `${run}-d${n}`;
    const credits: { id: string; deal: string }[] = [];
    const context = (actor: Actor, occurredAt?: string) => ({ actor, correlationId: randomUUID(), ...(occurredAt && { occurredAt }) });
    const people = { decide: decideEmployee, evolve: evolveEmployee, initial: noEmployee };
    const deals = { decide: decideDeal, evolve: evolveDeal, initial: noDeal };
    const quotas = { decide: decideQuota, evolve: evolveQuotas, initial: noQuotas };
    const owners = new Map<string, string>();
    let last: bigint | undefined;
    const done = (position: bigint | undefined) => (last = position ?? last);
    for (let n = 0; n < PEOPLE; n += 1) {
      const id = person(n);
      const details = { name: id, email: `${id}@example.com`, department: `${run}-${n % 2 === 0 ? 'sales' : 'product'}` };
      done((await runner.run(employeeStream(id), people, { type: 'RegisterEmployee', actor: hr, id, details, facts: { emailTaken: false, managerExists: true } }, context(hr))).position);
    }
    for (const [n, { owner, on, won, closedOn }] of opened.entries()) {
      const id = dealId(n);
      const actor: Actor = { id: person(owner), roles: [] };
      done((await runner.run(dealStream(id), deals, {
        type: 'OpenDeal', actor, dealId: id, name: id, account: 'A', ownerId: actor.id, dealType: n % 2 === 0 ? 'NEW_BUSINESS' : 'RENEWAL',
        amount: '1000.00', products: [], openedOn: day(on), owner: { registered: true, active: true },
      }, context(actor))).position);
      done((await runner.run(dealStream(id), deals, { type: 'CloseDeal', actor, dealId: id, outcome: won ? 'WON' : 'LOST', closedOn: day(closedOn) }, context(actor, instant(closedOn, 12)))).position);
      owners.set(id, actor.id);
    }
    const applied: Partial<Record<Step['type'], number>> = {};
    for (const s of steps) {
      const attempt = async () => {
        switch (s.type) {
          case 'close': {
            const id = dealId(s.deal);
            const owner: Actor = { id: owners.get(id) ?? person(0), roles: [] };
            return runner.run(dealStream(id), deals, { type: 'CloseDeal', actor: owner, dealId: id, outcome: s.won ? 'WON' : 'LOST', closedOn: day(s.on), ...(s.won && { amount: `${s.amount}000.00` }) }, context(owner, instant(s.on, 12)));
          }
          case 'reopen': {
            // Mostly after the deal first closed: a moment between the two then counts the deal won.
            const on = s.hour % 4 === 0 ? s.on : Math.max(s.on, opened[s.deal].closedOn + 1);
            return runner.run(dealStream(dealId(s.deal)), deals, { type: 'ReopenDeal', actor: admin, dealId: dealId(s.deal), reason: 'clawback' }, context(admin, instant(on, s.hour)));
          }
          case 'credit': {
            const id = dealId(s.deal);
            const owner: Actor = { id: owners.get(id) ?? person(0), roles: [] };
            const creditId = `${run}-c${credits.length}`;
            const decision = await runner.run(dealStream(id), deals, {
              type: 'CreditContribution', actor: owner, dealId: id, creditId, contributorId: person(s.contributor), kind: s.kind, note: 'Helped',
              contributor: { registered: true, active: true },
            }, context(owner, instant(s.on, s.hour)));
            credits.push({ id: creditId, deal: id });
            return decision;
          }
          case 'retract':
          case 'restore': {
            const credit = credits[s.credit % Math.max(1, credits.length)];
            if (!credit) return undefined;
            const command = s.type === 'retract'
              ? { type: 'RetractCredit' as const, actor: admin, dealId: credit.deal, creditId: credit.id, reason: 'Not this one' }
              : { type: 'RestoreCredit' as const, actor: admin, dealId: credit.deal, creditId: credit.id, disputeId: randomUUID() };
            return runner.run(dealStream(credit.deal), deals, command, context(admin));
          }
          case 'department':
            return runner.run(employeeStream(person(s.person)), people, {
              type: 'ChangeEmployee', actor: hr, id: person(s.person), changes: { department: `${run}-${s.sales ? 'sales' : 'product'}` }, facts: { emailTaken: false, managerExists: true },
            }, context(hr));
          case 'offboard':
            return runner.run(employeeStream(person(s.person)), people, { type: 'OffboardEmployee', actor: hr, id: person(s.person), reason: 'Left' }, context(hr));
          case 'quota':
            return runner.run(quotaStream(person(s.person)), quotas, {
              type: 'SetQuota', actor: hr, employeeId: person(s.person), periodStart: '2026-01-01', periodEnd: s.wholeYear ? '2026-12-31' : '2026-03-31',
              amount: `${s.amount}000.00`, employeeRegistered: true,
            }, context(hr));
        }
      };
      try {
        const decision = await attempt();
        if (decision && decision.events.length > 0) applied[s.type] = (applied[s.type] ?? 0) + 1;
        done(decision?.position);
      } catch (error) {
        if (!(error instanceof CommandRejected)) throw error;
      }
    }
    expect(await ledger.projector.waitUntilPassed(last as bigint, 60_000)).toBe(true);
    return { applied };
  }

  /** The yardstick: the log replayed to `knownAt` and folded to `asOf` in memory. */
  async function replayed(at: FactMoment, program: { periodStart: string; periodEnd: string; audienceDepartments: readonly string[] }, rules: Criteria) {
    return computeStandings(await foldFacts([await factsOfLog(ledger.store)], program, inEffectAt(at)), rules);
  }

  it('counts in SQL what a fold of the log finds, for random histories, criteria and moments', async () => {
    const seen = { applied: {} as Record<string, number>, counted: 0, differsFromNow: 0 };
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(opened, fc.array(step, { minLength: 10, maxLength: 40 }), criteria, fc.array(moment, { minLength: 3, maxLength: 3 }), fc.boolean(), async (deals, steps, rules, moments, everyone) => {
        const run = `r${(runs += 1)}-${randomUUID().slice(0, 8)}`;
        const { applied } = await record(deals, steps, run);
        for (const [type, count] of Object.entries(applied)) seen.applied[type] = (seen.applied[type] ?? 0) + count;
        const recordedAt = (await sql.query<{ at: Date }>(`SELECT recorded_at AS at FROM eligibility_facts ORDER BY position`)).map((row) => row.at);
        const program = { periodStart: '2026-01-01', periodEnd: '2026-12-31', audienceDepartments: everyone ? [`${run}-sales`, `${run}-product`] : [`${run}-sales`] };
        const ranked = (assessments: Parameters<typeof rankAssessments>[0]) => rankAssessments(assessments, rules.maxWinners).sort((a, b) => a.employeeId.localeCompare(b.employeeId));
        const ours = (standing: { employeeId: string }) => standing.employeeId.startsWith(`${run}-`);
        const now = { asOf: new Date(), knownAt: new Date() };
        const nowStandings = (await replayed(now, program, rules)).filter(ours);
        const knownAt = (known: number) => (known % (recordedAt.length + 1) === recordedAt.length ? new Date() : recordedAt[known % (recordedAt.length + 1)]);
        // Besides the random moments, each business time the history names (a close from its day, a reopening from
        // when it happened), and the instant before it, where the answers turn.
        const turns = (await sql.query<{ at: Date }>(
          `SELECT CASE WHEN status = 'OPEN' THEN occurred_at ELSE closed_on::timestamp AT TIME ZONE 'UTC' END AS at FROM deal_changes WHERE deal_id LIKE $1`,
          [`${run}-%`],
        )).flatMap((row, n) => [0, -1].map((offset) => ({ asOf: new Date(row.at.getTime() + offset), knownAt: knownAt(moments[n % moments.length].known) })));
        for (const at of [...moments.map(({ known, day: asOfDay, hour }) => ({ asOf: new Date(instant(asOfDay, hour)), knownAt: knownAt(known) })), ...turns]) {
          const expected = (await replayed(at, program, rules)).filter(ours).sort((a, b) => a.employeeId.localeCompare(b.employeeId));
          const counted = ranked(await countedStandings(sql, program, rules, true, { moment: at, perStatement: 3 }));
          expect(counted).toEqual(expected.map(({ own: _own, ...standing }) => standing));
          expect(ranked(await countedStandings(sql, program, rules, false, { moment: at }))).toEqual(expected.map(({ own: _own, ...standing }) => ({ ...standing, evidence: [] })));
          const own = await ownDealsOf(sql, program, rules, expected.map((standing) => standing.employeeId), at);
          expect(expected.map((standing) => own.get(standing.employeeId))).toEqual(expected.map((standing) => standing.own));
          seen.counted += expected.filter((standing) => standing.metrics.some((metric) => metric.value > 0)).length;
          if (JSON.stringify(expected.map((standing) => standing.metrics)) !== JSON.stringify(nowStandings.map((standing) => standing.metrics))) seen.differsFromNow += 1;
        }
      }),
      // A failure ends the run: shrinking would record a history anew at every step.
      { numRuns: 16, endOnFailure: true },
    );
    // Not vacuous: the histories recorded the steps that move a standing back and forth (a close or a restoration
    // is rarer: it needs a reopening or a retraction first), standings counted something, and past moments answered
    // otherwise than now.
    process.stdout.write(`${JSON.stringify(seen)}\n`);
    expect(Object.keys(seen.applied)).toEqual(expect.arrayContaining(['credit', 'department', 'offboard', 'quota', 'reopen', 'retract']));
    expect(seen.counted).toBeGreaterThan(0);
    expect(seen.differsFromNow).toBeGreaterThan(0);
  });
});
