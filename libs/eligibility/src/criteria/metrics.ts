import type { ContributionKind, CriteriaRules, Metric } from '@club-ledger/domain';
import type { CreditFact, DealFact, ProgramFacts } from './facts';

const LATE_AFTER_MS = 90 * 86_400_000;

export interface MetricValue {
  metric: Metric;
  kind: ContributionKind | null;
  value: number;
}

/** The deals and credits that count for a program: won, closed within its period, unflagged if it asks. */
export function countingFacts(facts: ProgramFacts, criteria: CriteriaRules) {
  const inPeriod = (deal: DealFact) =>
    deal.status === 'CLOSED_WON' && deal.closedOn !== null && deal.closedOn >= facts.periodStart && deal.closedOn <= facts.periodEnd;
  const flagged = (deal: DealFact) => deal.closedOn === deal.openedOn;
  const deals = new Map(facts.deals.filter((deal) => inPeriod(deal) && !(criteria.excludeFlaggedDeals && flagged(deal))).map((deal) => [deal.id, deal]));
  const late = (credit: CreditFact, deal: DealFact) => Date.parse(credit.creditedAt) - Date.parse(`${deal.closedOn}T00:00:00.000Z`) > LATE_AFTER_MS;
  const credits = facts.credits.filter((credit) => {
    const deal = deals.get(credit.dealId);
    return credit.active && deal !== undefined && !(criteria.excludeFlaggedDeals && late(credit, deal));
  });
  return { deals, credits };
}

/** Every metric of one employee over the program period (money in currency units; floats only here, at the end). */
export function metricsOf(
  employeeId: string,
  counting: ReturnType<typeof countingFacts>,
  facts: ProgramFacts,
  criteria: CriteriaRules,
): MetricValue[] {
  const received = counting.credits.filter((credit) => credit.contributorId === employeeId);
  const creditedDeals = new Set(received.map((credit) => credit.dealId));
  const influenced = sum([...creditedDeals].map((id) => (counting.deals.get(id) as DealFact).amountCents));
  const won = sum([...counting.deals.values()].filter((deal) => deal.ownerId === employeeId).map((deal) => deal.amountCents));
  const quota = sum(
    facts.quotas
      .filter((q) => q.employeeId === employeeId && q.periodStart >= facts.periodStart && q.periodEnd <= facts.periodEnd)
      .map((q) => q.amountCents),
  );
  const base: MetricValue[] = [
    { metric: 'CREDITS', kind: null, value: received.length },
    { metric: 'CREDITED_DEALS', kind: null, value: creditedDeals.size },
    { metric: 'INFLUENCED_AMOUNT', kind: null, value: toUnits(influenced) },
    { metric: 'DISTINCT_CREDITORS', kind: null, value: new Set(received.map((credit) => credit.creditedBy)).size },
    { metric: 'POINTS', kind: null, value: received.reduce((total, credit) => total + pointsOf(credit, counting.deals.get(credit.dealId) as DealFact, criteria), 0) },
    { metric: 'WON_AMOUNT', kind: null, value: toUnits(won) },
    { metric: 'QUOTA_ATTAINMENT', kind: null, value: quota === 0n ? 0 : Number(won) / Number(quota) },
  ];
  const kinds = [...new Set(criteria.thresholds.flatMap((threshold) => (threshold.kind ? [threshold.kind] : [])))];
  return [...base, ...kinds.map((kind) => ({ metric: 'CREDITS' as const, kind, value: received.filter((credit) => credit.kind === kind).length }))];
}

/** Kind points (1 when the criteria give none for the kind) × deal-type multiplier × the largest product multiplier. */
function pointsOf(credit: CreditFact, deal: DealFact, criteria: CriteriaRules): number {
  const points = criteria.kindPoints.find((entry) => entry.kind === credit.kind)?.points ?? 1;
  const typeMultiplier = criteria.dealTypeMultipliers.find((entry) => entry.type === deal.dealType)?.multiplier ?? 1;
  const productMultipliers = criteria.productMultipliers.filter((entry) => deal.products.includes(entry.product)).map((entry) => entry.multiplier);
  const productMultiplier = productMultipliers.length > 0 ? Math.max(...productMultipliers) : 1;
  return points * typeMultiplier * productMultiplier;
}

const sum = (values: bigint[]) => values.reduce((total, value) => total + value, 0n);
const toUnits = (cents: bigint) => Number(cents) / 100;
