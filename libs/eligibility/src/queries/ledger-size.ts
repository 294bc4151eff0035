import type { SqlExecutor } from '@club-ledger/kernel';

/** How much a computed answer reads: the people it judges, the facts it folds, the programs a list may name. */
export interface LedgerSize {
  employees: number;
  facts: number;
  programs: number;
}

/** Counted in one statement, so that pricing a request costs one round trip, and only for requests that compute. */
export async function readLedgerSize(sql: SqlExecutor): Promise<LedgerSize> {
  const [row] = await sql.query<{ employees: number; facts: number; programs: number }>(
    `SELECT (SELECT count(*) FROM employees)::int AS employees,
            (SELECT count(*) FROM eligibility_facts)::int AS facts,
            (SELECT count(*) FROM award_programs)::int AS programs`,
  );
  return row;
}
