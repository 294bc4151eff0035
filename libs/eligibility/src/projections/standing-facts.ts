import type { SqlExecutor } from '@club-ledger/kernel';
import type { Criteria, CriteriaRules } from '@club-ledger/domain';

export interface ProgramInForce {
  id: string;
  periodStart: string;
  periodEnd: string;
  audienceDepartments: string[];
  criteria: Criteria;
}

/** Every program with the criteria version now in force. */
export async function programsInForce(tx: SqlExecutor): Promise<ProgramInForce[]> {
  const rows = await tx.query<{
    id: string; period_start: string; period_end: string; audience_departments: string[];
    version: number; reason: string | null; rules: CriteriaRules; revised_at: Date;
  }>(
    `SELECT p.id, p.period_start::text AS period_start, p.period_end::text AS period_end, p.audience_departments,
            c.version, c.reason, c.rules, c.revised_at
       FROM award_programs p JOIN program_criteria c ON c.program_id = p.id AND c.version = p.criteria_version
      ORDER BY p.id`,
  );
  return rows.map((row) => ({
    id: row.id,
    periodStart: row.period_start,
    periodEnd: row.period_end,
    audienceDepartments: row.audience_departments,
    criteria: { ...row.rules, version: row.version, reason: row.reason, revisedAt: new Date(row.revised_at).toISOString() },
  }));
}
