import { formatMoney, formatNumber, formatPercent, humanize } from '../../format';

/** The editable shape of a program's criteria: text as typed, turned into a `CriteriaInput` only when sent. */

export const METRICS = ['CREDITS', 'CREDITED_DEALS', 'INFLUENCED_AMOUNT', 'DISTINCT_CREDITORS', 'POINTS', 'WON_AMOUNT', 'QUOTA_ATTAINMENT'] as const;
export const KINDS = ['DEAL_ASSIST', 'POC_SUPPORT', 'ESCALATION', 'ROADMAP_BRIEFING', 'RFP_RESPONSE', 'COMPETITIVE_INTEL'] as const;
export const DEAL_TYPES = ['NEW_BUSINESS', 'EXPANSION', 'RENEWAL'] as const;
export type Metric = (typeof METRICS)[number];
export type Kind = (typeof KINDS)[number];
export type DealType = (typeof DEAL_TYPES)[number];

/** The criteria the API takes (`CriteriaInput`), with the contract's defaults written out. */
export interface CriteriaInput {
  thresholds: { metric: Metric; atLeast: number; kind: Kind | null }[];
  rankBy: Metric;
  maxWinners: number | null;
  kindPoints: { kind: Kind; points: number }[];
  dealTypeMultipliers: { type: DealType; multiplier: number }[];
  productMultipliers: { product: string; multiplier: number }[];
  excludeFlaggedDeals: boolean;
  requireActive: boolean;
}

/** Criteria as the API returns them: the version in force. */
export interface Criteria extends CriteriaInput {
  version: number;
}

/** `key` keeps React's identity of a repeatable row stable when rows above it are removed. */
export interface ThresholdDraft {
  key: number;
  metric: Metric;
  atLeast: string;
  kind: Kind | '';
}
export interface ProductDraft {
  key: number;
  product: string;
  multiplier: string;
}
export interface CriteriaDraft {
  thresholds: ThresholdDraft[];
  rankBy: Metric;
  maxWinners: string;
  /** Blank means the server's default (1 point, multiplier 1). */
  kindPoints: Record<Kind, string>;
  dealTypeMultipliers: Record<DealType, string>;
  productMultipliers: ProductDraft[];
  excludeFlaggedDeals: boolean;
  requireActive: boolean;
}

/** Field errors keyed by the API's field paths (`criteria.thresholds.0.atLeast`, `name`, …). */
export type FieldErrors = Record<string, string>;

let nextKey = 1;
export const newRowKey = () => nextKey++;

export const emptyThreshold = (): ThresholdDraft => ({ key: newRowKey(), metric: 'CREDITED_DEALS', atLeast: '', kind: '' });
export const emptyProduct = (): ProductDraft => ({ key: newRowKey(), product: '', multiplier: '' });

const blankPerKind = () => Object.fromEntries(KINDS.map((kind) => [kind, ''])) as Record<Kind, string>;
const blankPerDealType = () => Object.fromEntries(DEAL_TYPES.map((type) => [type, ''])) as Record<DealType, string>;

export function newCriteriaDraft(): CriteriaDraft {
  return {
    thresholds: [emptyThreshold()],
    rankBy: 'POINTS',
    maxWinners: '',
    kindPoints: blankPerKind(),
    dealTypeMultipliers: blankPerDealType(),
    productMultipliers: [],
    excludeFlaggedDeals: false,
    requireActive: true,
  };
}

export function draftOf(criteria: Criteria): CriteriaDraft {
  const kindPoints = blankPerKind();
  criteria.kindPoints.forEach(({ kind, points }) => (kindPoints[kind] = String(points)));
  const dealTypeMultipliers = blankPerDealType();
  criteria.dealTypeMultipliers.forEach(({ type, multiplier }) => (dealTypeMultipliers[type] = String(multiplier)));
  return {
    thresholds: criteria.thresholds.map((threshold) => ({ key: newRowKey(), metric: threshold.metric, atLeast: String(threshold.atLeast), kind: threshold.kind ?? '' })),
    rankBy: criteria.rankBy,
    maxWinners: criteria.maxWinners === null ? '' : String(criteria.maxWinners),
    kindPoints,
    dealTypeMultipliers,
    productMultipliers: criteria.productMultipliers.map(({ product, multiplier }) => ({ key: newRowKey(), product, multiplier: String(multiplier) })),
    excludeFlaggedDeals: criteria.excludeFlaggedDeals,
    requireActive: criteria.requireActive,
  };
}

const parse = (text: string) => (text.trim() === '' ? undefined : Number(text));

