import { isDeepStrictEqual } from 'node:util';
import type { Criteria, CriteriaRules, Metric } from '@club-ledger/domain';
import type { CreditFact, ProgramFacts } from './facts';
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
}

const valueOf = (metrics: MetricValue[], metric: Metric, kind: string | null = null) =>
  metrics.find((entry) => entry.metric === metric && entry.kind === kind)?.value ?? 0;

/** A standing before ranking: whether it is eligible for a rank, and what orders it among the eligible. */
export interface Assessment extends Omit<Standing, 'rank' | 'qualifies'> {
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
  return audience.map((employee) =>
    judge(employee, metricsOf(employee.id, counting, criteria), reading.evidence ? oldestFirst(counting.creditsOf.get(employee.id) ?? []) : [], criteria),
  );
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
  return {
    employeeId: employee.id,
    criteriaVersion: criteria.version,
    eligible: thresholds.every((result) => result.met) && (!criteria.requireActive || employee.active),
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

/** Rank among the eligible by score, then tie-break, then id; qualifies when ranked within the cap. */
export function rankAssessments(assessments: readonly Assessment[], maxWinners: number | null): Standing[] {
  const ranked = assessments
    .filter((standing) => standing.eligible)
    .sort((a, b) => b.score - a.score || b.tieBreak - a.tieBreak || (a.employeeId < b.employeeId ? -1 : 1));
  const rankOf = new Map(ranked.map((standing, index) => [standing.employeeId, index + 1]));
  return assessments.map(({ eligible: _eligible, tieBreak: _tieBreak, ...standing }) => {
    const rank = rankOf.get(standing.employeeId) ?? null;
    const qualifies = rank !== null && (maxWinners === null || rank <= maxWinners);
    return { ...standing, rank, qualifies };
  });
}

/** Those who do not qualify but are within `within` of the line: progress ≥ 1 − within. */
export function nearMisses<S extends Pick<Standing, 'qualifies' | 'progress'>>(standings: readonly S[], within: number): S[] {
  return standings.filter((standing) => !standing.qualifies && standing.progress >= 1 - within);
}
