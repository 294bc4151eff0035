import type { SqlExecutor } from '@club-ledger/kernel';
import type { ContributionKind, Criteria, CriteriaRules } from '@club-ledger/domain';
import { cents, type ProgramFacts } from '../engine/facts';
import { ledgerAtSql, momentParameters, type FactMoment } from '../engine/fold-facts';
import { countedKinds, metricValues, toPointsPrecision } from '../engine/metrics';
import { LATE_CREDIT_SPAN, lateCreditSql } from '../rules/late-credit';
import { WEIGHT_SQL, WEIGHT_TABLES_SQL, dealMultipliersSql, weightParameters } from '../rules/points-weight';
import { openedAndClosedSameDaySql } from '../rules/same-day';
import { judge, usesOwnDeals, usesQuota, type Assessment, type OwnDeals } from '../engine/standings';

type CountedTuple = [
  employeeId: string, active: boolean, credits: number, creditedDeals: number, influenced: string, creditors: number,
  points: number, won: string, quota: string, byKind: number[] | null, evidence: string[] | null,
];

/** Credits of each kind a threshold counts (`$13`, in `countedKinds` order): only those, as each is a sum over every credit. */
const byKind = (kinds: readonly ContributionKind[]) =>
  kinds.length === 0
    ? // No kind counted: `$13` is named all the same, or PostgreSQL could not tell its type.
      `CASE WHEN cardinality($13::text[]) > 0 THEN NULL END::bigint[]`
    : `ARRAY[${kinds.map((_, index) => `count(*) FILTER (WHERE kind = ($13::text[])[${index + 1}])`).join(', ')}]`;

/**
 * Every audience member of a program (everyone when it names no department) judged by `criteria` on the current read
 * models, each metric counted in the database by the rules `countingFacts` and `metricsOf` apply to the facts: active
 * credits on deals won within the period; unless the rules exclude flagged deals, then neither a deal opened and closed
 * the same day nor a credit given more than 90 days after the close (an interval of seconds, the same span whatever
 * the session's time zone). Each credit weighs its kind's points (1 if none) × its deal type's multiplier × the largest
 * multiplier of its deal's products, multiplied in that order. Sums of money come back as exact text; the metrics are
 * then made by `metricValues`, as from the facts. The evidence, when asked for, is each person's credit ids oldest
 * first, then by id in byte order, as the engine sorts them.
 *
 * One statement answering one JSON document (with the evidence, one per chunk of the audience), each person's credits
 * read from the index on their contributor and counted on their own: folding the facts would carry every credit of the
 * audience into JavaScript, and one grouped pass over every credit would sort them all on disk.
 */
export async function countedStandings(
  sql: SqlExecutor,
  program: ProgramWindow,
  criteria: Criteria,
  withEvidence: boolean,
  { perStatement = EVIDENCE_PER_STATEMENT, dealsByKeyUpTo = DEALS_BY_KEY_UP_TO, moment }: { perStatement?: number; dealsByKeyUpTo?: number; moment?: FactMoment } = {},
): Promise<Assessment[]> {
  if (!withEvidence) return countedAmong(sql, program, criteria, false, null, false, moment);
  const ids = (await sql.query<{ id: string }>(
    `${atMoment(moment, 2)} SELECT id FROM employees WHERE cardinality($1::text[]) = 0 OR department = ANY($1::text[]) ORDER BY id`,
    [[...program.audienceDepartments], ...momentArguments(moment)],
  )).map((row) => row.id);
  const assessments: Assessment[] = [];
  for (let start = 0; start < ids.length; start += perStatement) {
    assessments.push(...(await countedStandingsOf(sql, program, criteria, ids.slice(start, start + perStatement), dealsByKeyUpTo, moment)));
  }
  return assessments;
}

/**
 * Those of `employees` in the program's audience, judged as `countedStandings` judges them, with their evidence. The
 * evidence is every counting credit's id: callers ask for at most `EVIDENCE_PER_STATEMENT` people at a time. Up to
 * `dealsByKeyUpTo` people, only their own deals are read.
 */
export const countedStandingsOf = (
  sql: SqlExecutor,
  program: ProgramWindow,
  criteria: Criteria,
  employees: readonly string[],
  dealsByKeyUpTo = DEALS_BY_KEY_UP_TO,
  moment?: FactMoment,
) => countedAmong(sql, program, criteria, true, employees, employees.length <= dealsByKeyUpTo, moment);

/**
 * The read models as they stood at `moment` (see `ledgerAtSql`), for a statement whose own parameters end before
 * `$first`: a WITH clause, or nothing for now. A statement that has a WITH of its own continues it after a comma.
 */