/** The criteria to send; call only when `criteriaErrors` found nothing. Blank optional numbers are left out. */
export function criteriaInputOf(draft: CriteriaDraft): CriteriaInput {
  return {
    thresholds: draft.thresholds.map((row) => ({ metric: row.metric, atLeast: Number(row.atLeast), kind: row.metric === 'CREDITS' && row.kind ? row.kind : null })),
    rankBy: draft.rankBy,
    maxWinners: parse(draft.maxWinners) ?? null,
    kindPoints: KINDS.filter((kind) => parse(draft.kindPoints[kind]) !== undefined).map((kind) => ({ kind, points: Number(draft.kindPoints[kind]) })),
    dealTypeMultipliers: DEAL_TYPES.filter((type) => parse(draft.dealTypeMultipliers[type]) !== undefined).map((type) => ({
      type,
      multiplier: Number(draft.dealTypeMultipliers[type]),
    })),
    productMultipliers: draft.productMultipliers.map((row) => ({ product: row.product.trim(), multiplier: Number(row.multiplier) })),
    excludeFlaggedDeals: draft.excludeFlaggedDeals,
    requireActive: draft.requireActive,
  };
}

const NOT_A_NUMBER = 'Enter a number of 0 or more.';
const badAmount = (text: string, required: boolean) => {
  const value = parse(text);
  if (value === undefined) return required ? 'Required: enter a number of 0 or more.' : undefined;
  return Number.isFinite(value) && value >= 0 ? undefined : NOT_A_NUMBER;
};

/** The server's criteria checks (`checkCriteria`), run before sending so errors appear beside the fields. */
export function criteriaErrors(draft: CriteriaDraft): FieldErrors {
  const errors: FieldErrors = {};
  const put = (field: string, message: string | undefined) => {
    if (message) errors[field] = message;
  };
  if (draft.thresholds.length === 0) put('criteria.thresholds', 'Add at least one threshold.');
  draft.thresholds.forEach((row, index) => put(`criteria.thresholds.${index}.atLeast`, badAmount(row.atLeast, true)));
  const maxWinners = parse(draft.maxWinners);
  if (maxWinners !== undefined && (!Number.isInteger(maxWinners) || maxWinners < 1)) put('criteria.maxWinners', 'Enter a whole number of at least 1, or leave blank for no cap.');
  KINDS.forEach((kind) => put(`criteria.kindPoints.${kind}`, badAmount(draft.kindPoints[kind], false)));
  DEAL_TYPES.forEach((type) => put(`criteria.dealTypeMultipliers.${type}`, badAmount(draft.dealTypeMultipliers[type], false)));
  draft.productMultipliers.forEach((row, index) => {
    if (!row.product.trim()) put(`criteria.productMultipliers.${index}.product`, 'Enter the product name.');
    put(`criteria.productMultipliers.${index}.multiplier`, badAmount(row.multiplier, true));
  });
  return errors;
}

/** The fields the criteria form shows an error beside, for `fieldOfServerError`. */
export function criteriaFieldPaths(draft: CriteriaDraft): string[] {
  return [
    'criteria.thresholds',
    ...draft.thresholds.flatMap((_, index) => [`criteria.thresholds.${index}.atLeast`, `criteria.thresholds.${index}.kind`]),
    'criteria.rankBy',
    'criteria.maxWinners',
    'criteria.kindPoints',
    'criteria.dealTypeMultipliers',
    'criteria.productMultipliers',
  ];
}

/** A DOM id for a field path (`criteria.thresholds.0.atLeast` → `field-criteria-thresholds-0-atLeast`). */
export const domId = (field: string) => `field-${field.replace(/\./g, '-')}`;

/** Kind names read as people say them: the acronyms stay capitalized. */
export const kindLabel = (kind: Kind) => humanize(kind);

/** "Credited deals", "Credits (POC support)". */
export const metricLabel = (metric: Metric, kind?: Kind | null) => (kind ? `${humanize(metric)} (${kindLabel(kind)})` : humanize(metric));

/** A threshold value in the metric's own unit: money, a share of quota, or a count. */
export function formatMetricValue(metric: Metric, value: number): string {
  if (metric === 'INFLUENCED_AMOUNT' || metric === 'WON_AMOUNT') return formatMoney(value);
  if (metric === 'QUOTA_ATTAINMENT') return `${formatPercent(value)} of quota`;
  return formatNumber(value);
}

export const metricHint = (metric: Metric) =>
  metric === 'INFLUENCED_AMOUNT' || metric === 'WON_AMOUNT'
    ? 'An amount in USD.'
    : metric === 'QUOTA_ATTAINMENT'
      ? 'A ratio: 1 means 100% of quota.'
      : undefined;

/** "Credited deals ≥ 5 · Influenced amount ≥ $750,000". */
export const thresholdsSummary = (thresholds: Criteria['thresholds']) =>
  thresholds.map((threshold) => `${metricLabel(threshold.metric, threshold.kind)} ≥ ${formatMetricValue(threshold.metric, threshold.atLeast)}`).join(' · ');
