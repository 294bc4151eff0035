import { Inject, Injectable } from '@nestjs/common';
import type { SqlClient } from '@club-ledger/kernel';
import type { Criteria, CriteriaRules } from '@club-ledger/domain';
import { SQL_CLIENT } from '../storage/storage.module';
import type { AwardProgram, CriteriaVersion } from './answers';

interface ProgramRow {
  id: string;
  name: string;
  description: string | null;
  status: AwardProgram['status'];
  period_start: string;
  period_end: string;
  audience_departments: string[];
  criteria_version: number;
  winners: { employeeId: string }[] | null;
  finalized_at: Date | null;
}

/** A program as the read model keeps it; `proposed` marks a what-if: the program as it would be under those criteria. */
export type ProgramRecord = AwardProgram & { criteriaVersion: number; winnerIds: string[] | null; finalizedAt: Date | null; proposed?: Criteria };

const toProgram = (row: ProgramRow): ProgramRecord => ({
  id: row.id,
  name: row.name,
  description: row.description,
  status: row.status,
  periodStart: row.period_start,
  periodEnd: row.period_end,
  audienceDepartments: row.audience_departments,
  criteriaVersion: row.criteria_version,
  winnerIds: row.winners?.map((winner) => winner.employeeId) ?? null,
  finalizedAt: row.finalized_at,
});

const COLUMNS = `id, name, description, status, period_start::text AS period_start, period_end::text AS period_end,
  audience_departments, criteria_version, winners, finalized_at`;

@Injectable()
export class ProgramQueries {
  constructor(@Inject(SQL_CLIENT) private readonly sql: SqlClient) {}

  async programs(status: string | undefined) {
    const rows = await this.sql.query<ProgramRow>(
      `SELECT ${COLUMNS} FROM award_programs WHERE ($1::text IS NULL OR status = $1) ORDER BY period_start DESC, id`,
      [status ?? null],
    );
    return rows.map(toProgram);
  }

  async program(id: string) {
    const [row] = await this.sql.query<ProgramRow>(`SELECT ${COLUMNS} FROM award_programs WHERE id = $1`, [id]);
    return row && toProgram(row);
  }

  /** Every version of a program's criteria, oldest first. */
  async criteriaHistory(programId: string): Promise<CriteriaVersion[]> {
    const rows = await this.sql.query<{ version: number; reason: string | null; rules: CriteriaRules; revised_at: Date }>(
      `SELECT version, reason, rules, revised_at FROM program_criteria WHERE program_id = $1 ORDER BY version`,
      [programId],
    );
    return rows.map((row) => ({ ...row.rules, version: row.version, reason: row.reason, revisedAt: row.revised_at }));
  }
}
