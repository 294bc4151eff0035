import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { SqlClient } from '@club-ledger/kernel';
import { SqlEventStore, type EventStore } from '@club-ledger/event-store';
import {
  CommandRejected, CommandRunner, dealStream, decideDeal, decideProgram, domainEvents, evolveDeal, evolveProgram, noDeal, noProgram, programStream,
  type Actor, type CriteriaRules,
} from '@club-ledger/domain';
import { sqlEngines } from '@club-ledger/test-support';
import { generateOrg, recordOrg } from '@club-ledger/test-support/record-org';
import { readModelProjections } from '../projections';
import { migrateReadModels } from '../read-model';
import { loadCheckpoint } from './checkpoints';
import { Projector } from './projector';
import { rebuildProjection, type RebuildPhase } from './rebuild';

const hr: Actor = { id: 'hr-1', roles: ['HR'] };
const admin: Actor = { id: 'admin', roles: ['ADMIN'] };
const dealDecider = { decide: decideDeal, evolve: evolveDeal, initial: noDeal };
const programDecider = { decide: decideProgram, evolve: evolveProgram, initial: noProgram };
const org = generateOrg(5, { employees: 40, deals: 90 });
const won = org.deals.filter((deal) => deal.outcome === 'WON' && deal.credits.length > 0);
const helpers = org.employees.filter((employee) => employee.department !== 'Sales');
const rules = (overrides: Partial<CriteriaRules>): CriteriaRules => ({
  thresholds: [{ metric: 'CREDITS', atLeast: 1, kind: null }], rankBy: 'POINTS', maxWinners: null, kindPoints: [],
  dealTypeMultipliers: [], productMultipliers: [], excludeFlaggedDeals: false, requireActive: true, ...overrides,
});
const programs = [
  { programId: 'presidents-club', audienceDepartments: ['Sales'], criteria: rules({ thresholds: [{ metric: 'QUOTA_ATTAINMENT', atLeast: 0.5, kind: null }], rankBy: 'QUOTA_ATTAINMENT', maxWinners: 3 }) },
  {
    programId: 'cross-functional', audienceDepartments: ['Product Management', 'Product Marketing', 'Sales Engineering'],
    criteria: rules({
      thresholds: [{ metric: 'CREDITS', atLeast: 2, kind: null }, { metric: 'DISTINCT_CREDITORS', atLeast: 2, kind: null }],
      kindPoints: [{ kind: 'POC_SUPPORT', points: 3 }], dealTypeMultipliers: [{ type: 'NEW_BUSINESS', multiplier: 1.5 }], maxWinners: 5,
    }),
  },
];
const tables = [...new Set(readModelProjections().flatMap((projection) => projection.tables))];
/** The tables of the ledger, the projection these rebuilds drop and restore indexes of (claims keep their own). */
const ledgerTables = readModelProjections()[0].tables;

