import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import type { SqlClient } from '@club-ledger/kernel';
import { SqlEventStore, type EventStore } from '@club-ledger/event-store';
import {
  CommandRunner, dealStream, decideDeal, decideEmployee, decideProgram, decideQuota, domainEvents, employeeStream, evolveDeal, evolveEmployee,
  evolveProgram, evolveQuotas, noDeal, noEmployee, noProgram, noQuotas, programStream, quotaStream, type Actor, type Criteria, type CriteriaRules,
} from '@club-ledger/domain';
import { sqlEngines } from '@club-ledger/test-support';
import { generateOrg, recordOrg } from '@club-ledger/test-support/record-org';
import { foldFacts, inEffectAt } from '../engine/fold-facts';
import { factsOfLog } from '../testing/ledger-under-test';
import { computeStandings, rankAssessments, type Assessment } from '../engine/standings';
import { nearMisses } from '../engine/cutoff';
import { Projector } from '../projector';
import { countedStandings, ownDealsOf } from '../queries/counted-standings';
import { judgeKeptStandings, readCurrentStandings } from '../queries/current-standings';
import { migrateReadModels } from '../read-model';
import { readModelProjections, type StandingsChanged } from '.';

const hr: Actor = { id: 'hr-1', roles: ['HR'] };
const org = generateOrg(7, { employees: 30, deals: 60 });
const rules = (overrides: Partial<CriteriaRules>): CriteriaRules => ({
  thresholds: [{ metric: 'CREDITS', atLeast: 1, kind: null }], rankBy: 'POINTS', maxWinners: null, kindPoints: [],
  dealTypeMultipliers: [], productMultipliers: [], excludeFlaggedDeals: false, requireActive: true, ...overrides,
});
const programs = [
  { programId: 'presidents-club', audienceDepartments: ['Sales'], criteria: rules({ thresholds: [{ metric: 'QUOTA_ATTAINMENT', atLeast: 0.5, kind: null }], rankBy: 'QUOTA_ATTAINMENT', maxWinners: 3 }) },
  {
    programId: 'cross-functional', audienceDepartments: ['Product Management', 'Product Marketing', 'Sales Engineering'],
    criteria: rules({
      thresholds: [{ metric: 'CREDITS', atLeast: 2, kind: null }, { metric: 'INFLUENCED_AMOUNT', atLeast: 150_000, kind: null }, { metric: 'DISTINCT_CREDITORS', atLeast: 2, kind: null }],
      kindPoints: [{ kind: 'POC_SUPPORT', points: 3 }, { kind: 'ROADMAP_BRIEFING', points: 2 }],
      dealTypeMultipliers: [{ type: 'NEW_BUSINESS', multiplier: 1.5 }], productMultipliers: [{ product: 'Security', multiplier: 2 }], maxWinners: 5,
    }),
  },
  {
    // Everyone; flagged deals and late credits left out; a threshold on one kind; fractional multipliers.
    programId: 'unflagged', audienceDepartments: [],
    criteria: rules({
      thresholds: [{ metric: 'CREDITS', atLeast: 1, kind: 'POC_SUPPORT' }, { metric: 'POINTS', atLeast: 2, kind: null }],
      kindPoints: [{ kind: 'POC_SUPPORT', points: 1.1 }, { kind: 'ESCALATION', points: 0.7 }], excludeFlaggedDeals: true,
      dealTypeMultipliers: [{ type: 'EXPANSION', multiplier: 1.3 }], productMultipliers: [{ product: 'Security', multiplier: 1.25 }, { product: 'Analytics', multiplier: 1.1 }],
    }),
  },
];

