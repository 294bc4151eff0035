import type { SqlExecutor } from '@club-ledger/kernel';
import type { Criteria, CriteriaRules } from '@club-ledger/domain';

/** The criteria version that was in force at `knownAt`: the newest recorded by then. */
export async function readCriteriaAt(sql: SqlExecutor, programId: string, knownAt: Date): Promise<Criteria | undefined> {
  const [row] = await sql.query<{ version: number; reason: string | null; rules: CriteriaRules; revised_at: Date }>(
    `SELECT version, reason, rules, revised_at FROM program_criteria
      WHERE program_id = $1 AND revised_at <= $2::timestamptz ORDER BY version DESC LIMIT 1`,
    [programId, knownAt.toISOString()],
  );
  return row && { ...row.rules, version: row.version, reason: row.reason, revisedAt: row.revised_at.toISOString() };
}
