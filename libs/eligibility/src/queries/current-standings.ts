import type { SqlExecutor } from '@club-ledger/kernel';
import type { Criteria, CriteriaRules } from '@club-ledger/domain';
import { countsAsKept, judgeKept, weighsAsKept, type Assessment, type Standing } from '../engine/standings';
import { cutoffFor, lastWinningPlace, nearMisses, type Cutoff } from '../engine/cutoff';
import { pointsCountedBy, type ProgramWindow } from './counted-standings';
import { toEmployee, type EmployeeRow } from './directory-entries';
import type { Employee } from './answers';
import { peopleMatchingParams, peopleMatchingSql, standingOrderSql, type PeopleFilter, type StandingOrder } from './standing-order';

export interface CurrentStandingsFilter extends PeopleFilter {
  onlyQualified?: boolean;
  /** Near misses (see `missedBy`), those who miss by least first. */
  nearMissWithin?: number;
  employeeId?: string;
  offset?: number;
  limit?: number;
  /** Whether to read the evidence (the ids of every credit that counts: most of a row's size); true unless false. */
  withEvidence?: boolean;
  /** Whether to read the metrics and thresholds (none when false: most of what is left); true unless false. */
  withDetail?: boolean;
  order?: StandingOrder;
}

/** A standing as kept, with its evidence when it was asked for, else null, and the directory's entry of its employee. */
export type KeptStanding = Omit<Standing, 'evidence' | 'own'> & { evidence: string[] | null; employee: Employee };

/**
 * Near misses are read as their candidates, every one who does not qualify with progress ≥ 1 − within and, meeting
 * every threshold, a score ≥ cutoff × (1 − within) (`$8`); `nearMisses` then applies the rule itself and orders them.
 */
const MATCHING = `program_id = $1
        AND (NOT $2::boolean OR qualifies)
        AND ($3::float8 IS NULL OR (NOT qualifies AND progress >= 1 - $3::float8 AND (progress < 1 OR $10::float8 IS NULL OR score >= $10::float8 * (1 - $3::float8))))
        AND ($4::text IS NULL OR employee_id = $4::text)
        AND ${peopleMatchingSql(5, 6)}`;

type StandingTuple = [
  employeeId: string, criteriaVersion: number, qualifies: boolean, rank: number | null, progress: number, score: number,
  metrics: Standing['metrics'], thresholds: Standing['thresholds'], evidence: string[] | null, employee: EmployeeRow,
];

/**
 * Standings of a program as the read model holds them now: ranked first by rank, then by progress, then by id. Read as
 * one JSON document: PGlite hands rows to JavaScript one at a time at a cost that dwarfs the query, and the garbage of
 * 4,000 rows with their metrics took the API hundreds of MB above its live heap. Each with its employee's entry in the
 * directory, read in the same statement: a list of thousands then names its people without a read and a promise each.
 * Without the evidence, or the metrics and thresholds (left empty), when the filter says they are not wanted.
 */
export async function readCurrentStandings(
  sql: SqlExecutor,
  programId: string,
  filter: CurrentStandingsFilter = {},
): Promise<{ standings: KeptStanding[]; totalCount: number }> {
  const { place, requireActive } = await readKeptCutoff(sql, programId);
  const matching = [programId, filter.onlyQualified ?? false, filter.nearMissWithin ?? null, filter.employeeId ?? null, ...peopleMatchingParams(filter)];
  const order = standingOrderSql(filter.order);
  const nearMissing = filter.nearMissWithin !== undefined;
  const offset = nearMissing ? 0 : (filter.offset ?? 0);
  const limit = nearMissing ? null : (filter.limit ?? null);
  const [{ page }] = await sql.query<{ page: string }>(
    `SELECT coalesce(json_agg(json_build_array(s.employee_id, criteria_version, qualifies, rank, progress, score, metrics, thresholds, evidence,
                                                json_build_object('id', e.id, 'name', e.name, 'email', e.email, 'department', e.department,
                                                                  'title', e.title, 'manager_id', e.manager_id, 'active', e.active))
                              ORDER BY ${order}), '[]')::text AS page
       FROM (SELECT employee_id, criteria_version, qualifies, rank, progress, score,
                    CASE WHEN $11::boolean THEN metrics ELSE '[]' END AS metrics, CASE WHEN $11::boolean THEN thresholds ELSE '[]' END AS thresholds,
                    CASE WHEN $9::boolean THEN evidence END AS evidence
               FROM standings WHERE ${MATCHING}
              ORDER BY ${order}
             OFFSET $7 LIMIT $8) s
       JOIN employees e ON e.id = s.employee_id`,
    [...matching, offset, limit, filter.withEvidence ?? true, place?.value ?? null, filter.withDetail ?? true],
  );
  const tuples = JSON.parse(page) as StandingTuple[];
  const standings = tuples.map(([employeeId, criteriaVersion, qualifies, rank, progress, score, metrics, thresholds, evidence, employee]) => ({
    employeeId, criteriaVersion, qualifies, rank, progress, score, metrics, thresholds, evidence,
    contending: !requireActive || employee.active, cutoff: cutoffFor(place, score), employee: toEmployee(employee),
  }));
  if (nearMissing) {
    const missing = nearMisses(standings, filter.nearMissWithin as number);
    return { standings: missing.slice(filter.offset ?? 0, filter.limit === undefined ? undefined : (filter.offset ?? 0) + filter.limit), totalCount: missing.length };
  }
  // A page that holds the rest has the count at hand; otherwise counting on its own reads narrow values, where
  // count(*) OVER () would hold every matching row, metrics and all, until the last.
  const whole = offset === 0 && (filter.limit === undefined || tuples.length < filter.limit);
  const totalCount = whole ? tuples.length : await countStandings(sql, [...matching, place?.value ?? null]);
  return { totalCount, standings };
}

/**
 * The last winning place of the kept standings, under the criteria version they were judged by: the score of whoever
 * is ranked at the cap, when someone is ranked past it; and whether those criteria require active status.
 */
export async function readKeptCutoff(sql: SqlExecutor, programId: string): Promise<{ place: Omit<Cutoff, 'behind'> | null; requireActive: boolean }> {
  const [row] = await sql.query<{ max_winners: number | null; require_active: boolean; value: number | null; beyond: boolean }>(
    `WITH kept AS (SELECT (rules->>'maxWinners')::int AS max_winners, coalesce((rules->>'requireActive')::boolean, true) AS require_active
                     FROM program_criteria
                    WHERE program_id = $1 AND version = (SELECT criteria_version FROM standings WHERE program_id = $1 LIMIT 1))
     SELECT max_winners, require_active,
            (SELECT score FROM standings WHERE program_id = $1 AND rank = max_winners) AS value,
            EXISTS (SELECT 1 FROM standings WHERE program_id = $1 AND rank = max_winners + 1) AS beyond
       FROM kept`,
    [programId],
  );
  if (!row) return { place: null, requireActive: true };
  return { place: lastWinningPlace(row.max_winners, row.beyond, row.value), requireActive: row.require_active };
}

async function countStandings(sql: SqlExecutor, matching: unknown[]): Promise<number> {
  const [{ total }] = await sql.query<{ total: number }>(
    `SELECT count(*)::int AS total FROM standings WHERE ${MATCHING.replaceAll('$10', '$7')}`,
    matching,
  );
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
