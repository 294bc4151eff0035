import type { SqlExecutor } from '@club-ledger/kernel';

/** How much a computed answer reads: the people it judges, the facts it folds, the programs a list may name. */
export interface LedgerSize {
  employees: number;
  facts: number;
  programs: number;
}

/**
 * Up to how many facts the table's size, as its statistics last counted it, is counted again exactly: past that, a count
 * reads every fact (about as long as the query it prices), and the estimate is as good a price.
 */
const FACTS_COUNTED_UP_TO = 100_000;

/**
 * Counted in one statement, so that pricing a request costs one round trip, and only for requests that compute. The
 * facts of a large ledger are the number its statistics hold (kept by the projector's upkeep and by autovacuum).
 */
export async function readLedgerSize(sql: SqlExecutor): Promise<LedgerSize> {
  const [row] = await sql.query<{ employees: number; facts: number; programs: number }>(
    `SELECT (SELECT count(*) FROM employees)::int AS employees,
            (SELECT CASE WHEN c.reltuples > $1 THEN c.reltuples::int ELSE (SELECT count(*) FROM eligibility_facts)::int END
               FROM pg_class c WHERE c.oid = 'eligibility_facts'::regclass) AS facts,
            (SELECT count(*) FROM award_programs)::int AS programs`,
    [FACTS_COUNTED_UP_TO],
  );
  return row;
}
