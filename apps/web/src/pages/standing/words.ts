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

export interface Cutoff {
  rank: number;
  value: number;
  behind: number;
}

/** What the points of one credit are worth under the criteria: kind points × deal-type multiplier. */
export interface Weights {
  kindPoints: { kind: ContributionKind; points: number }[];
  dealTypeMultipliers: { type: string; multiplier: number }[];
}

/**
 * A standing's place against the last winning one, when a cap bites: "#18 — 0.75 points behind #15, about one POC
 * support credit on a new business deal", or "#3 — within the top 15".
 */
export function rankRow(standing: { rank: number | null; qualifies: boolean; cutoff: Cutoff | null }, rankBy: Metric, weights?: Weights): string | null {
  const { cutoff } = standing;
  if (!cutoff) return null;
  const place = standing.rank === null ? 'Not ranked' : `#${formatNumber(standing.rank)}`;
  if (standing.qualifies) return `${place} — within the top ${formatNumber(cutoff.rank)}`;
  const behind = cutoff.behind === 0 ? `tied with #${formatNumber(cutoff.rank)}, placed after it` : `${behindWords(rankBy, cutoff.behind)} behind #${formatNumber(cutoff.rank)}`;
  const credit = rankBy === 'POINTS' && cutoff.behind > 0 && weights ? aboutCredits(cutoff.behind, weights) : null;
  return `${place} — ${behind}${credit ? `, ${credit}` : ''}`;
}

function behindWords(metric: Metric, behind: number): string {
  if (metric === 'POINTS') return `${formatNumber(behind)} ${behind === 1 ? 'point' : 'points'}`;
  if (metric === 'QUOTA_ATTAINMENT') return `${formatNumber(behind * 100, 1)} points of quota`;
  return formatMetricValue(metric, behind);
}

const COUNT_WORDS = ['no', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'];

/** "about one POC support credit on a new business deal": the fewest credits of the heaviest kind that close the gap. */
function aboutCredits(behind: number, weights: Weights): string | null {
  const kinds = weights.kindPoints.length > 0 ? weights.kindPoints : [{ kind: 'DEAL_ASSIST' as const, points: 1 }];
  const types = weights.dealTypeMultipliers.length > 0 ? weights.dealTypeMultipliers : [{ type: 'NEW_BUSINESS', multiplier: 1 }];
  const kind = kinds.reduce((best, entry) => (entry.points > best.points ? entry : best));
  const type = types.reduce((best, entry) => (entry.multiplier > best.multiplier ? entry : best));
  const each = kind.points * type.multiplier;
  if (each <= 0) return null;
  const count = Math.ceil(behind / each - 1e-9);
  const many = count < COUNT_WORDS.length ? COUNT_WORDS[count] : formatNumber(count);
  return `about ${many} ${kindWords(kind.kind)} ${count === 1 ? 'credit' : 'credits'} on ${count === 1 ? 'a ' : ''}${humanize(type.type).toLowerCase()} ${count === 1 ? 'deal' : 'deals'}`;
}
