import { isDeepStrictEqual } from 'node:util';
import type { Criteria, CriteriaRules, Metric } from '@club-ledger/domain';
import type { CreditFact, ProgramFacts } from './facts';
import { cutoffFor, lastWinningPlace, type Cutoff } from './cutoff';
import { countedKinds, countingFacts, metricsOf, type MetricValue } from './metrics';

export interface ThresholdResult {
  threshold: Criteria['thresholds'][number];
  actual: number;
  met: boolean;
  progress: number;
}

export interface Standing {
  employeeId: string;
  criteriaVersion: number;
  qualifies: boolean;
  /** Place among those who meet every threshold (and are in the audience and active if required). */
  rank: number | null;
  /** The least progress among the thresholds, 0 to 1. */
  progress: number;
  score: number;
  metrics: MetricValue[];
  thresholds: ThresholdResult[];
  /** The ids of the credits that count for this employee. */
  evidence: string[];
  /** In the audience and active if the criteria require it: could still qualify. */
  contending: boolean;
  /** The last winning place and how far behind it this standing is; null without a cap that bites. */
  cutoff: Cutoff | null;
  /** The won deals they own that count, and the quota attainment is measured against, when the criteria use them. */
  own?: OwnDeals;
}

/** A seller's evidence: the ids of the won deals they own that count (by close date), and their quota in cents. */
export interface OwnDeals {
  wonDeals: string[];
  quotaCents: bigint | null;
}

/** Whether the criteria count deals one owns (a threshold or the rank metric), and whether they measure a quota. */
export const usesOwnDeals = (criteria: Pick<CriteriaRules, 'thresholds' | 'rankBy'>) =>
  [criteria.rankBy, ...criteria.thresholds.map((threshold) => threshold.metric)].some((metric) => metric === 'WON_AMOUNT' || metric === 'QUOTA_ATTAINMENT');
export const usesQuota = (criteria: Pick<CriteriaRules, 'thresholds' | 'rankBy'>) =>
  [criteria.rankBy, ...criteria.thresholds.map((threshold) => threshold.metric)].includes('QUOTA_ATTAINMENT');

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

const valueOf = (metrics: MetricValue[], metric: Metric, kind: string | null = null) =>
  metrics.find((entry) => entry.metric === metric && entry.kind === kind)?.value ?? 0;

/** A standing before ranking: whether it is eligible for a rank, and what orders it among the eligible. */
export interface Assessment extends Omit<Standing, 'rank' | 'qualifies' | 'cutoff'> {
  eligible: boolean;
  /** Breaks ties in the rank metric: INFLUENCED_AMOUNT + WON_AMOUNT. */
  tieBreak: number;
}

/**
 * Every audience member's standing under one criteria version: pure, so the same facts and criteria
 * always give the same answer, for the live view, a past date, or a what-if preview.
 */
export function computeStandings(facts: ProgramFacts, criteria: Criteria, reading = { evidence: true }): Standing[] {
  return rankAssessments(assessStandings(facts, criteria, reading), criteria.maxWinners);
}

/**
 * Each audience member of `facts.employees` judged on their own; the read model keeps these and ranks
 * them in SQL, so a credit recomputes only the people it concerns.
 */
export function assessStandings(facts: ProgramFacts, criteria: Criteria, reading = { evidence: true }): Assessment[] {
  const counting = countingFacts(facts, criteria);
  const audience = facts.employees.filter(
    (employee) => facts.audienceDepartments.length === 0 || facts.audienceDepartments.includes(employee.department),
  );
  const wonBy = new Map<string, string[]>();
  if (usesOwnDeals(criteria)) {
    const byCloseDate = [...counting.deals.values()].sort((a, b) => byText(`${a.closedOn} ${a.id}`, `${b.closedOn} ${b.id}`));
    for (const deal of byCloseDate) wonBy.set(deal.ownerId, [...(wonBy.get(deal.ownerId) ?? []), deal.id]);
  }
  const own = (employeeId: string): OwnDeals => ({
    wonDeals: wonBy.get(employeeId) ?? [],
    quotaCents: usesQuota(criteria) ? (counting.quotaOf.get(employeeId) ?? null) : null,
  });
  return audience.map((employee) => ({
    ...judge(employee, metricsOf(employee.id, counting, criteria), reading.evidence ? oldestFirst(counting.creditsOf.get(employee.id) ?? []) : [], criteria),
    own: own(employee.id),
  }));
}

