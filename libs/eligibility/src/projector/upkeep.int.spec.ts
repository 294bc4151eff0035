import { PgliteClient } from '@club-ledger/kernel';
import { pgliteFolder } from '@club-ledger/test-support';
import { settleProjection, type Projection } from './projection';
import { ReadModelUpkeep } from './upkeep';

// PGlite only: PostgreSQL's autovacuum keeps its own tables, and the upkeep leaves them to it.
describe('read-model upkeep on PGlite', () => {
  jest.setTimeout(60_000);
  let sql: PgliteClient;

  beforeAll(async () => {
    process.stdout.write('read-model upkeep: running against PGlite\n');
    sql = await PgliteClient.open(pgliteFolder('upkeep'));
  });
  afterAll(() => sql.close());
  beforeEach(async () => {
    await sql.query(`DROP TABLE IF EXISTS credits_like`);
    // About 1.4 MB: large enough that a table never analyzed is worth the upkeep at start.
    await sql.query(`CREATE TABLE credits_like AS SELECT g AS id, repeat('x', 200) AS note FROM generate_series(1, 6000) AS g`);
  });

  const kept = async () => {
    const [row] = await sql.query<{ tuples: number; visible: number }>(
      `SELECT reltuples::int AS tuples, relallvisible::int AS visible FROM pg_class WHERE relname = 'credits_like'`,
    );
    return row;
  };

  /**
   * Batches of a feed whose positions are dense, as the SQL store's are, from `start`: each counts the events since the
   * one before, as the runner does.
   */
  const denseFeed = (upkeep: ReadModelUpkeep, start: bigint) => {
    let last = start;
    return (position: bigint) => {
      upkeep.counted(Number(position - last));
      last = position;
    };
  };

  const analyzed = async () =>
    (await sql.query<{ columns: number }>(`SELECT count(*)::int AS columns FROM pg_stats WHERE tablename = 'credits_like'`))[0].columns > 0;

  it('analyzes and vacuums at start a table of some size that was never analyzed', async () => {
    expect(await kept()).toEqual({ tuples: -1, visible: 0 });
    await new ReadModelUpkeep(sql, ['credits_like']).atStart(10n);
    const { tuples, visible } = await kept();
    expect(tuples).toBe(6000);
    // Pages marked all-visible: index-only scans need not visit the table.
    expect(visible).toBeGreaterThan(0);
  });

  it('analyzes at start a table a vacuum counted but never analyzed', async () => {
    await sql.query(`VACUUM credits_like`);
    expect((await kept()).tuples).toBe(6000);
    expect(await analyzed()).toBe(false);
    await new ReadModelUpkeep(sql, ['credits_like']).atStart(10n);
    expect(await analyzed()).toBe(true);
  });

  it('leaves a table that was analyzed before alone at start', async () => {
    await sql.query(`ANALYZE credits_like`);
    await sql.query(`INSERT INTO credits_like SELECT g, 'y' FROM generate_series(6001, 7000) AS g`);
    await new ReadModelUpkeep(sql, ['credits_like']).atStart(10n);
    expect((await kept()).tuples).toBe(6000);
  });

  it('vacuums after a settle (which analyzed already), then vacuums and analyzes once the feed has grown by a fifth (a thousand events at least)', async () => {
    const upkeep = new ReadModelUpkeep(sql, ['credits_like']);
    const reach = denseFeed(upkeep, 10_000n);
    const batchTo = (position: bigint) => (reach(position), upkeep.afterBatch(position, true));
    await upkeep.afterSettle(10_000n);
    expect(await kept()).toEqual({ tuples: 6000, visible: expect.any(Number) });
    expect((await kept()).visible).toBeGreaterThan(0);
    expect(await analyzed()).toBe(false);

    await sql.query(`INSERT INTO credits_like SELECT g, 'y' FROM generate_series(6001, 7000) AS g`);
    await batchTo(11_999n);
    expect((await kept()).tuples).toBe(6000);
    await batchTo(12_000n);
    expect((await kept()).tuples).toBe(7000);
    expect(await analyzed()).toBe(true);

    await sql.query(`INSERT INTO credits_like SELECT g, 'y' FROM generate_series(7001, 8000) AS g`);
    await batchTo(12_999n);
    expect((await kept()).tuples).toBe(7000);
    await batchTo(14_400n);
    expect((await kept()).tuples).toBe(8000);
  });

  it('vacuums without analyzing every two thousand events while following the feed live, never while catching up', async () => {
    const upkeep = new ReadModelUpkeep(sql, ['credits_like']);
    const reach = denseFeed(upkeep, 100_000n);
    await upkeep.afterSettle(100_000n);
    // Whether a vacuum saw the table as it is now: every page counted, and every one marked all-visible.
    const vacuumedAt = async (position: bigint, catchingUp: boolean) => {
      await sql.query(`INSERT INTO credits_like SELECT g, repeat('y', 200) FROM generate_series(1, 100) AS g`);
      reach(position);
      await upkeep.afterBatch(position, catchingUp);
      const [row] = await sql.query<{ current: boolean }>(
        `SELECT relpages = pg_relation_size(oid) / 8192 AND relallvisible = relpages AS current FROM pg_class WHERE relname = 'credits_like'`,
      );
      return row.current;
    };
    expect(await vacuumedAt(101_999n, false)).toBe(false);
    expect(await vacuumedAt(102_000n, false)).toBe(true);
    expect(await vacuumedAt(104_500n, true)).toBe(false);
    expect(await vacuumedAt(104_600n, false)).toBe(true);
    expect(await analyzed()).toBe(false);
  });

  it('vacuums the tables rewritten most often every 250 events while following the feed live, and with the others every 2,000', async () => {
    await sql.query(`DROP TABLE IF EXISTS standings_like`);
    await sql.query(`CREATE TABLE standings_like AS SELECT g AS id, repeat('x', 200) AS note FROM generate_series(1, 400) AS g`);
    const upkeep = new ReadModelUpkeep(sql, ['credits_like', 'standings_like'], ['standings_like']);
    const reach = denseFeed(upkeep, 100_000n);
    await upkeep.afterSettle(100_000n);
    // Which tables a vacuum saw as they are now: every page counted, and every one marked all-visible.
    const vacuumedAt = async (position: bigint, catchingUp: boolean) => {
      for (const table of ['credits_like', 'standings_like']) await sql.query(`INSERT INTO ${table} SELECT g, repeat('y', 200) FROM generate_series(1, 100) AS g`);
      reach(position);
      await upkeep.afterBatch(position, catchingUp);
      const rows = await sql.query<{ relname: string }>(
        `SELECT relname FROM pg_class WHERE relname IN ('credits_like', 'standings_like')
            AND relpages = pg_relation_size(oid) / 8192 AND relallvisible = relpages ORDER BY relname`,
      );
      return rows.map((row) => row.relname);
    };
    expect(await vacuumedAt(100_249n, false)).toEqual([]);
    expect(await vacuumedAt(100_250n, false)).toEqual(['standings_like']);
    expect(await vacuumedAt(100_600n, true)).toEqual([]);
    expect(await vacuumedAt(100_601n, false)).toEqual(['standings_like']);
    expect(await vacuumedAt(102_000n, false)).toEqual(['credits_like', 'standings_like']);
    // That vacuum took in the tables rewritten often: their next one is 250 events after it.
    expect(await vacuumedAt(102_249n, false)).toEqual([]);
    expect(await vacuumedAt(102_250n, false)).toEqual(['standings_like']);
    expect(await analyzed()).toBe(false);
  });

  it('has a settle analyze the tables only when analysis is due: a projector settling often does not analyze each time', async () => {
    await sql.query(`CREATE TABLE IF NOT EXISTS deferred_indexes (name text PRIMARY KEY, definition text NOT NULL)`);
    const projection: Projection = { name: 'credits_like', handles: [], tables: ['credits_like'], apply: async () => undefined };
    const upkeep = new ReadModelUpkeep(sql, ['credits_like']);
    const reach = denseFeed(upkeep, 10_000n);
    const analyses = async () =>
      (await sql.query<{ count: number }>(`SELECT analyze_count::int AS count FROM pg_stat_user_tables WHERE relname = 'credits_like'`))[0].count;
    const settleAt = async (position: bigint) => {
      reach(position);
      const due = upkeep.analysisDue(position);
      await sql.transaction((tx) => settleProjection(projection, tx, position, due));
      await upkeep.afterSettle(position, due);
    };
    const before = await analyses();
    await settleAt(10_000n);
    expect(await analyses()).toBe(before + 1);
    // Settling again and again as a busy feed goes by: no analysis until the feed has grown by a fifth.
    await settleAt(10_500n);
    await settleAt(11_999n);
    expect(await analyses()).toBe(before + 1);
    await settleAt(12_000n);
    expect(await analyses()).toBe(before + 2);
  });

  it("counts events, not positions: on EventStoreDB's positions (byte offsets, packed) a live feed of one event a batch has the tables rewritten most often vacuumed at the 250th event, not at each", async () => {
    await sql.query(`DROP TABLE IF EXISTS standings_like`);
    await sql.query(`CREATE TABLE standings_like AS SELECT g AS id, repeat('x', 200) AS note FROM generate_series(1, 400) AS g`);
    const upkeep = new ReadModelUpkeep(sql, ['credits_like', 'standings_like'], ['standings_like']);
    const vacuums = async () =>
      (await sql.query<{ relname: string; count: number }>(
        `SELECT relname, (vacuum_count + analyze_count)::int AS count FROM pg_stat_user_tables WHERE relname IN ('credits_like', 'standings_like') ORDER BY relname`,
      )).map((row) => `${row.relname} ${row.count}`);
    // About 300 bytes an event, as EventStoreDB records them, its commit and prepare offsets packed into one bigint as
    // the adapter does: each position far past the one before.
    const positionOf = (event: number) => (BigInt(event * 300) << 64n) | BigInt(event * 300);
    await upkeep.afterSettle(positionOf(50_000));
    const before = await vacuums();
    for (let event = 50_001; event < 50_250; event += 1) {
      upkeep.counted(1);
      await upkeep.afterBatch(positionOf(event), false);
    }
    expect(await vacuums()).toEqual(before);
    upkeep.counted(1);
    await upkeep.afterBatch(positionOf(50_250), false);
    expect(await vacuums()).toEqual([before[0], before[1].replace(/\d+$/, (count) => String(Number(count) + 1))]);
    expect(await analyzed()).toBe(false);
  });
});