function atMoment(moment: FactMoment | undefined, first: number, continued = false): string {
  if (!moment) return continued ? 'WITH' : '';
  return `WITH ${ledgerAtSql(first)}${continued ? ',' : ''}`;
}
const momentArguments = (moment: FactMoment | undefined): string[] => (moment ? momentParameters(moment) : []);

export type ProgramWindow = Pick<ProgramFacts, 'periodStart' | 'periodEnd' | 'audienceDepartments'>;

/**
 * People whose standings with their evidence one statement counts. PGlite's memory grows to hold the largest value it
 * builds or parses and never gives it back, so a statement's document stays small; fewer people a statement would
 * cost time, as each statement works out the counting deals again.
 */
export const EVIDENCE_PER_STATEMENT = 500;

/**
 * `$1`–`$12` of the statements here: the program's audience departments and period, how the rules weigh a credit, whether
 * they leave flagged deals out, the late-credit span (in seconds, the same whatever the session's time zone), and the
 * employees asked about (null: the whole audience).
 */
function countingParameters(program: ProgramWindow, rules: CriteriaRules, employees: readonly string[] | null): unknown[] {
  return [
    [...program.audienceDepartments], program.periodStart, program.periodEnd, ...weightParameters(rules),
    rules.excludeFlaggedDeals, LATE_CREDIT_SPAN, employees === null ? null : [...employees],
  ];
}

/**
 * The deals a count reads: every deal, or, for a few employees (`$12`), only those credited to or owned by them, each
 * found by its key. A batch's handful of people then reads their own few hundred deals, not a year's hundred thousand.
 */
const readDeals = (some: boolean) =>
  some
    ? `(SELECT d.* FROM (SELECT deal_id AS id FROM credits WHERE contributor_id = ANY($12::text[])
                         UNION SELECT id FROM deals WHERE owner_id = ANY($12::text[])) related
          -- One probe per related deal (LIMIT keeps the planner from a scan of every deal).
          CROSS JOIN LATERAL (SELECT * FROM deals WHERE deals.id = related.id LIMIT 1) d)`
    : 'deals';

/**
 * Up to how many people a count reads only their own deals, each probed by its key: for a few people that is far less
 * than every deal of the year, but the probes grow with the people until one scan of every deal is cheaper.
 */
const DEALS_BY_KEY_UP_TO = 50;

/** The audience (or those of `$12` in it), and the deals that count with the multipliers of their type and largest product. */
const counting = (some: boolean) => `audience AS (SELECT id, active FROM employees WHERE (cardinality($1::text[]) = 0 OR department = ANY($1::text[])) AND ($12::text[] IS NULL OR id = ANY($12::text[]))),
          ${WEIGHT_TABLES_SQL},
          -- Materialized: inlined, the product multiplier was worked out once per credit instead of once per deal.
          counting AS MATERIALIZED (
            SELECT d.id, d.owner_id, d.amount, d.closed_on, ${dealMultipliersSql('d')}
              FROM ${readDeals(some)} d LEFT JOIN type_multipliers t ON t.deal_type = d.deal_type
             WHERE d.status = 'CLOSED_WON' AND d.closed_on BETWEEN $2::date AND $3::date
               AND NOT ($10::boolean AND ${openedAndClosedSameDaySql('d')}))`;

/** A credit `c` that counts, on its deal `counting`, with its kind's points `k`: active, and not late if the rules say so. */
const COUNTED_CREDITS = `credits c
                      JOIN counting ON counting.id = c.deal_id
                      LEFT JOIN kind_points k ON k.kind = c.kind`;
const COUNTS = `c.status = 'ACTIVE' AND NOT ($10::boolean AND ${lateCreditSql('c', 'counting', '$11::interval')})`;

/**
 * The POINTS of the program's audience weighed by `rules` over the credits that count, as `countedStandings` sums them,
 * without the other metrics (for standings whose kept metrics count the same credits): one grouped pass.
 */
export async function pointsCountedBy(sql: SqlExecutor, program: ProgramWindow, rules: CriteriaRules): Promise<Map<string, number>> {
  const rows = await sql.query<{ employee_id: string; points: number }>(
    `WITH ${counting(false)}
     SELECT c.contributor_id AS employee_id, sum(${WEIGHT_SQL}) AS points
       FROM audience a JOIN ${COUNTED_CREDITS} ON c.contributor_id = a.id
      WHERE ${COUNTS}
      GROUP BY c.contributor_id`,
    countingParameters(program, rules, null),
  );
  return new Map(rows.map((row) => [row.employee_id, toPointsPrecision(row.points)]));
}

