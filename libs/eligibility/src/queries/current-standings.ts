import type { SqlExecutor } from '@club-ledger/kernel';
import type { Standing } from '../criteria/standings';

export interface CurrentStandingsFilter {
  onlyQualified?: boolean;
  /** Near misses: not qualifying, progress ≥ 1 − within. */
  nearMissWithin?: number;
  employeeId?: string;
  offset?: number;
  limit?: number;
}

/** Standings of a program as the read model holds them now: ranked first by rank, then by progress, then by id. */
export async function readCurrentStandings(
  sql: SqlExecutor,
  programId: string,
  filter: CurrentStandingsFilter = {},
): Promise<{ standings: Standing[]; totalCount: number }> {
  const rows = await sql.query<{
    employee_id: string; criteria_version: number; qualifies: boolean; rank: number | null; progress: number; score: number;
    metrics: Standing['metrics']; thresholds: Standing['thresholds']; evidence: string[]; total: string;
  }>(
    `SELECT employee_id, criteria_version, qualifies, rank, progress, score, metrics, thresholds, evidence, count(*) OVER () AS total
       FROM standings
      WHERE program_id = $1
        AND (NOT $2::boolean OR qualifies)
        AND ($3::float8 IS NULL OR (NOT qualifies AND progress >= 1 - $3::float8))
        AND ($4::text IS NULL OR employee_id = $4::text)
      ORDER BY rank NULLS LAST, progress DESC, employee_id COLLATE "C"
      OFFSET $5 LIMIT $6`,
    [programId, filter.onlyQualified ?? false, filter.nearMissWithin ?? null, filter.employeeId ?? null, filter.offset ?? 0, filter.limit ?? null],
  );
  return {
    totalCount: rows.length > 0 ? Number(rows[0].total) : await countStandings(sql, programId, filter),
    standings: rows.map((row) => ({
      employeeId: row.employee_id,
      criteriaVersion: row.criteria_version,
      qualifies: row.qualifies,
      rank: row.rank,
      progress: row.progress,
      score: row.score,
      metrics: row.metrics,
      thresholds: row.thresholds,
      evidence: row.evidence,
    })),
  };
}

/** A page past the end has no rows to carry the count: count on its own. */
async function countStandings(sql: SqlExecutor, programId: string, filter: CurrentStandingsFilter): Promise<number> {
  if (!filter.offset) return 0;
  const { totalCount } = await readCurrentStandings(sql, programId, { ...filter, offset: 0, limit: 1 });
  return totalCount;
}

/** The latest business time any recorded fact names; until then "now" is computed from the facts. */
export async function readBusinessHorizon(sql: SqlExecutor): Promise<Date | null> {
  const [row] = await sql.query<{ latest: Date }>(`SELECT latest FROM business_horizon`);
  return row ? new Date(row.latest) : null;
}