describe.each(sqlEngines('projection rebuild'))('rebuilding projections on $name', ({ name, open }) => {
  jest.setTimeout(180_000);
  let sql: SqlClient;
  let store: EventStore;
  let runner: CommandRunner;
  let projector: Projector | undefined;
  const context = (actor: Actor = hr) => ({ actor, correlationId: randomUUID() });

  beforeAll(async () => {
    sql = await open();
    store = await SqlEventStore.open(sql);
    await migrateReadModels(sql);
    runner = new CommandRunner(store, domainEvents);
    process.stdout.write(`projection rebuild: running against ${name}\n`);
    for (const program of programs) {
      await runner.run(programStream(program.programId), programDecider, {
        type: 'DraftAwardProgram', actor: hr, ...program, name: program.programId, description: null, periodStart: '2026-01-01', periodEnd: '2026-12-31',
      }, context());
    }
    await recordOrg(runner, org);
    await runner.run(dealStream(won[0].id), dealDecider, { type: 'ReopenDeal', actor: admin, dealId: won[0].id, reason: 'Clawback' }, context(admin));
    await runner.run(programStream('cross-functional'), programDecider, {
      type: 'ReviseCriteria', actor: hr, programId: 'cross-functional', reason: 'Fewer creditors', criteria: rules({ thresholds: [{ metric: 'CREDITS', atLeast: 2, kind: null }] }),
    }, context());
  });
  afterEach(() => projector?.stop());
  afterAll(async () => {
    await store.close();
    await sql.close();
  });

  function startProjector(options: { batchSize?: number; onStandingsChanged?: () => void } = {}): Projector {
    projector = new Projector({ store, sql, catalog: domainEvents, projections: readModelProjections(options), batchSize: options.batchSize });
    projector.start();
    return projector;
  }

  async function caughtUp(live: Projector): Promise<void> {
    expect(await live.waitUntilPassed(await store.headPosition(), 60_000)).toBe(true);
  }

  /** Every read-model row, in a stable order; a standing's `computed_at` names the batch that computed it, which batching decides. */
  async function snapshot(): Promise<Record<string, string[]>> {
    const rows: Record<string, string[]> = {};
    for (const table of tables) {
      const found = await sql.query<Record<string, unknown>>(`SELECT * FROM ${table}`);
      rows[table] = found.map(({ computed_at: _batch, ...row }) => JSON.stringify(row)).sort();
    }
    return rows;
  }

  /** The secondary (non-unique) indexes of the ledger's tables, as PostgreSQL defines them. */
  async function secondaryIndexes(): Promise<string[]> {
    const rows = await sql.query<{ definition: string }>(
      `SELECT pg_get_indexdef(i.indexrelid) AS definition FROM pg_index i
        WHERE i.indrelid = ANY (SELECT to_regclass(t) FROM unnest($1::text[]) AS t) AND NOT i.indisunique ORDER BY 1`,
      [ledgerTables],
    );
    return rows.map((row) => row.definition);
  }

  /** The yardstick: the live projector's fold of the whole feed, from empty tables. */
  async function foldedAfresh(): Promise<Record<string, string[]>> {
    await projector?.stop();
    await sql.query(`TRUNCATE ${tables.join(', ')}`);
    await sql.query(`DELETE FROM projection_checkpoints`);
    const fresh = startProjector();
    await caughtUp(fresh);
    await fresh.stop();
    return snapshot();
  }

  /** Credits someone outside Sales on a still-won deal, for a kind they do not have there yet; returns the position. */
  let extra = 0;
  async function creditAgain(): Promise<bigint> {
    for (;;) {
      const deal = won[1 + (extra % (won.length - 1))];
      const contributor = helpers[Math.floor(extra / (won.length - 1)) % helpers.length];
      extra += 1;
      const owner: Actor = { id: deal.ownerId, roles: [] };
      try {
        const decision = await runner.run(dealStream(deal.id), dealDecider, {
          type: 'CreditContribution', actor: owner, dealId: deal.id, creditId: randomUUID(), contributorId: contributor.id, kind: 'RFP_RESPONSE',
          note: 'Answered the security questionnaire', contributor: { registered: true, active: true },
        }, context(owner));
        return decision.position as bigint;
      } catch (error) {
        if (!(error instanceof CommandRejected)) throw error;
      }
    }
  }

  it('rebuilds every read model to the rows the incremental projector keeps', async () => {
    await caughtUp(startProjector());
    await (projector as Projector).stop();
    const incremental = await snapshot();
    expect(incremental.credits.some((row) => row.includes('"RETRACTED"'))).toBe(true);
    expect(incremental.standings.length).toBeGreaterThan(0);

    for (const projection of readModelProjections()) {
      const summary = await rebuildProjection({ store, sql, catalog: domainEvents, projection, batchSize: 700 });
      expect(summary.position).toBe(await store.headPosition());
      expect(await loadCheckpoint(sql, projection.name)).toBe(summary.position);
    }
    expect(await snapshot()).toEqual(incremental);
    // Filled from nothing, then vacuumed (on PostgreSQL, aside, once swapped in): its pages are all-visible.
    const [{ visible }] = await sql.query<{ visible: number }>(`SELECT relallvisible::int AS visible FROM pg_class WHERE oid = to_regclass('credits')`);
    expect(visible).toBeGreaterThan(0);
  });

  it('leaves a read model the projector resumes from when a rebuild fails midway', async () => {
    await creditAgain();
    await caughtUp(startProjector());
    await (projector as Projector).stop();
    const before = await snapshot();
    const indexes = await secondaryIndexes();
    expect(indexes.some((definition) => definition.includes('credits_contributor'))).toBe(true);
    const [ledger] = readModelProjections();
    let batches = 0;
    const failing = { ...ledger, apply: (events: Parameters<typeof ledger.apply>[0], tx: Parameters<typeof ledger.apply>[1]) => {
      batches += 1;
      if (batches === 3) throw new Error('The machine went away');
      return ledger.apply(events, tx);
    } };
    await expect(rebuildProjection({ store, sql, catalog: domainEvents, projection: failing, batchSize: 50 })).rejects.toThrow('The machine went away');
    if (name === 'PGlite') {
      // Rebuilt in place: two batches in, with the checkpoint that says so.
      const checkpoint = await loadCheckpoint(sql, 'ledger');
      expect(checkpoint > 0n && checkpoint < (await store.headPosition())).toBe(true);
      // Put off until the settle, which the crash never reached: their definitions wait for the next one.
      expect(await secondaryIndexes()).toEqual([]);
      expect(await sql.query(`SELECT count(*)::int AS count FROM deferred_indexes`)).toEqual([{ count: indexes.length }]);
    }

    await caughtUp(startProjector());
    expect(await snapshot()).toEqual(before);
    expect(await secondaryIndexes()).toEqual(indexes);
    expect(await sql.query(`SELECT count(*)::int AS count FROM deferred_indexes`)).toEqual([{ count: 0 }]);
    if (name === 'PostgreSQL') {
      expect(await sql.query(`SELECT nspname FROM pg_namespace WHERE nspname LIKE '%rebuild%' AND nspname LIKE current_schema() || '%'`)).toEqual([]);
    }
  });

  it('catches up in full batches without standings, then recomputes them once, to the rows kept batch by batch', async () => {
    const yardstick = await foldedAfresh();
    await projector?.stop();
    await sql.query(`TRUNCATE ${tables.join(', ')}`);
    await sql.query(`DELETE FROM projection_checkpoints`);
    // Statistics of the empty table: the settle's whole-program reads would be planned for no rows at all.
    await sql.query(`ANALYZE credits`);
    // And none of the standings: the settle fills them after it analyzed the tables, so it must gather their own.
    await sql.query(`DELETE FROM pg_statistic WHERE starelid = to_regclass('standings')`);
    let announcements = 0;
    const indexes = await secondaryIndexes();
    expect(indexes).toContainEqual(expect.stringContaining('credits_contributor'));
    const head = await store.headPosition();
    const [ledger] = readModelProjections({ onStandingsChanged: () => (announcements += 1) });
    const indexedWhileCatchingUp: number[] = [];
    const probing = { ...ledger, apply: async (...[events, tx, options]: Parameters<typeof ledger.apply>) => {
      if (options?.catchingUp) indexedWhileCatchingUp.push((await tx.query(`SELECT 1 FROM pg_indexes WHERE indexname = 'credits_contributor' AND schemaname = current_schema()`)).length);
      return ledger.apply(events, tx, options);
    } };
    projector = new Projector({ store, sql, catalog: domainEvents, projections: [probing], batchSize: 25 });
    projector.start();
    await caughtUp(projector);
    expect(projector.status().every((status) => status.position === head)).toBe(true);
    expect(await snapshot()).toEqual(yardstick);
    // Some forty batches, and one recomputation of the standings at the end of them.
    expect(announcements).toBe(1);
    // Filled without the secondary indexes, built again as they were just before the last batch, which settles.
    expect(indexedWhileCatchingUp.length).toBeGreaterThan(10);
    expect(indexedWhileCatchingUp.slice(0, -1).every((found) => found === 0)).toBe(true);
    expect(await secondaryIndexes()).toEqual(indexes);
    // Analyzed when it settled, and vacuumed (index-only scans), on PostgreSQL too: autovacuum comes when it comes.
    const [credits] = await sql.query<{ tuples: number; visible: number; count: number }>(
      `SELECT reltuples::int AS tuples, relallvisible::int AS visible, (SELECT count(*)::int FROM credits) AS count
         FROM pg_class WHERE oid = to_regclass('credits')`,
    );
    expect(credits.count).toBeGreaterThan(0);
    expect(credits.tuples).toBe(credits.count);
    expect(credits.visible).toBeGreaterThan(0);
    const [standings] = await sql.query<{ columns: number }>(
      `SELECT count(*)::int AS columns FROM pg_stats WHERE schemaname = current_schema() AND tablename = 'standings'`,
    );
    expect(standings.columns).toBeGreaterThan(0);
  });

  it('settles at start what a catch-up stopped before the end of the feed left undone, though nothing follows', async () => {
    await caughtUp(startProjector());
    await (projector as Projector).stop();
    const before = await snapshot();
    const [ledger] = readModelProjections();
    const failing = { ...ledger, settle: () => Promise.reject(new Error('The machine went away')) };
    await expect(rebuildProjection({ store, sql, catalog: domainEvents, projection: failing, batchSize: 50 })).rejects.toThrow('The machine went away');
    if (name === 'PGlite') {
      // Rebuilt in place to the head, standings still owed.
      expect(await sql.query(`SELECT position = $1::numeric AS head, settled FROM projection_checkpoints WHERE name = 'ledger'`, [(await store.headPosition()).toString()]))
        .toEqual([{ head: true, settled: false }]);
      expect(await sql.query('SELECT count(*)::int AS count FROM standings')).toEqual([{ count: 0 }]);
    }

    await caughtUp(startProjector());
    expect(await snapshot()).toEqual(before);
  });

  if (name === 'PostgreSQL') {
    it('applies in the swap what was appended after the last catch-up, so the rebuilt checkpoint stands at the head', async () => {
      const appended: bigint[] = [];
      const onPhase = async (phase: RebuildPhase) => {
        if (phase === 'swap') appended.push(await creditAgain(), await creditAgain());
      };
      const [ledger] = readModelProjections();
      const summary = await rebuildProjection({ store, sql, catalog: domainEvents, projection: ledger, onPhase });
      expect(summary.position).toBe(appended[1]);
      expect(await loadCheckpoint(sql, 'ledger')).toBe(appended[1]);
      const rebuilt = await snapshot();
      const fresh = await foldedAfresh();
      expect(rebuilt.credits).toEqual(fresh.credits);
      expect(rebuilt.standings).toEqual(fresh.standings);
    });

    it('swaps in while the live projector keeps applying appends, losing and counting twice no credit', async () => {
      const live = startProjector();
      await caughtUp(live);
      let appending = true;
      const appends = (async () => {
        while (appending) {
          await creditAgain();
          await sleep(10);
        }
      })();
      const onPhase = async (phase: RebuildPhase) => {
        if (phase !== 'replay') await creditAgain();
      };
      try {
        for (const projection of readModelProjections()) await rebuildProjection({ store, sql, catalog: domainEvents, projection, batchSize: 300, onPhase });
      } finally {
        appending = false;
        await appends;
      }
      await creditAgain();
      await caughtUp(live);
      const rebuilt = await snapshot();
      expect(await foldedAfresh()).toEqual(rebuilt);
      const indexes = await sql.query<{ indexname: string }>(`SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() AND tablename = 'credits' ORDER BY 1`);
      expect(indexes.map((index) => index.indexname)).toEqual(['credits_contributor', 'credits_creditor', 'credits_deal', 'credits_pkey']);
    });
  }
});