/** One audience member judged by the criteria on their metrics: thresholds, progress, score, eligibility for a rank. */
export function judge(
  employee: { id: string; active: boolean },
  metrics: MetricValue[],
  evidence: string[],
  criteria: Criteria,
): Assessment {
  const thresholds = criteria.thresholds.map((threshold) => {
    const actual = valueOf(metrics, threshold.metric, threshold.kind);
    const progress = threshold.atLeast === 0 ? 1 : Math.min(actual / threshold.atLeast, 1);
    return { threshold, actual, met: actual >= threshold.atLeast, progress };
  });
  const contending = !criteria.requireActive || employee.active;
  return {
    employeeId: employee.id,
    criteriaVersion: criteria.version,
    eligible: thresholds.every((result) => result.met) && contending,
    contending,
    progress: Math.min(...thresholds.map((result) => result.progress)),
    score: valueOf(metrics, criteria.rankBy),
    tieBreak: valueOf(metrics, 'INFLUENCED_AMOUNT') + valueOf(metrics, 'WON_AMOUNT'),
    metrics,
    thresholds,
    evidence,
  };
}

/**
 * A standing judged again under other criteria on the metrics kept for it (see `countsAsKept`): they keep the
 * metrics these criteria compute, in the order `metricsOf` gives them (a kind counted only for the old thresholds
 * is dropped). `points`, when given, replaces the kept POINTS: the same credits weighed by other weights.
 */
export function judgeKept(
  kept: { employeeId: string; active: boolean; metrics: MetricValue[]; evidence: string[] },
  criteria: Criteria,
  points?: number,
): Assessment {
  const metrics = [
    ...kept.metrics.filter((metric) => metric.kind === null).map((metric) => (metric.metric === 'POINTS' && points !== undefined ? { ...metric, value: points } : metric)),
    ...countedKinds(criteria).flatMap((kind) => kept.metrics.filter((metric) => metric.metric === 'CREDITS' && metric.kind === kind)),
  ];
  return judge({ id: kept.employeeId, active: kept.active }, metrics, kept.evidence, criteria);
}

/**
 * Whether metrics worked out under `kept` criteria count what `proposed` criteria count: the same credits and deals
 * (flag rule), and every kind a threshold counts. Then only POINTS can differ, and only when they weigh otherwise.
 */
export function countsAsKept(kept: CriteriaRules, proposed: CriteriaRules): boolean {
  const keptKinds = new Set(countedKinds(kept));
  return kept.excludeFlaggedDeals === proposed.excludeFlaggedDeals && proposed.thresholds.every((threshold) => !threshold.kind || keptKinds.has(threshold.kind));
}

/** Whether two criteria weigh a credit alike: kind points, deal-type and product multipliers. */
export function weighsAsKept(kept: CriteriaRules, proposed: CriteriaRules): boolean {
  return (
    isDeepStrictEqual(kept.kindPoints, proposed.kindPoints) &&
    isDeepStrictEqual(kept.dealTypeMultipliers, proposed.dealTypeMultipliers) &&
    isDeepStrictEqual(kept.productMultipliers, proposed.productMultipliers)
  );
}

/** Credit ids by the instant they were given, then by id; each instant parsed once, not once per comparison. */
function oldestFirst(credits: readonly CreditFact[]): string[] {
  return credits
    .map((credit) => ({ id: credit.id, at: Date.parse(credit.creditedAt) }))
    .sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : 1))
    .map((credit) => credit.id);
}

/**
 * Rank among the eligible by score, then tie-break, then id; qualifies when ranked within the cap; each standing
 * measured against the last winning place when the cap admits fewer than are ranked.
 */
export function rankAssessments(assessments: readonly Assessment[], maxWinners: number | null): Standing[] {
  const ranked = assessments
    .filter((standing) => standing.eligible)
    .sort((a, b) => b.score - a.score || b.tieBreak - a.tieBreak || (a.employeeId < b.employeeId ? -1 : 1));
  const rankOf = new Map(ranked.map((standing, index) => [standing.employeeId, index + 1]));
  const place = lastWinningPlace(maxWinners, maxWinners !== null && ranked.length > maxWinners, maxWinners === null ? null : (ranked[maxWinners - 1]?.score ?? null));
  return assessments.map(({ eligible: _eligible, tieBreak: _tieBreak, ...standing }) => {
    const rank = rankOf.get(standing.employeeId) ?? null;
    const qualifies = rank !== null && (maxWinners === null || rank <= maxWinners);
    return { ...standing, rank, qualifies, cutoff: cutoffFor(place, standing.score) };
  });
}