/** The audience, or those of `employees` in it, reading every deal or only theirs (`dealsByKey`). */
async function countedAmong(
  sql: SqlExecutor,
  program: ProgramWindow,
  criteria: Criteria,
  withEvidence: boolean,
  employees: readonly string[] | null,
  dealsByKey = false,
  moment?: FactMoment,
): Promise<Assessment[]> {
  const kinds = countedKinds(criteria);
  const [{ counted }] = await sql.query<{ counted: string }>(
    `${atMoment(moment, 14, true)} ${counting(dealsByKey)},
          won AS (SELECT owner_id AS id, sum(amount) AS amount FROM counting GROUP BY owner_id),
          quota AS (SELECT employee_id AS id, sum(amount) AS amount FROM quotas WHERE period_start >= $2::date AND period_end <= $3::date AND ($12::text[] IS NULL OR employee_id = ANY($12::text[])) GROUP BY employee_id)
     SELECT coalesce(json_agg(json_build_array(
              a.id, a.active, r.credits, r.credited_deals, coalesce(r.influenced, 0)::text,
              r.creditors, coalesce(r.points, 0), coalesce(w.amount, 0)::text, coalesce(q.amount, 0)::text,
              r.by_kind, r.evidence)), '[]')::text AS counted
       FROM audience a
       -- Each person's credits from the index on their contributor, counted on their own: no sort of every credit.
       CROSS JOIN LATERAL (
            SELECT count(*) AS credits, count(DISTINCT deal_id) AS credited_deals,
                   count(DISTINCT credited_by) AS creditors, sum(points) AS points, ${byKind(kinds)} AS by_kind,
                   -- Each credited deal's amount once per person, however many of their credits it holds.
                   sum(amount) FILTER (WHERE first_on_deal) AS influenced,
                   ${withEvidence ? `array_agg(id ORDER BY credited_at, id COLLATE "C")` : 'NULL::text[]'} AS evidence
              FROM (SELECT c.deal_id, c.credited_by, c.kind, counting.amount, c.id, c.credited_at, ${WEIGHT_SQL} AS points,
                           row_number() OVER (PARTITION BY c.deal_id) = 1 AS first_on_deal
                      FROM ${COUNTED_CREDITS}
                     WHERE c.contributor_id = a.id AND ${COUNTS}) counted) r
       LEFT JOIN won w ON w.id = a.id
       LEFT JOIN quota q ON q.id = a.id`,
    [...countingParameters(program, criteria, employees), kinds, ...momentArguments(moment)],
  );
  return (JSON.parse(counted) as CountedTuple[]).map(([employeeId, active, credits, creditedDeals, influenced, creditors, points, won, quota, counts, evidence]) => {
    const metrics = metricValues(
      {
        credits, creditedDeals, influencedCents: cents(influenced), creditors, points, wonCents: cents(won), quotaCents: cents(quota),
        creditsOfKind: (kind: ContributionKind) => counts?.[kinds.indexOf(kind)] ?? 0,
      },
      criteria,
    );
    return judge({ id: employeeId, active }, metrics, evidence ?? [], criteria);
  });
}

/**
 * The won deals each of `employees` owns that count under `rules` (by close date, then id), and the quota their
 * attainment is measured against (null when none is set within the period), as `assessStandings` finds them in the
 * facts; each only when the rules use it (`usesOwnDeals`, `usesQuota`).
 */
export async function ownDealsOf(
  sql: SqlExecutor,
  program: ProgramWindow,
  rules: CriteriaRules,
  employees: readonly string[],
  moment?: FactMoment,
): Promise<Map<string, OwnDeals>> {
  const rows = await sql.query<{ id: string; won_deals: string[] | null; quota: string | null }>(
    `${atMoment(moment, 13, true)} ${counting(true)}
     SELECT a.id,
            (SELECT array_agg(counting.id ORDER BY counting.closed_on, counting.id COLLATE "C") FROM counting WHERE counting.owner_id = a.id) AS won_deals,
            (SELECT sum(amount)::text FROM quotas q WHERE q.employee_id = a.id AND q.period_start >= $2::date AND q.period_end <= $3::date) AS quota
       FROM (SELECT unnest($12::text[]) AS id) a
       -- No credit is judged late here: $11 is named all the same, or PostgreSQL could not tell its type.
      WHERE $11::interval IS NOT NULL`,
    [...countingParameters(program, rules, employees), ...momentArguments(moment)],
  );
  return new Map(
    rows.map((row) => [
      row.id,
      { wonDeals: usesOwnDeals(rules) ? (row.won_deals ?? []) : [], quotaCents: usesQuota(rules) && row.quota !== null ? cents(row.quota) : null },
    ]),
  );
}
