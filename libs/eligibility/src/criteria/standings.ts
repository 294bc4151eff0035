import type { Criteria, Metric } from '@club-ledger/domain';
import type { ProgramFacts } from './facts';
import { countingFacts, metricsOf, type MetricValue } from './metrics';

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

/**
 * Every audience member's standing under one criteria version: pure, so the same facts and criteria
 * always give the same answer, for the live view, a past date, or a what-if preview.
 */
export function computeStandings(facts: ProgramFacts, criteria: Criteria): Standing[] {
  const counting = countingFacts(facts, criteria);
  const audience = facts.employees.filter(
    (employee) => facts.audienceDepartments.length === 0 || facts.audienceDepartments.includes(employee.department),
  );
  const unranked = audience.map((employee) => {
    const metrics = metricsOf(employee.id, counting, facts, criteria);
    const thresholds = criteria.thresholds.map((threshold) => {
      const actual = valueOf(metrics, threshold.metric, threshold.kind);
      const progress = threshold.atLeast === 0 ? 1 : Math.min(actual / threshold.atLeast, 1);
      return { threshold, actual, met: actual >= threshold.atLeast, progress };
    });
    const eligible = thresholds.every((result) => result.met) && (!criteria.requireActive || employee.active);
    return {
      employeeId: employee.id,
      criteriaVersion: criteria.version,
      eligible,
      progress: Math.min(...thresholds.map((result) => result.progress)),
      score: valueOf(metrics, criteria.rankBy),
      tieBreak: valueOf(metrics, 'INFLUENCED_AMOUNT') + valueOf(metrics, 'WON_AMOUNT'),
      metrics,
      thresholds,
      evidence: counting.credits.filter((credit) => credit.contributorId === employee.id).map((credit) => credit.id),
    };
  });
  const ranked = unranked
    .filter((standing) => standing.eligible)
    .sort((a, b) => b.score - a.score || b.tieBreak - a.tieBreak || (a.employeeId < b.employeeId ? -1 : 1));
  const rankOf = new Map(ranked.map((standing, index) => [standing.employeeId, index + 1]));
  return unranked.map(({ eligible: _eligible, tieBreak: _tieBreak, ...standing }) => {
    const rank = rankOf.get(standing.employeeId) ?? null;
    const qualifies = rank !== null && (criteria.maxWinners === null || rank <= criteria.maxWinners);
    return { ...standing, rank, qualifies };
  });
}

/** Those who do not qualify but are within `within` of the line: progress ≥ 1 − within. */
export function nearMisses<S extends Pick<Standing, 'qualifies' | 'progress'>>(standings: readonly S[], within: number): S[] {
  return standings.filter((standing) => !standing.qualifies && standing.progress >= 1 - within);
}
