import { setTimeout as sleep } from 'node:timers/promises';
import { quoted, type SqlClient, type SqlExecutor } from '@club-ledger/kernel';

/**
 * A read model built from empty tables writes faster without its secondary indexes, and a B-tree built once over
 * the finished table costs less than the same index kept row by row (credits on PGlite: about 94 µs a row with its
 * three secondary indexes, 50 without). So a projection that starts from nothing drops them, and whoever settles it
 * next builds them again. Their definitions wait in `deferred_indexes`, written in the same transaction as the
 * drop, so a crash in between loses none: the next settle, after a restart, rebuilds them.
 *
 * Unique indexes and primary keys stay: conflicts and lookups by id need them while the feed is replayed.
 */
export async function deferIndexes(tx: SqlExecutor, tables: readonly string[]): Promise<void> {
  const indexes = await tx.query<{ name: string; definition: string }>(
    `SELECT c.relname AS name, pg_get_indexdef(i.indexrelid) AS definition
       FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
      WHERE i.indrelid = ANY (SELECT to_regclass(quote_ident(t)) FROM unnest($1::text[]) AS t) AND NOT i.indisunique`,
    [[...tables]],
  );
  if (indexes.length === 0) return;
  await tx.query(
    `INSERT INTO deferred_indexes (name, definition) SELECT * FROM unnest($1::text[], $2::text[]) ON CONFLICT (name) DO NOTHING`,
    [indexes.map((index) => index.name), indexes.map((index) => index.definition)],
  );
  await tx.query(`DROP INDEX ${indexes.map((index) => quoted(index.name)).join(', ')}`);
}

/**
 * Builds again every index a catch-up from nothing put off, in a transaction of its own, and returns, with how many,
 * once a transaction begun after it may use them. An index built over rows updated in place (a credit retracted, a
 * deal reopened) is marked `indcheckxmin`: no transaction whose snapshot began while a writer older than the build was
 * still running may use it, the one that built it included, and the settle's reads of every person's credits then
 * scanned the whole table once a person. So the settle runs in a transaction of its own after it, and only once every
 * transaction that was writing when the indexes were built has ended (on PostgreSQL, other sessions' writes).
 */
export async function restoreIndexes(sql: Pick<SqlClient, 'transaction'>): Promise<number> {
  const built = await sql.transaction(async (tx) => {
    const deferred = await tx.query<{ definition: string }>(`DELETE FROM deferred_indexes RETURNING definition`);
    if (deferred.length === 0) return { count: 0, by: null };
    // An index over a whole table may rightly take longer than a request's statement is allowed (DATABASE_STATEMENT_TIMEOUT_MS).
    await tx.query(`SET LOCAL statement_timeout = 0`);
    // The definitions are PostgreSQL's own rendering of indexes it held (pg_get_indexdef), never input.
    for (const { definition } of deferred) await tx.query(definition);
    const [{ xid }] = await tx.query<{ xid: string }>(`SELECT pg_current_xact_id()::text AS xid`);
    return { count: deferred.length, by: xid };
  });
  if (built.by !== null) await untilEndedBefore(sql, built.by);
  return built.count;
}

/** How long to wait for older writers to end: past it, the settle goes on and reads as it can (slowly, not wrongly). */
const OLDER_WRITERS_WITHIN_MS = 30_000;

/** Waits until no transaction that began writing before `xid` is still running (a snapshot's xmin is past it). */
async function untilEndedBefore(sql: Pick<SqlClient, 'transaction'>, xid: string): Promise<void> {
  const deadline = Date.now() + OLDER_WRITERS_WITHIN_MS;
  for (;;) {
    const [{ ended }] = await sql.transaction((tx) =>
      tx.query<{ ended: boolean }>(`SELECT pg_snapshot_xmin(pg_current_snapshot()) > $1::xid8 AS ended`, [xid]),
    );
    if (ended || Date.now() > deadline) return;
    await sleep(20);
  }
}
