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
 * Builds again every index a catch-up from nothing put off, in a transaction of its own, committed before whatever
 * reads them; answers how many. Not in the settle's transaction: an index built over rows updated in place (a credit
 * retracted, a deal reopened) may not be used by the transaction that built it (PostgreSQL marks it `indcheckxmin`),
 * and the settle's reads of every person's credits then scanned the whole table once a person.
 */
export async function restoreIndexes(sql: Pick<SqlClient, 'transaction'>): Promise<number> {
  return sql.transaction(async (tx) => {
    const deferred = await tx.query<{ definition: string }>(`DELETE FROM deferred_indexes RETURNING definition`);
    if (deferred.length === 0) return 0;
    // An index over a whole table may rightly take longer than a request's statement is allowed (DATABASE_STATEMENT_TIMEOUT_MS).
    await tx.query(`SET LOCAL statement_timeout = 0`);
    // The definitions are PostgreSQL's own rendering of indexes it held (pg_get_indexdef), never input.
    for (const { definition } of deferred) await tx.query(definition);
    return deferred.length;
  });
}
