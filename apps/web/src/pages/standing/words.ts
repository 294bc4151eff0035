import { formatMoney, formatNumber, formatPercent, humanize } from '../../format';

/** The shapes of a standing the pages read, as the GraphQL contract names them. */
export type Metric = 'CREDITS' | 'CREDITED_DEALS' | 'INFLUENCED_AMOUNT' | 'DISTINCT_CREDITORS' | 'POINTS' | 'WON_AMOUNT' | 'QUOTA_ATTAINMENT';
export type ContributionKind = 'DEAL_ASSIST' | 'POC_SUPPORT' | 'ESCALATION' | 'ROADMAP_BRIEFING' | 'RFP_RESPONSE' | 'COMPETITIVE_INTEL';

export interface Threshold {
  metric: Metric;
  atLeast: number;
  kind: ContributionKind | null;
}

export interface ThresholdResult {
  threshold: Threshold;
  actual: number;
  met: boolean;
  progress: number;
}

export interface MetricValue {
  metric: Metric;
  kind: ContributionKind | null;
  value: number;
}

/** Whose standing a sentence speaks of: "colleagues crediting you" on one's own page, "them" on someone else's. */
export type Reader = 'self' | 'other';

/** A contribution kind as a reader says it ("POC support", not "Poc support"). */
export function kindWords(kind: ContributionKind): string {
  return humanize(kind).replace(/^[A-Z][a-z]/, (initial) => initial.toLowerCase());
}

export const kindLabel = (kind: ContributionKind): string => humanize(kind);

export function metricLabel(metric: Metric, kind?: ContributionKind | null): string {
  return kind ? `${humanize(metric)} (${kindWords(kind)})` : humanize(metric);
}

/** A metric's value in its own unit: money for amounts, a percentage of quota, a count otherwise. */
export function formatMetricValue(metric: Metric, value: number): string {
  switch (metric) {
    case 'INFLUENCED_AMOUNT':
    case 'WON_AMOUNT':
      return formatMoney(value);
    case 'QUOTA_ATTAINMENT':
      return formatPercent(value);
    case 'CREDITS':
    case 'CREDITED_DEALS':
    case 'DISTINCT_CREDITORS':
    case 'POINTS':
      return formatNumber(value);
    default: {
      const unknown: never = metric;
      return String(unknown);
    }
  }
}

const plural = (count: number, one: string, many: string) => `${formatNumber(count)} ${count === 1 ? one : many}`;

/** What one unmet threshold still needs, in the words a contributor would use: "2 more credited deals". */
export function missingPhrase({ threshold, actual }: ThresholdResult, reader: Reader = 'self'): string {
  const gap = threshold.atLeast - actual;
  // Counts are whole: 4.2 credits still missing means 5 more credits.
  const whole = Math.max(1, Math.ceil(gap - 1e-9));
  switch (threshold.metric) {
    case 'CREDITS':
      return threshold.kind
        ? plural(whole, `more ${kindWords(threshold.kind)} credit`, `more ${kindWords(threshold.kind)} credits`)
        : plural(whole, 'more credit', 'more credits');
    case 'CREDITED_DEALS':
      return plural(whole, 'more credited deal', 'more credited deals');
    case 'DISTINCT_CREDITORS':
      return plural(whole, `more colleague crediting ${reader === 'self' ? 'you' : 'them'}`, `more colleagues crediting ${reader === 'self' ? 'you' : 'them'}`);
    case 'POINTS':
      return `${formatNumber(gap)} more ${gap === 1 ? 'point' : 'points'}`;
    case 'INFLUENCED_AMOUNT':
      return `${formatMoney(Math.ceil(gap))} more influenced`;
    case 'WON_AMOUNT':
      return `${formatMoney(Math.ceil(gap))} more won`;
    case 'QUOTA_ATTAINMENT':
      return `${formatNumber(Math.ceil(gap * 100 - 1e-9), 0)}% more of quota`;
    default: {
      const unknown: never = threshold.metric;
      return String(unknown);
    }
  }
}

/** The sentence of everything still missing, or null when every threshold is met. */
export function missingSentence(thresholds: ThresholdResult[], reader: Reader = 'self'): string | null {
  const phrases = thresholds.filter((result) => !result.met).map((result) => missingPhrase(result, reader));
  return phrases.length ? phrases.join(', ') : null;
}

/** Why someone who met every threshold still does not qualify: the winners' cap or offboarding. */
export function beyondThresholds(
  standing: { qualifies: boolean; rank: number | null },
  rules: { maxWinners?: number | null; requireActive?: boolean; active?: boolean },
  reader: Reader = 'self',
): string | null {
  if (standing.qualifies) return null;
  if (rules.requireActive && rules.active === false) return 'Only active employees qualify for this program.';
  if (standing.rank !== null && rules.maxWinners && standing.rank > rules.maxWinners) {
    return `Every threshold is met, but only the top ${formatNumber(rules.maxWinners)} qualify and ${reader === 'self' ? 'you rank' : 'they rank'} ${formatNumber(standing.rank)}.`;
  }
  return 'Every threshold is met, but the standing does not qualify yet.';
}
