import { setTimeout as sleep } from 'node:timers/promises';
import { advisoryLockKey, quoted, type SqlClient, type SqlExecutor } from '@club-ledger/kernel';
import type { SessionDatabase } from './projection-lock';
import { deferIndexes, restoreIndexes } from './deferred-indexes';
import type { Replay } from './replay';
import { ReadModelUpkeep } from './upkeep';

/** Catch-up rounds before the swap: each reads what was appended during the one before. */
const CATCH_UP_ROUNDS = 5;
/** A tail this short is applied inside the swap, while the live runner waits. */
const SHORT_TAIL = 500;
const SWAP_ATTEMPTS = 5;
/** A swap waiting this long on a live runner's batch or a long read gives up, then tries again. */
const SWAP_LOCK_TIMEOUT = '10s';

interface IndexShape {
  name: string;
  shape: string;
}

/**
 * Rebuilds a projection on PostgreSQL while the API keeps serving the live tables: replays the feed into
 * copies of its tables in a side schema, catches up with what was appended meanwhile, then, in one
 * transaction, locks the live tables and the projection's checkpoint row (a live runner's batch waits, and
 * once let go finds its checkpoint moved and resumes from the new one), swaps the rebuilt tables in, applies
 * the last events in the live schema (so their standings notifications reach the APIs) and sets the checkpoint.
 */
export async function rebuildAside(sql: SqlClient & SessionDatabase, replay: Replay): Promise<void> {
  const live = sql.schema;
  const side = `${live}_rebuild_${replay.projection.name.replace(/[^a-z0-9_]/g, '_')}`.slice(0, 63);
  const guard = await sql.session();
  try {
    const [taken] = await guard.query<{ held: boolean }>('SELECT pg_try_advisory_lock($1) AS held', [
      advisoryLockKey(`club-ledger:rebuild:${live}:${replay.projection.name}`),
    ]);
    if (!taken.held) throw new Error(`A rebuild of ${replay.projection.name} is already running on schema ${live}`);
    await createSideTables(sql, live, side, replay.projection.tables);
    // Built once, when the side tables are settled, rather than row by row as the feed is replayed.
    const sideTables = inSide(sql, side);
    await sideTables.transaction((tx) => deferIndexes(tx, replay.projection.tables));
    try {
      await replay.start();
      await replay.untilEnd((batch) => sideTables.transaction((tx) => replay.apply(batch, tx)));
      await replay.enter('catch-up');
      for (let round = 0; round < CATCH_UP_ROUNDS; round += 1) {
        const read = await replay.untilEnd((batch) => sideTables.transaction((tx) => replay.apply(batch, tx)));
        if (read < SHORT_TAIL) break;
      }
      await restoreIndexes(sideTables);
      await sideTables.transaction((tx) => replay.settle(tx));
      await replay.enter('swap');
      await swapIn(sql, live, side, replay);
      // Filled from nothing: vacuumed now rather than whenever autovacuum comes (see `afterSettle`).
      await new ReadModelUpkeep(sql, replay.projection.tables).afterSettle(replay.position, true, true);
    } finally {
      await sql.query(`DROP SCHEMA IF EXISTS ${quoted(side)} CASCADE`);
    }
  } finally {
    await guard.release();
  }
}

/**
 * Copies of the live tables, with their columns, defaults, constraints and indexes, emptied of any earlier attempt,
 * and a place of their own for the indexes put off while they fill.
 */
async function createSideTables(sql: SqlClient, live: string, side: string, tables: readonly string[]): Promise<void> {
  await sql.transaction(async (tx) => {
    await tx.query(`DROP SCHEMA IF EXISTS ${quoted(side)} CASCADE`);
    await tx.query(`CREATE SCHEMA ${quoted(side)}`);
    for (const table of [...tables, 'deferred_indexes']) {
      await tx.query(`CREATE TABLE ${quoted(side)}.${quoted(table)} (LIKE ${quoted(live)}.${quoted(table)} INCLUDING ALL)`);
    }
  });
}

