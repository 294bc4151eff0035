import { randomUUID } from 'node:crypto';
import { SqlEventStore, type EventStore } from '@club-ledger/event-store';
import { PostgresClient } from '@club-ledger/kernel';
import { FaultySql, sqlEngines } from '@club-ledger/test-support';
import { migrateReadModels } from '../read-model';
import { advanceCheckpoint, CheckpointMovedError, loadCheckpoint } from './checkpoints';
import type { Projection } from './projection';
import { Projector } from './projector';
import { until } from './testing/until';
import { appendBumps as appendTo, createTallyTable, foldOfFeed as foldOf, readTally, tally, TallyBumped, tallyCatalog as catalog } from './testing/tally';

describe.each(sqlEngines('projector'))('Projector on $name', (engine) => {
  jest.setTimeout(60_000);
  let sql: FaultySql;
  let store: EventStore;
  const running: Projector[] = [];

  beforeAll(async () => {
    sql = new FaultySql(await engine.open());
    store = await SqlEventStore.open(sql, { pageSize: 200 });
    await migrateReadModels(sql);
    await createTallyTable(sql);
    process.stdout.write(`projector: running against ${engine.name}\n`);
  });
  afterEach(async () => {
    await Promise.all(running.splice(0).map((projector) => projector.stop()));
  });
  afterAll(async () => {
    await store.close();
    await sql.close();
  });

  function projector(projection: Projection, batchSize = 100): Projector {
    const started = new Projector({ store, sql, catalog, projections: [projection], batchSize });
    running.push(started);
    return started;
  }

  const appendBumps = (streams: number, perStream: number) => appendTo(store, streams, perStream);
  const readModel = (name: string) => readTally(sql, name);
  const foldOfFeed = () => foldOf(store);

  it('applies the feed in batches, then live events, and ends equal to a fold of the feed', async () => {
    const head = await appendBumps(20, 30);
    const sizes: number[] = [];
    const name = `catch-up-${randomUUID()}`;
    const started = projector(tally(name, sizes));
    started.start();
    expect(await started.waitUntilPassed(head, 30_000)).toBe(true);
    expect(Math.max(...sizes)).toBeGreaterThan(1);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(100);

    const live = await appendBumps(3, 2);
    expect(await started.waitUntilPassed(live, 30_000)).toBe(true);
    expect(await readModel(name)).toEqual(await foldOfFeed());
    expect(started.status()).toEqual([{ name, position: live }]);
  });

  it('rolls back a batch that crashes midway and applies it once on resume', async () => {
    const head = await appendBumps(10, 10);
    const name = `mid-batch-${randomUUID()}`;
    sql.failOnce(/INSERT INTO test_tally/, 37);
    const faultsBefore = sql.faultsInjected;
    const started = projector(tally(name));
    started.start();
    expect(await started.waitUntilPassed(head, 30_000)).toBe(true);
    expect(sql.faultsInjected).toBe(faultsBefore + 1);
    expect(await readModel(name)).toEqual(await foldOfFeed());
  });

  it('applies nothing twice when the crash comes between the read-model writes and the checkpoint', async () => {
    const head = await appendBumps(10, 10);
    const name = `before-checkpoint-${randomUUID()}`;
    sql.failOnce(/UPDATE projection_checkpoints/, 2);
    const faultsBefore = sql.faultsInjected;
    const started = projector(tally(name), 50);
    started.start();
    expect(await started.waitUntilPassed(head, 30_000)).toBe(true);
    expect(sql.faultsInjected).toBe(faultsBefore + 1);
    expect(await readModel(name)).toEqual(await foldOfFeed());
  });

  it('resumes from its checkpoint when stopped between batches and started anew', async () => {
    const firstHalf = await appendBumps(10, 10);
    const name = `restart-${randomUUID()}`;
    const first = projector(tally(name), 25);
    first.start();
    expect(await first.waitUntilPassed(firstHalf, 30_000)).toBe(true);
    await first.stop();

    const secondHalf = await appendBumps(10, 5);
    const second = projector(tally(name), 25);
    second.start();
    expect(second.status()[0].position).toBeLessThan(secondHalf);
    expect(await second.waitUntilPassed(secondHalf, 30_000)).toBe(true);
    expect(await readModel(name)).toEqual(await foldOfFeed());
  });

  it('catches up without the secondary indexes and builds them before it settles, so the settle reads by them', async () => {
    // Rows updated in place of a column only a put-off index holds: PostgreSQL closes such an index to the transaction
    // that built it, and a settle in that transaction would read every row instead.
    await sql.query(`DROP TABLE IF EXISTS test_marks`);
    await sql.query(`CREATE TABLE test_marks (stream text PRIMARY KEY, bumps int NOT NULL, parity text NOT NULL)`);
    await sql.query(`CREATE INDEX test_marks_parity ON test_marks (parity, bumps)`);
    const plans: string[] = [];
    const marks: Projection = {
      name: `marks-${randomUUID()}`,
      handles: [TallyBumped.type],
      tables: ['test_marks'],
      async apply(events, tx) {
        for (const event of events) {
          await tx.query(
            `INSERT INTO test_marks (stream, bumps, parity) VALUES ($1, 1, 'odd')
             ON CONFLICT (stream) DO UPDATE SET bumps = test_marks.bumps + 1, parity = CASE test_marks.parity WHEN 'odd' THEN 'even' ELSE 'odd' END`,
            [event.stream],
          );
        }
      },
      async settle(tx) {
        await tx.query(`SET LOCAL enable_seqscan = off`);
        const plan = await tx.query<{ 'QUERY PLAN': string }>(`EXPLAIN SELECT bumps FROM test_marks WHERE parity = 'odd'`);
        plans.push(plan.map((row) => row['QUERY PLAN']).join('\n'));
      },
    };
    await appendBumps(7, 20);
    // The catch-up ends on a batch that is not full, which the runner applies in the settle's transaction.
    let events = 0;
    for await (const event of store.readAll()) if (event.type === TallyBumped.type) events += 1;
    const head = await appendBumps(1, 50 - (events % 50) + 25);
    // On PostgreSQL, another session writing since before the catch-up: the index is closed to every transaction whose
    // snapshot begins while that writer runs, so the settle must wait for it.
    const writer = engine.name === 'PostgreSQL' ? await olderWriter() : undefined;
    const started = projector(marks, 50);
    started.start();
    if (writer) {
      await until('the put-off index is built again', async () => started.status()[0].position > 0n && (await sql.query(`SELECT 1 FROM pg_indexes WHERE indexname = 'test_marks_parity' AND schemaname = current_schema()`)).length > 0);
      await new Promise((done) => setTimeout(done, 300));
      expect(plans).toEqual([]);
      await writer.end();
    }
    expect(await started.waitUntilPassed(head, 30_000)).toBe(true);
    expect(plans).toHaveLength(1);
    expect(plans[0]).toContain('test_marks_parity');
    expect(await sql.query(`SELECT count(*)::int AS count FROM deferred_indexes`)).toEqual([{ count: 0 }]);
  });

  /** A transaction of another session that has written (holds a transaction id) until `end`. */
  async function olderWriter(): Promise<{ end(): Promise<void> }> {
    const other = await PostgresClient.open(process.env.DATABASE_URL as string);
    const session = await other.session();
    await session.query('BEGIN');
    await session.query('SELECT pg_current_xact_id()');
    return {
      async end() {
        await session.query('COMMIT');
        await session.release();
        await other.close();
      },
    };
  }

  it('reports a timeout when the projections cannot pass the position in time', async () => {
    const head = await appendBumps(1, 1);
    const idle = projector(tally(`idle-${randomUUID()}`));
    expect(await idle.waitUntilPassed(head, 50)).toBe(false);
  });

  it('moves a checkpoint only from the position it expects', async () => {
    const name = `guard-${randomUUID()}`;
    await loadCheckpoint(sql, name);
    await sql.transaction((tx) => advanceCheckpoint(tx, name, 0n, 10n));
    await expect(sql.transaction((tx) => advanceCheckpoint(tx, name, 0n, 20n))).rejects.toBeInstanceOf(
      CheckpointMovedError,
    );
    expect(await loadCheckpoint(sql, name)).toBe(10n);
  });
});
