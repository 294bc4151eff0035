import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { SqlClient } from '@club-ledger/kernel';
import {
  dealStream,
  decideDeal,
  decideEmployee,
  employeeStream,
  evolveDeal,
  evolveEmployee,
  noDeal,
  noEmployee,
  type Actor,
  type Criteria,
} from '@club-ledger/domain';
import { sqlEngines } from '@club-ledger/test-support';
import { factsKnownAt } from '../queries/facts-at';
import { factsOfLog, ledgerUnderTest, type LedgerUnderTest } from '../testing/ledger-under-test';
import { foldFacts, inEffectAt, type Fact } from './fold-facts';
import { computeStandings } from './standings';

const hr: Actor = { id: 'hr-1', roles: ['HR'] };
const rep: Actor = { id: 'rep-1', roles: [] };
const admin: Actor = { id: 'admin', roles: ['ADMIN'] };
const program = { periodStart: '2026-01-01', periodEnd: '2026-12-31', audienceDepartments: [] };
const criteria: Criteria = {
  version: 1, reason: null, revisedAt: '2026-01-01T00:00:00.000Z', thresholds: [{ metric: 'CREDITS', atLeast: 1, kind: null }],
  rankBy: 'CREDITS', maxWinners: null, kindPoints: [], dealTypeMultipliers: [], productMultipliers: [], excludeFlaggedDeals: false, requireActive: true,
};

describe.each(sqlEngines('time travel'))('asOf and knownAt on $name', ({ name, open }) => {
  jest.setTimeout(60_000);
  let ledger: LedgerUnderTest;
  let sql: SqlClient;
  const moments: Record<string, Date> = {};

  beforeAll(async () => {
    ledger = await ledgerUnderTest(await open());
    const { runner } = ledger;
    sql = ledger.sql;
    process.stdout.write(`time travel: running against ${name}\n`);

    const people = { decide: decideEmployee, evolve: evolveEmployee, initial: noEmployee };
    const deals = { decide: decideDeal, evolve: evolveDeal, initial: noDeal };
    const context = (actor: Actor, occurredAt?: string) => ({ actor, correlationId: randomUUID(), ...(occurredAt && { occurredAt }) });
    for (const id of ['rep-1', 'pm-1', 'se-1']) {
      await runner.run(employeeStream(id), people, { type: 'RegisterEmployee', actor: hr, id, details: { name: id, email: `${id}@example.com`, department: 'Sales' }, facts: { emailTaken: false, managerExists: true } }, context(hr));
    }
    const wonWithCredit = async (dealId: string, closedOn: string, contributorId: string) => {
      await runner.run(dealStream(dealId), deals, { type: 'OpenDeal', actor: rep, dealId, name: dealId, account: 'A', ownerId: 'rep-1', dealType: 'RENEWAL', amount: '1000', products: [], openedOn: '2026-01-02', owner: { registered: true, active: true } }, context(rep));
      await runner.run(dealStream(dealId), deals, { type: 'CloseDeal', actor: rep, dealId, outcome: 'WON', closedOn }, context(rep, `${closedOn}T00:00:00.000Z`));
      await runner.run(dealStream(dealId), deals, { type: 'CreditContribution', actor: rep, dealId, creditId: randomUUID(), contributorId, kind: 'DEAL_ASSIST', note: 'Helped', contributor: { registered: true, active: true } }, context(rep));
    };
    await wonWithCredit('d-1', '2026-03-31', 'pm-1');
    await sleep(5);
    moments.afterFirstDeal = new Date();
    await sleep(5);
    await wonWithCredit('d-2', '2026-06-30', 'se-1');
    const reopened = await runner.run(dealStream('d-1'), deals, { type: 'ReopenDeal', actor: admin, dealId: 'd-1', reason: 'clawback' }, context(admin, '2026-07-15T00:00:00.000Z'));
    await sleep(5);
    moments.now = new Date();
    expect(await ledger.projector.waitUntilPassed(reopened.position as bigint, 30_000)).toBe(true);
  });
  afterAll(async () => ledger.close());

  /** The facts a replay of the event log up to `knownAt` gives: the yardstick for the read side. */
  const replay = (knownAt: Date): Promise<Fact[]> => factsOfLog(ledger.store, knownAt);

  it.each([
    ['2026-04-30', 'afterFirstDeal'],
    ['2026-04-30', 'now'],
    ['2026-07-01', 'now'],
    ['2026-12-31', 'afterFirstDeal'],
    ['2026-12-31', 'now'],
  ])('answers as of %s, as known %s, exactly as a replay of the log would', async (asOfDay, known) => {
    const asOf = new Date(`${asOfDay}T23:59:59.999Z`);
    const fromReadModel = await foldFacts(factsKnownAt(sql, moments[known]), program, inEffectAt({ asOf, knownAt: moments[known] }));
    expect(fromReadModel).toEqual(await foldFacts([await replay(moments[known])], program, inEffectAt({ asOf, knownAt: moments[known] })));
  });

  it('reads the facts a page at a time to the same answer', async () => {
    const asOf = new Date('2026-12-31T23:59:59.999Z');
    const replayed = await replay(moments.now);
    expect(replayed.length).toBeGreaterThan(6);
    // Pages of two, and of as many as there are facts: a page boundary must neither skip nor repeat a fact.
    for (const perStatement of [2, replayed.length]) {
      const pages: Fact[][] = [];
      for await (const page of factsKnownAt(sql, moments.now, perStatement)) pages.push(page);
      expect(pages.flat()).toEqual(replayed);
      expect(pages[0]).toHaveLength(perStatement);
    }
    expect(await foldFacts(factsKnownAt(sql, moments.now, 2), program, inEffectAt({ asOf, knownAt: moments.now }))).toEqual(await foldFacts([replayed], program, inEffectAt({ asOf, knownAt: moments.now })));
  });

  const creditsOf = async (asOfDay: string, known: string) => {
    const facts = await foldFacts(factsKnownAt(sql, moments[known]), program, inEffectAt({ asOf: new Date(`${asOfDay}T23:59:59.999Z`), knownAt: moments[known] }));
    return Object.fromEntries(computeStandings(facts, criteria).map((standing) => [standing.employeeId, standing.metrics[0].value]));
  };

  it('counts a deal closed by asOf, and stops counting it once it is reopened', async () => {
    expect(await creditsOf('2026-04-30', 'now')).toMatchObject({ 'pm-1': 1, 'se-1': 0 });
    expect(await creditsOf('2026-07-01', 'now')).toMatchObject({ 'pm-1': 1, 'se-1': 1 });
    expect(await creditsOf('2026-12-31', 'now')).toMatchObject({ 'pm-1': 0, 'se-1': 1 });
  });

  it('answers what the ledger said on a past day: later records do not count', async () => {
    expect(await creditsOf('2026-12-31', 'afterFirstDeal')).toMatchObject({ 'pm-1': 1, 'se-1': 0 });
  });
});
