import type { SqlExecutor } from '@club-ledger/kernel';
import type { Criteria, CriteriaRules } from '@club-ledger/domain';
import { countsAsKept, judgeKept, weighsAsKept, type Assessment, type Standing } from '../engine/standings';
import { pointsCountedBy, type ProgramWindow } from './counted-standings';

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

type StandingTuple = [
  employeeId: string, criteriaVersion: number, qualifies: boolean, rank: number | null, progress: number, score: number,
  metrics: Standing['metrics'], thresholds: Standing['thresholds'], evidence: string[] | null,
];

const IN_RANK_ORDER = `rank NULLS LAST, progress DESC, employee_id COLLATE "C"`;

/**
 * Standings of a program as the read model holds them now: ranked first by rank, then by progress, then by id. Read as
 * one JSON document: PGlite hands rows to JavaScript one at a time at a cost that dwarfs the query, and the garbage of
 * 4,000 rows with their metrics took the API hundreds of MB above its live heap.
 */
export async function readCurrentStandings(
  sql: SqlExecutor,
  programId: string,
  filter: CurrentStandingsFilter = {},
): Promise<{ standings: KeptStanding[]; totalCount: number }> {
  const matching = [programId, filter.onlyQualified ?? false, filter.nearMissWithin ?? null, filter.employeeId ?? null];
  const offset = filter.offset ?? 0;
  const [{ page }] = await sql.query<{ page: string }>(
    `SELECT coalesce(json_agg(json_build_array(employee_id, criteria_version, qualifies, rank, progress, score, metrics, thresholds, evidence)
                              ORDER BY ${IN_RANK_ORDER}), '[]')::text AS page
       FROM (SELECT employee_id, criteria_version, qualifies, rank, progress, score, metrics, thresholds,
                    CASE WHEN $7::boolean THEN evidence END AS evidence
               FROM standings WHERE ${MATCHING}
              ORDER BY ${IN_RANK_ORDER}
             OFFSET $5 LIMIT $6) s`,
    [...matching, offset, filter.limit ?? null, filter.withEvidence ?? true],
  );
  const tuples = JSON.parse(page) as StandingTuple[];
  // A page that holds the rest has the count at hand; otherwise counting on its own reads narrow values, where
  // count(*) OVER () would hold every matching row, metrics and all, until the last.
  const whole = offset === 0 && (filter.limit === undefined || tuples.length < filter.limit);
  const totalCount = whole ? tuples.length : await countStandings(sql, matching);
  return {
    totalCount,
    standings: tuples.map(([employeeId, criteriaVersion, qualifies, rank, progress, score, metrics, thresholds, evidence]) => ({
      employeeId, criteriaVersion, qualifies, rank, progress, score, metrics, thresholds, evidence,
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
 * A program's kept standings judged again under `proposed` criteria without reading a fact into JavaScript, when they
 * are all of one criteria version whose metrics count what the proposal counts (`countsAsKept`): on the kept metrics,
 * with POINTS summed anew in the database when the proposal weighs credits otherwise; undefined otherwise (another
 * flag rule or a kind not counted, standings of mixed versions, none kept yet). The evidence is kept as is when asked
 * for (the same credits count), else left empty.
 */
export async function judgeKeptStandings(
  sql: SqlExecutor,
  program: ProgramWindow & { id: string },
  proposed: Criteria,
  withEvidence: boolean,
): Promise<Assessment[] | undefined> {
  // Asked first of the version of any one kept standing: a proposal that counts otherwise (a counted-anew preview) is
  // answered without reading the 4,000 standings it could not use.
  const [criteria] = await sql.query<{ version: number; rules: CriteriaRules }>(
    `SELECT version, rules FROM program_criteria
      WHERE program_id = $1 AND version = (SELECT criteria_version FROM standings WHERE program_id = $1 LIMIT 1)`,
    [program.id],
  );
  if (!criteria || !countsAsKept(criteria.rules, proposed)) return undefined;
  // One JSON document, as `readCurrentStandings` reads them.
  const [{ kept: document }] = await sql.query<{ kept: string }>(
    `SELECT coalesce(json_agg(json_build_array(s.employee_id, s.criteria_version, e.active, s.metrics, CASE WHEN $2::boolean THEN s.evidence END)), '[]')::text AS kept
       FROM standings s JOIN employees e ON e.id = s.employee_id
      WHERE s.program_id = $1`,
    [program.id, withEvidence],
  );
  const kept = JSON.parse(document) as [employeeId: string, criteriaVersion: number, active: boolean, metrics: Standing['metrics'], evidence: string[] | null][];
  if (kept.some(([, criteriaVersion]) => criteriaVersion !== criteria.version)) return undefined;
  const points = weighsAsKept(criteria.rules, proposed) ? undefined : await pointsCountedBy(sql, program, proposed);
  return kept.map(([employeeId, , active, metrics, evidence]) =>
    judgeKept({ employeeId, active, metrics, evidence: evidence ?? [] }, proposed, points === undefined ? undefined : (points.get(employeeId) ?? 0)),
  );
}
