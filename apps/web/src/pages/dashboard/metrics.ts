import { formatMetricValue, type Metric } from '../standing/words';
import { humanize } from '../../format';

/** Shapes of the program's criteria and standings as the dashboard's queries ask for them. */
export interface Threshold {
  metric: string;
  atLeast: number;
  kind: string | null;
}

export interface ThresholdResult {
  threshold: Threshold;
  actual: number;
  met: boolean;
  progress: number;
}

export interface EmployeeRef {
  id: string;
  name: string;
  department?: string;
}

/** A metric's value in its own unit (one definition, shared with the standing pages). */
export const formatMetric = (metric: string, value: number): string => formatMetricValue(metric as Metric, value);

export function metricName(metric: string, kind?: string | null): string {
  return kind ? `${humanize(metric)} (${humanize(kind)})` : humanize(metric);
}

/** The score column's heading: the score is the value of the metric the program ranks by. */
export const scoreHeading = (rankBy: string) => `Score (${humanize(rankBy).toLowerCase()})`;

/** "Credited deals ≥ 5": one threshold as a reader says it. */
export const describeThreshold = (threshold: Threshold) =>
  `${metricName(threshold.metric, threshold.kind)} ≥ ${formatMetric(threshold.metric, threshold.atLeast)}`;

/**
 * What keeps a near miss out: the unmet threshold with the least progress ("Short on influenced amount:
 * $600,000 of $750,000"), or, when every threshold is met, the cap on winners.
 */
export function shortfall(thresholds: ThresholdResult[], maxWinners: number | null): string {
  const unmet = thresholds.filter((result) => !result.met);
  if (unmet.length === 0) return maxWinners ? `Every threshold met, but outside the top ${maxWinners}` : 'Every threshold met';
  const furthest = unmet.reduce((least, result) => (result.progress < least.progress ? result : least));
  const { metric, kind, atLeast } = furthest.threshold;
  return `Short on ${metricName(metric, kind).toLowerCase()}: ${formatMetric(metric, furthest.actual)} of ${formatMetric(metric, atLeast)}`;
}
