import type { SqlExecutor } from '@club-ledger/kernel';
import type { Criteria, CriteriaRules } from '@club-ledger/domain';
import type { CriteriaRecorded } from '../engine/changes';

/** The criteria version that was in force at `knownAt`: the newest recorded by then. */
export async function readCriteriaAt(sql: SqlExecutor, programId: string, knownAt: Date): Promise<Criteria | undefined> {
  const [row] = await sql.query<{ version: number; reason: string | null; rules: CriteriaRules; revised_at: Date }>(
    `SELECT version, reason, rules, revised_at FROM program_criteria
      WHERE program_id = $1 AND revised_at <= $2::timestamptz ORDER BY version DESC LIMIT 1`,
    [programId, knownAt.toISOString()],
  );
  return row && { ...row.rules, version: row.version, reason: row.reason, revisedAt: row.revised_at.toISOString() };
}

/** Every criteria version of a program, oldest first, each with the event that recorded it (for the causes of a change). */
export async function readCriteriaRecorded(sql: SqlExecutor, programId: string): Promise<CriteriaRecorded[]> {
  const rows = await sql.query<{ version: number; reason: string | null; rules: CriteriaRules; revised_at: Date; position: string | null }>(
    `SELECT version, reason, rules, revised_at, position::text AS position FROM program_criteria WHERE program_id = $1 ORDER BY version`,
    [programId],
  );
  return rows.map((row) => {
    const revisedAt = row.revised_at.toISOString();
    return { criteria: { ...row.rules, version: row.version, reason: row.reason, revisedAt }, position: row.position, occurredAt: revisedAt, recordedAt: revisedAt };
  });
}