describe.each(sqlEngines('standings read model'))('the standings read model on $name', ({ name, open }) => {
  jest.setTimeout(120_000);
  let sql: SqlClient;
  let store: EventStore;
  let projector: Projector;
  let runner: CommandRunner;
  const changes: StandingsChanged[] = [];
  const context = () => ({ actor: hr, correlationId: randomUUID() });

  beforeAll(async () => {
    sql = await open();
    store = await SqlEventStore.open(sql);
    await migrateReadModels(sql);
    projector = new Projector({ store, sql, catalog: domainEvents, projections: readModelProjections({ onStandingsChanged: (batch) => changes.push(...batch) }) });
    projector.start();
    runner = new CommandRunner(store, domainEvents);
    process.stdout.write(`standings read model: running against ${name}\n`);
    for (const program of programs) {
      await runner.run(programStream(program.programId), { decide: decideProgram, evolve: evolveProgram, initial: noProgram }, {
        type: 'DraftAwardProgram', actor: hr, ...program, name: program.programId, description: null, periodStart: '2026-01-01', periodEnd: '2026-12-31',
      }, context());
    }
    await settle(await recordOrg(runner, org));
  });
  afterAll(async () => {
    await projector.stop();
    await store.close();
    await sql.close();
  });

  const settle = async (position: bigint | undefined) => expect(await projector.waitUntilPassed(position as bigint, 60_000)).toBe(true);

  /** The yardstick: every standing computed from a replay of the whole log, under the criteria in force or `proposed`. */
  async function replayed(programId: string, proposed?: Criteria) {
    return (await replayedWithOwnDeals(programId, proposed)).map(({ own: _own, ...standing }) => standing);
  }
  async function replayedWithOwnDeals(programId: string, proposed?: Criteria) {
    const facts = await factsOfLog(store);
    const [program] = await sql.query<{ audience_departments: string[]; version: number; rules: CriteriaRules }>(
      `SELECT audience_departments, c.version, c.rules FROM award_programs p JOIN program_criteria c ON c.program_id = p.id AND c.version = p.criteria_version WHERE p.id = $1`,
      [programId],
    );
    const folded = await foldFacts([facts], { periodStart: '2026-01-01', periodEnd: '2026-12-31', audienceDepartments: program.audience_departments }, inEffectAt({ asOf: new Date(), knownAt: new Date() }));
    const criteria = proposed ?? { ...program.rules, version: program.version, reason: null, revisedAt: '' };
    return computeStandings(folded, criteria).sort((a, b) => a.employeeId.localeCompare(b.employeeId));
  }
  // The eligible's order kept narrow for the rank refresh holds exactly the eligible standings and their places.
  const places = (programId: string, table: 'standing_ranks' | 'standings') =>
    sql.query(
      `SELECT employee_id, score, tie_break, rank, qualifies FROM ${table} WHERE program_id = $1 ${table === 'standings' ? 'AND eligible' : ''} ORDER BY employee_id`,
      [programId],
    );
  // Each kept standing names its employee's entry in the directory; a replay judges the standing alone.
  const kept = async (programId: string) => {
    expect(await places(programId, 'standing_ranks')).toEqual(await places(programId, 'standings'));
    return (await readCurrentStandings(sql, programId)).standings
      .map(({ employee, ...standing }) => {
        expect(employee).toEqual(expect.objectContaining({ id: standing.employeeId, active: expect.any(Boolean), name: expect.any(String) }));
        return standing;
      })
      .sort((a, b) => a.employeeId.localeCompare(b.employeeId));
  };
  const computedAt = async (programId: string) =>
    Object.fromEntries((await sql.query<{ employee_id: string; computed_at: string }>(`SELECT employee_id, computed_at::text AS computed_at FROM standings WHERE program_id = $1`, [programId])).map((row) => [row.employee_id, row.computed_at]));

  it.each(programs.map((program) => program.programId))('keeps %s exactly as a replay of the whole log ranks it', async (programId) => {
    const expected = await replayed(programId);
    expect(expected.some((standing) => standing.qualifies)).toBe(true);
    expect(expected.some((standing) => !standing.qualifies)).toBe(true);
    expect(await kept(programId)).toEqual(expected);
  });

  it.each(programs.map((program) => program.programId))('reads the near misses of %s as the engine finds them in a replay, in the same order', async (programId) => {
    const replay = await replayed(programId);
    for (const within of [0.1, 0.5, 1]) {
      const kept = (await readCurrentStandings(sql, programId, { nearMissWithin: within })).standings.map((standing) => standing.employeeId);
      expect(kept).toEqual(nearMisses(replay, within).map((standing) => standing.employeeId));
      // Read without their metrics and thresholds (a list that does not show them), the same people in the same order.
      const bare = (await readCurrentStandings(sql, programId, { nearMissWithin: within, withDetail: false, withEvidence: false })).standings;
      expect(bare.map((standing) => standing.employeeId)).toEqual(kept);
      expect(bare.every((standing) => standing.metrics.length === 0 && standing.thresholds.length === 0 && standing.evidence === null)).toBe(true);
    }
    expect(nearMisses(replay, 1).length).toBeGreaterThan(0);
  });

  it.each(programs.map((program) => program.programId))("finds each seller's won deals and quota in %s as a replay does", async (programId) => {
    const program = programs.find((candidate) => candidate.programId === programId) as (typeof programs)[number];
    const expected = await replayedWithOwnDeals(programId);
    const window = { periodStart: '2026-01-01', periodEnd: '2026-12-31', audienceDepartments: program.audienceDepartments };
    const own = await ownDealsOf(sql, window, program.criteria, expected.map((standing) => standing.employeeId));
    expect(expected.map((standing) => [standing.employeeId, own.get(standing.employeeId)])).toEqual(expected.map((standing) => [standing.employeeId, standing.own]));
  });

  it('judges proposed weights on the kept metrics as a replay weighs the credits, flagged deals and late credits included', async () => {
    // A deal opened and closed the same day, and a credit given a second over 90 days after a close: flagged, which one
    // program excludes; one given 90 days after it, to the second, is not.
    const helpers = org.employees.filter((employee) => programs[1].audienceDepartments.includes(employee.department));
    const seller = org.employees.find((employee) => employee.department === 'Sales') as { id: string };
    const owner: Actor = { id: seller.id, roles: [] };
    const dealCommand = { decide: decideDeal, evolve: evolveDeal, initial: noDeal };
    const at = (occurredAt: string) => ({ actor: owner, correlationId: randomUUID(), occurredAt });
    await runner.run(dealStream('same-day'), dealCommand, {
      type: 'OpenDeal', actor: owner, dealId: 'same-day', name: 'Same day', account: 'Quick Corp', ownerId: seller.id, dealType: 'EXPANSION',
      amount: '400000.00', products: ['Security'], openedOn: '2026-05-04', owner: { registered: true, active: true },
    }, at('2026-05-04T09:00:00.000Z'));
    await runner.run(dealStream('same-day'), dealCommand, { type: 'CloseDeal', actor: owner, dealId: 'same-day', outcome: 'WON', closedOn: '2026-05-04' }, at('2026-05-04T17:00:00.000Z'));
    const early = org.deals.find((deal) => deal.outcome === 'WON' && (deal.closedOn as string) < '2026-06-01' && !deal.credits.some((credit) => [helpers[1].id, helpers[2].id].includes(credit.contributorId))) as (typeof org.deals)[number];
    const afterClose = (ms: number) => new Date(Date.parse(`${early.closedOn}T00:00:00.000Z`) + ms).toISOString();
    for (const [dealId, contributorId, occurredAt, actor] of [
      ['same-day', helpers[0].id, '2026-05-05T10:00:00.000Z', seller.id],
      [early.id, helpers[1].id, afterClose(90 * 86_400_000 + 1_000), early.ownerId],
      [early.id, helpers[2].id, afterClose(90 * 86_400_000), early.ownerId],
    ]) {
      const decision = await runner.run(dealStream(dealId), dealCommand, {
        type: 'CreditContribution', actor: { id: actor, roles: [] }, dealId, creditId: `flagged-${dealId}-${contributorId}`, contributorId, kind: 'POC_SUPPORT',
        note: 'Flagged help', contributor: { registered: true, active: true },
      }, { actor: { id: actor, roles: [] }, correlationId: randomUUID(), occurredAt });
      await settle(decision.position);
    }

    // The programs whose audience receives credits (the Sales reps of presidents-club receive none).
    for (const program of programs.slice(1)) {
      const proposed: Criteria = {
        ...program.criteria, version: 2, reason: null, revisedAt: '',
        kindPoints: [{ kind: 'POC_SUPPORT', points: 2.3 }, { kind: 'DEAL_ASSIST', points: 0.4 }, { kind: 'RFP_RESPONSE', points: 1.7 }],
        dealTypeMultipliers: [{ type: 'RENEWAL', multiplier: 0.9 }, { type: 'EXPANSION', multiplier: 1.7 }],
        productMultipliers: [{ product: 'Analytics', multiplier: 1.15 }, { product: 'Security', multiplier: 1.05 }],
      };
      const judged = await judgeKeptStandings(sql, { id: program.programId, periodStart: '2026-01-01', periodEnd: '2026-12-31', audienceDepartments: program.audienceDepartments }, proposed, true);
      expect(judged).toBeDefined();
      const standings = rankAssessments(judged ?? [], proposed.maxWinners).sort((a, b) => a.employeeId.localeCompare(b.employeeId));
      expect(standings).toEqual(await replayed(program.programId, proposed));
      // Not the kept points: the credits were weighed anew.
      const pointsOf = (standing: { metrics: { metric: string; value: number }[] }) => standing.metrics.find((metric) => metric.metric === 'POINTS')?.value;
      const keptPoints = new Map((await kept(program.programId)).map((standing) => [standing.employeeId, pointsOf(standing)]));
      expect(standings.some((standing) => pointsOf(standing) !== keptPoints.get(standing.employeeId))).toBe(true);
    }
    // The kept standings are read for a proposal they serve, and not for one that counts other deals: it is turned down first.
    const statements = jest.spyOn(sql, 'query');
    const standingsReads = () => statements.mock.calls.filter(([text]) => /s\.metrics/.test(text)).length;
    const crossFunctional = { id: 'cross-functional', periodStart: '2026-01-01', periodEnd: '2026-12-31', audienceDepartments: programs[1].audienceDepartments };
    const alike = { ...programs[1].criteria, version: 2, reason: null, revisedAt: '', maxWinners: 2 };
    const served = await judgeKeptStandings(sql, crossFunctional, alike, false);
    const readWhenServed = standingsReads();
    const turnedDown = await judgeKeptStandings(sql, crossFunctional, { ...alike, excludeFlaggedDeals: true }, false);
    const readWhenTurnedDown = standingsReads() - readWhenServed;
    statements.mockRestore();
    expect({ served: served !== undefined, readWhenServed, turnedDown, readWhenTurnedDown }).toEqual({ served: true, readWhenServed: 1, turnedDown: undefined, readWhenTurnedDown: 0 });
  });

  it('counts every metric in the database as a replay counts the facts, under proposals that count other credits and deals', async () => {
    // After the test above: its same-day deal and its credits on both sides of the 90-day edge are in the log. Here a
    // helper's second credit on one deal (its amount is influenced once), and quotas inside and outside the period.
    const helper = org.employees.find((employee) => employee.department === 'Sales Engineering') as { id: string };
    const deal = org.deals.find((won) => won.outcome === 'WON' && won.credits.some((credit) => credit.contributorId === helper.id)) as (typeof org.deals)[number];
    const given = deal.credits.find((credit) => credit.contributorId === helper.id) as (typeof deal.credits)[number];
    const again = await runner.run(dealStream(deal.id), { decide: decideDeal, evolve: evolveDeal, initial: noDeal }, {
      type: 'CreditContribution', actor: { id: deal.ownerId, roles: [] }, dealId: deal.id, creditId: `again-${deal.id}`, contributorId: helper.id,
      kind: given.kind === 'ESCALATION' ? 'RFP_RESPONSE' : 'ESCALATION', note: 'Came back for the renewal', contributor: { registered: true, active: true },
    }, { actor: { id: deal.ownerId, roles: [] }, correlationId: randomUUID() });
    await settle(again.position);
    const rep = org.quotas[0];
    for (const periodStart of ['2026-01-01', '2027-01-01']) {
      const decision = await runner.run(quotaStream(rep.employeeId), { decide: decideQuota, evolve: evolveQuotas, initial: noQuotas }, {
        type: 'SetQuota', actor: hr, employeeId: rep.employeeId, periodStart, periodEnd: periodStart.replace('-01-01', '-03-31'), amount: '50000.00', employeeRegistered: true,
      }, context());
      await settle(decision.position);
    }
    const seen = { ranked: false, unranked: false, evidenced: false };
    for (const program of programs) {
      for (const proposed of [
        { ...program.criteria, version: 2, reason: null, revisedAt: '' },
        {
          ...program.criteria, version: 2, reason: null, revisedAt: '',
          excludeFlaggedDeals: !program.criteria.excludeFlaggedDeals, rankBy: 'INFLUENCED_AMOUNT' as const, maxWinners: 4,
          thresholds: [
            { metric: 'CREDITS' as const, atLeast: 1, kind: 'DEAL_ASSIST' as const }, { metric: 'CREDITS' as const, atLeast: 0, kind: 'POC_SUPPORT' as const },
            { metric: 'CREDITED_DEALS' as const, atLeast: 2, kind: null }, { metric: 'DISTINCT_CREDITORS' as const, atLeast: 1, kind: null },
            { metric: 'WON_AMOUNT' as const, atLeast: 0, kind: null }, { metric: 'QUOTA_ATTAINMENT' as const, atLeast: 0, kind: null },
          ],
          kindPoints: [{ kind: 'POC_SUPPORT' as const, points: 2.3 }, { kind: 'DEAL_ASSIST' as const, points: 0.4 }],
          dealTypeMultipliers: [{ type: 'EXPANSION' as const, multiplier: 1.7 }], productMultipliers: [{ product: 'Analytics', multiplier: 1.15 }],
        },
      ]) {
        const period = { periodStart: '2026-01-01', periodEnd: '2026-12-31', audienceDepartments: program.audienceDepartments };
        const ranked = (assessments: Assessment[]) => rankAssessments(assessments, proposed.maxWinners).sort((a, b) => a.employeeId.localeCompare(b.employeeId));
        const expected = await replayed(program.programId, proposed);
        // With the evidence, seven people a statement, reading only their deals or every deal (as more people do);
        // without it, the whole audience in one.
        expect(ranked(await countedStandings(sql, period, proposed, true, { perStatement: 7 }))).toEqual(expected);
        expect(ranked(await countedStandings(sql, period, proposed, true, { perStatement: 7, dealsByKeyUpTo: 0 }))).toEqual(expected);
        expect(ranked(await countedStandings(sql, period, proposed, false))).toEqual(expected.map((standing) => ({ ...standing, evidence: [] })));
        seen.ranked ||= expected.some((standing) => standing.rank !== null);
        seen.unranked ||= expected.some((standing) => standing.rank === null);
        seen.evidenced ||= expected.some((standing) => standing.evidence.length > 1);
      }
    }
    // Not vacuous: someone was ranked, someone was not, and someone had evidence to order.
    expect(seen).toEqual({ ranked: true, unranked: true, evidenced: true });
    // Someone's metrics differ with the flag rule flipped: the rule is exercised, not merely written.
    const [unflagged] = programs.slice(2);
    const everyone = { periodStart: '2026-01-01', periodEnd: '2026-12-31', audienceDepartments: [] };
    const under = async (excludeFlaggedDeals: boolean) =>
      (await countedStandings(sql, everyone, { ...unflagged.criteria, excludeFlaggedDeals, version: 2, reason: null, revisedAt: '' }, true)).map((standing) => standing.metrics);
    expect(await under(true)).not.toEqual(await under(false));
  });

  it('pages standings in rank order, each page counting every standing that matches', async () => {
    const whole = await readCurrentStandings(sql, 'unflagged');
    const qualified = await readCurrentStandings(sql, 'unflagged', { onlyQualified: true });
    expect(whole.totalCount).toBe(whole.standings.length);
    expect(qualified.standings.length).toBeGreaterThan(3);
    expect(qualified.standings.length).toBeLessThan(whole.standings.length);
    for (const [filter, all] of [[{}, whole], [{ onlyQualified: true }, qualified]] as const) {
      const pages = [];
      for (let offset = 0; offset <= all.standings.length; offset += 3) {
        const page = await readCurrentStandings(sql, 'unflagged', { ...filter, offset, limit: 3 });
        expect(page.totalCount).toBe(all.standings.length);
        pages.push(...page.standings);
      }
      expect(pages).toEqual(all.standings);
    }
  });

  it('recomputes only the contributor a credit concerns, and says whose standing changed once it is committed', async () => {
    const before = { sales: await computedAt('presidents-club'), crossFunctional: await computedAt('cross-functional') };
    const deal = org.deals.find((candidate) => candidate.outcome === 'WON') as (typeof org.deals)[number];
    const contributor = org.employees.find((employee) => employee.department === 'Product Management' && !deal.credits.some((credit) => credit.contributorId === employee.id)) as (typeof org.employees)[number];
    changes.length = 0;
    const owner: Actor = { id: deal.ownerId, roles: [] };
    const credited = await runner.run(dealStream(deal.id), { decide: decideDeal, evolve: evolveDeal, initial: noDeal }, {
      type: 'CreditContribution', actor: owner, dealId: deal.id, creditId: `late-${contributor.id}`, contributorId: contributor.id, kind: 'POC_SUPPORT',
      note: 'Weekend proof of concept', contributor: { registered: true, active: true },
    }, { actor: owner, correlationId: randomUUID() });
    await settle(credited.position);

    const after = await computedAt('cross-functional');
    const recomputed = Object.keys(after).filter((id) => after[id] !== before.crossFunctional[id]);
    expect(recomputed).toEqual([contributor.id]);
    expect(await computedAt('presidents-club')).toEqual(before.sales);
    expect(changes.find((change) => change.programId === 'cross-functional')?.employeeIds).toContain(contributor.id);
    expect(changes.some((change) => change.programId === 'presidents-club')).toBe(false);
    expect(await kept('cross-functional')).toEqual(await replayed('cross-functional'));
  });

  it('follows a reopened deal, a retracted credit, a department change and an offboarding', async () => {
    const won = org.deals.filter((deal) => deal.outcome === 'WON' && deal.credits.some((credit) => !credit.retraction));
    const decisions = [
      await runner.run(dealStream(won[0].id), { decide: decideDeal, evolve: evolveDeal, initial: noDeal }, { type: 'ReopenDeal', actor: { id: 'admin', roles: ['ADMIN'] }, dealId: won[0].id, reason: 'Clawback' }, { actor: { id: 'admin', roles: ['ADMIN'] }, correlationId: randomUUID(), occurredAt: '2026-11-01T00:00:00.000Z' }),
      await runner.run(dealStream(won[1].id), { decide: decideDeal, evolve: evolveDeal, initial: noDeal }, { type: 'RetractCredit', actor: hr, dealId: won[1].id, creditId: (won[1].credits.find((credit) => !credit.retraction) as { creditId: string }).creditId, reason: 'Not involved' }, context()),
      await runner.run(employeeStream(won[2].credits[0].contributorId), { decide: decideEmployee, evolve: evolveEmployee, initial: noEmployee }, { type: 'ChangeEmployee', actor: hr, id: won[2].credits[0].contributorId, changes: { department: 'Customer Success' }, facts: { emailTaken: false, managerExists: true } }, { ...context(), occurredAt: '2026-11-02T00:00:00.000Z' }),
      await runner.run(employeeStream(won[3].ownerId), { decide: decideEmployee, evolve: evolveEmployee, initial: noEmployee }, { type: 'OffboardEmployee', actor: hr, id: won[3].ownerId, reason: 'Left' }, { ...context(), occurredAt: '2026-11-03T00:00:00.000Z' }),
    ];
    await settle(decisions[decisions.length - 1].position);
    for (const program of programs) expect(await kept(program.programId)).toEqual(await replayed(program.programId));
  });

  it('keeps every rank as a replay does while batches of their own move people up, down, into and out of eligibility', async () => {
    const helpers = org.employees.filter((employee) => programs[1].audienceDepartments.includes(employee.department));
    const won = org.deals.filter((deal) => deal.outcome === 'WON');
    const deal = (n: number) => ({ decide: decideDeal, evolve: evolveDeal, initial: noDeal, stream: dealStream(won[n % won.length].id), owner: won[n % won.length].ownerId });
    for (let n = 0; n < 24; n++) {
      const target = deal(n);
      const owner: Actor = { id: target.owner, roles: [] };
      const retractable = won[n % won.length].credits.find((credit) => !credit.retraction);
      const step = n % 3 === 2 && retractable
        ? { type: 'RetractCredit' as const, actor: hr, dealId: won[n % won.length].id, creditId: retractable.creditId, reason: 'Not involved' }
        : {
            type: 'CreditContribution' as const, actor: owner, dealId: won[n % won.length].id, creditId: `move-${n}`,
            contributorId: helpers[(n * 7) % helpers.length].id, kind: n % 2 ? ('POC_SUPPORT' as const) : ('ROADMAP_BRIEFING' as const),
            note: 'Moves the ranking', contributor: { registered: true, active: true },
          };
      try {
        const decision = await runner.run(target.stream, target, step, { actor: step.actor, correlationId: randomUUID() });
        if (decision.position !== undefined) await settle(decision.position);
      } catch {
        // A credit the rules refuse (already credited in that kind, a retracted credit) moves nothing: the next one will.
      }
      for (const program of programs) expect(await kept(program.programId)).toEqual(await replayed(program.programId));
    }
  });

  it('recomputes the whole program, and only that program, when its criteria are revised', async () => {
    const untouched = await computedAt('presidents-club');
    const revised = await runner.run(programStream('cross-functional'), { decide: decideProgram, evolve: evolveProgram, initial: noProgram }, {
      type: 'ReviseCriteria', actor: hr, programId: 'cross-functional', reason: 'Count briefings double',
      criteria: { ...programs[1].criteria, thresholds: [{ metric: 'CREDITS', atLeast: 1, kind: null }], maxWinners: 2 },
    }, context());
    await settle(revised.position);
    const after = await computedAt('cross-functional');
    expect(new Set(Object.values(after))).toEqual(new Set([(revised.position as bigint).toString()]));
    expect(await computedAt('presidents-club')).toEqual(untouched);
    const standings = await kept('cross-functional');
    expect(standings.every((standing) => standing.criteriaVersion === 2)).toBe(true);
    expect(standings.filter((standing) => standing.qualifies)).toHaveLength(2);
    expect(standings).toEqual(await replayed('cross-functional'));
  });

  it('recomputes a revision that counts other credits as a replay judges it, evidence and all', async () => {
    // Flagged deals left out from now on: the same-day deal and the late credit recorded above stop counting.
    const before = new Map((await kept('cross-functional')).map((standing) => [standing.employeeId, standing.evidence]));
    const revised = await runner.run(programStream('cross-functional'), { decide: decideProgram, evolve: evolveProgram, initial: noProgram }, {
      type: 'ReviseCriteria', actor: hr, programId: 'cross-functional', reason: 'Flagged help no longer counts',
      criteria: { ...programs[1].criteria, excludeFlaggedDeals: true, thresholds: [{ metric: 'CREDITS', atLeast: 1, kind: 'POC_SUPPORT' }], maxWinners: 3 },
    }, context());
    await settle(revised.position);
    const standings = await kept('cross-functional');
    expect(standings).toEqual(await replayed('cross-functional'));
    expect(standings.some((standing) => !isDeepStrictEqual(standing.evidence, before.get(standing.employeeId)))).toBe(true);
  });

  it('judges a revision that weighs credits alike on the kept metrics, and recomputes who its batch credited', async () => {
    // Both events in one batch: the projector is stopped while they are recorded.
    await projector.stop();
    const helper = org.employees.find((employee) => programs[1].audienceDepartments.includes(employee.department)) as { id: string };
    // The last won deal: earlier tests reopened the first.
    const deal = org.deals.filter((candidate) => candidate.outcome === 'WON' && !candidate.credits.some((credit) => credit.contributorId === helper.id)).at(-1) as (typeof org.deals)[number];
    await runner.run(programStream('cross-functional'), { decide: decideProgram, evolve: evolveProgram, initial: noProgram }, {
      type: 'ReviseCriteria', actor: hr, programId: 'cross-functional', reason: 'Two creditors suffice',
      criteria: { ...programs[1].criteria, thresholds: [{ metric: 'DISTINCT_CREDITORS', atLeast: 2, kind: null }], rankBy: 'INFLUENCED_AMOUNT', maxWinners: 3 },
    }, context());
    const owner: Actor = { id: deal.ownerId, roles: [] };
    const credited = await runner.run(dealStream(deal.id), { decide: decideDeal, evolve: evolveDeal, initial: noDeal }, {
      type: 'CreditContribution', actor: owner, dealId: deal.id, creditId: 'with-the-revision',
      contributorId: helper.id, kind: 'RFP_RESPONSE', note: 'Wrote the security answers', contributor: { registered: true, active: true },
    }, { actor: owner, correlationId: randomUUID() });
    projector = new Projector({ store, sql, catalog: domainEvents, projections: readModelProjections() });
    projector.start();
    await settle(credited.position);
    const standings = await kept('cross-functional');
    expect(standings.find((standing) => standing.employeeId === helper.id)?.evidence).toContain('with-the-revision');
    expect(standings).toEqual(await replayed('cross-functional'));

    await runner.run(programStream('cross-functional'), { decide: decideProgram, evolve: evolveProgram, initial: noProgram }, {
      type: 'ReviseCriteria', actor: hr, programId: 'cross-functional', reason: 'Reward POCs more',
      criteria: { ...programs[1].criteria, kindPoints: [{ kind: 'POC_SUPPORT', points: 5 }] },
    }, context()).then((revised) => settle(revised.position));
    expect(await kept('cross-functional')).toEqual(await replayed('cross-functional'));

    // The kind it counted for its old threshold is no metric of the new criteria.
    await runner.run(programStream('unflagged'), { decide: decideProgram, evolve: evolveProgram, initial: noProgram }, {
      type: 'ReviseCriteria', actor: hr, programId: 'unflagged', reason: 'Any kind of help',
      criteria: { ...programs[2].criteria, thresholds: [{ metric: 'POINTS', atLeast: 1, kind: null }] },
    }, context()).then((revised) => settle(revised.position));
    const unflagged = await kept('unflagged');
    expect(unflagged.every((standing) => standing.metrics.every((metric) => metric.kind === null))).toBe(true);
    expect(unflagged).toEqual(await replayed('unflagged'));
  });
});
