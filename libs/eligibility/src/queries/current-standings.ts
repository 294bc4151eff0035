import type { SqlExecutor } from '@club-ledger/kernel';
import type { Criteria, CriteriaRules } from '@club-ledger/domain';
import { judgeKept, judgesOnKeptMetrics, type Assessment, type Standing } from '../criteria/standings';

export interface CurrentStandingsFilter {
  onlyQualified?: boolean;
  /** Near misses: not qualifying, progress ≥ 1 − within. */
  nearMissWithin?: number;
  employeeId?: string;
  offset?: number;
  limit?: number;
  /** Whether to read the evidence (the ids of every credit that counts: most of a row's size); true unless false. */
  withEvidence?: boolean;
}

/** A standing as kept, with its evidence when it was asked for, else null. */
export type KeptStanding = Omit<Standing, 'evidence'> & { evidence: string[] | null };

const MATCHING = `program_id = $1
        AND (NOT $2::boolean OR qualifies)
        AND ($3::float8 IS NULL OR (NOT qualifies AND progress >= 1 - $3::float8))
        AND ($4::text IS NULL OR employee_id = $4::text)`;

/** Standings of a program as the read model holds them now: ranked first by rank, then by progress, then by id. */
export async function readCurrentStandings(
  sql: SqlExecutor,
  programId: string,
  filter: CurrentStandingsFilter = {},
): Promise<{ standings: KeptStanding[]; totalCount: number }> {
  const matching = [programId, filter.onlyQualified ?? false, filter.nearMissWithin ?? null, filter.employeeId ?? null];
  const offset = filter.offset ?? 0;
  const rows = await sql.query<{
    employee_id: string; criteria_version: number; qualifies: boolean; rank: number | null; progress: number; score: number;
    metrics: Standing['metrics']; thresholds: Standing['thresholds']; evidence: string[] | null;
  }>(
    `SELECT employee_id, criteria_version, qualifies, rank, progress, score, metrics, thresholds,
            CASE WHEN $7::boolean THEN evidence END AS evidence
       FROM standings WHERE ${MATCHING}
      ORDER BY rank NULLS LAST, progress DESC, employee_id COLLATE "C"
      OFFSET $5 LIMIT $6`,
    [...matching, offset, filter.limit ?? null, filter.withEvidence ?? true],
  );
  // A page that holds the rest has the count at hand; otherwise counting on its own reads narrow values, where
  // count(*) OVER () would hold every matching row, metrics and all, until the last.
  const whole = offset === 0 && (filter.limit === undefined || rows.length < filter.limit);
  const totalCount = whole ? rows.length : await countStandings(sql, matching);
  return {
    totalCount,
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

async function countStandings(sql: SqlExecutor, matching: unknown[]): Promise<number> {
  const [{ total }] = await sql.query<{ total: number }>(`SELECT count(*)::int AS total FROM standings WHERE ${MATCHING}`, matching);
  return total;
}

/** The latest business time any recorded fact names; until then "now" is computed from the facts. */
export async function readBusinessHorizon(sql: SqlExecutor): Promise<Date | null> {
  const [row] = await sql.query<{ latest: Date }>(`SELECT latest FROM business_horizon`);
  return row ? new Date(row.latest) : null;
}

/**
 * A program's kept standings judged again under `proposed` criteria on the metrics kept for them (no fact read), when
 * they are all of one criteria version whose metrics hold everything the proposal judges by (`judgesOnKeptMetrics`);
 * undefined otherwise (other weights or flag rule, standings of mixed versions, none kept yet). The evidence is kept
 * as is when asked for, else left empty.
 */
export async function judgeKeptStandings(sql: SqlExecutor, programId: string, proposed: Criteria, withEvidence: boolean): Promise<Assessment[] | undefined> {
  const rows = await sql.query<{ employee_id: string; criteria_version: number; active: boolean; metrics: Standing['metrics']; evidence: string[] | null }>(
    `SELECT s.employee_id, s.criteria_version, e.active, s.metrics, CASE WHEN $2::boolean THEN s.evidence END AS evidence
       FROM standings s JOIN employees e ON e.id = s.employee_id
      WHERE s.program_id = $1`,
    [programId, withEvidence],
  );
  const versions = [...new Set(rows.map((row) => row.criteria_version))];
  if (versions.length !== 1) return undefined;
  const [kept] = await sql.query<{ rules: CriteriaRules }>(`SELECT rules FROM program_criteria WHERE program_id = $1 AND version = $2`, [programId, versions[0]]);
  if (!kept || !judgesOnKeptMetrics(kept.rules, proposed)) return undefined;
  return rows.map((row) => judgeKept({ employeeId: row.employee_id, active: row.active, metrics: row.metrics, evidence: row.evidence ?? [] }, proposed));
}