/** Transactions whose unqualified SQL (the projection's own) lands in the side tables: they come first on the search path. */
function inSide(sql: SqlClient, side: string): Pick<SqlClient, 'transaction'> {
  return {
    transaction: (work) =>
      sql.transaction(async (tx) => {
        await tx.query(`SELECT set_config('search_path', $1, true)`, [quoted(side)]);
        return work(tx);
      }),
  };
}

async function swapIn(sql: SqlClient, live: string, side: string, replay: Replay): Promise<void> {
  const { projection } = replay;
  for (let attempt = 1; ; attempt += 1) {
    const resumeAt = { events: replay.events, position: replay.position };
    try {
      const afterCommit = await sql.transaction(async (tx) => {
        await tx.query(`SELECT set_config('lock_timeout', $1, true)`, [SWAP_LOCK_TIMEOUT]);
        // Tables first: a live batch that already wrote to them commits before this goes on, and the next one
        // waits before writing; then the checkpoint row, which that next batch could not move anyway.
        const liveTables = projection.tables.map((table) => `${quoted(live)}.${quoted(table)}`);
        await tx.query(`LOCK TABLE ${liveTables.join(', ')} IN ACCESS EXCLUSIVE MODE`);
        await tx.query(`INSERT INTO ${quoted(live)}.projection_checkpoints (name) VALUES ($1) ON CONFLICT (name) DO NOTHING`, [projection.name]);
        await tx.query(`SELECT position FROM ${quoted(live)}.projection_checkpoints WHERE name = $1 FOR UPDATE`, [projection.name]);
        for (const table of projection.tables) await moveIn(tx, live, side, table);
        await tx.query(`SELECT set_config('search_path', $1, true)`, [quoted(live)]);
        const after: (() => void)[] = [];
        await replay.untilEnd(async (batch) => {
          // Settled in the side tables before the swap: the tail is applied as the live runner would.
          const done = await replay.apply(batch, tx, false);
          if (done) after.push(done);
        });
        await tx.query(
          `UPDATE ${quoted(live)}.projection_checkpoints SET position = $2::numeric, settled = true, updated_at = now() WHERE name = $1`,
          [projection.name, replay.position.toString()],
        );
        return () => after.forEach((done) => done());
      });
      afterCommit();
      return;
    } catch (error) {
      // The tail applied in the rolled-back attempt is read again by the next one.
      replay.events = resumeAt.events;
      replay.position = resumeAt.position;
      if (attempt >= SWAP_ATTEMPTS || !isLockConflict(error)) throw error;
      await sleep(100 * attempt);
    }
  }
}

/** Drops the live table and moves the rebuilt one in, giving its indexes the live ones' names (migrations name them). */
async function moveIn(tx: SqlExecutor, live: string, side: string, table: string): Promise<void> {
  const before = await indexesOf(tx, `${quoted(live)}.${quoted(table)}`);
  await tx.query(`DROP TABLE ${quoted(live)}.${quoted(table)}`);
  await tx.query(`ALTER TABLE ${quoted(side)}.${quoted(table)} SET SCHEMA ${quoted(live)}`);
  const unnamed = [...before];
  for (const index of await indexesOf(tx, `${quoted(live)}.${quoted(table)}`)) {
    const match = unnamed.findIndex((candidate) => candidate.shape === index.shape);
    if (match < 0) continue;
    const [named] = unnamed.splice(match, 1);
    if (named.name !== index.name) await tx.query(`ALTER INDEX ${quoted(live)}.${quoted(index.name)} RENAME TO ${quoted(named.name)}`);
  }
}

/** Each index of a table with what it indexes (uniqueness, method, columns, predicate), not where or under what name. */
async function indexesOf(tx: SqlExecutor, table: string): Promise<IndexShape[]> {
  return tx.query<IndexShape>(
    `SELECT c.relname AS name, i.indisunique::text || ' ' || regexp_replace(pg_get_indexdef(i.indexrelid), '^.* USING ', '') AS shape
       FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
      WHERE i.indrelid = $1::regclass ORDER BY c.relname`,
    [table],
  );
}

/** A deadlock with a live batch, or a lock not granted in time: nothing was swapped, so the swap can be tried again. */
function isLockConflict(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return code === '40P01' || code === '55P03';
}
