import type { ContributionKind, CriteriaRules, Metric } from '@club-ledger/domain';
import type { CreditFact, DealFact, ProgramFacts } from './facts';

/** A credit given more than this long after its deal closed (midnight UTC of the close day) is flagged late. */
export const LATE_AFTER_MS = 90 * 86_400_000;

export interface MetricValue {
  metric: Metric;
  kind: ContributionKind | null;
  value: number;
}

/**
 * The deals and credits that count for a program (won, closed within its period, unflagged if it asks), grouped
 * once by the employee they count for, so that each employee's metrics cost only their own facts.
 */
export function countingFacts(facts: ProgramFacts, criteria: CriteriaRules) {
  const { deals, wonBy } = countingDeals(facts, criteria);
  const late = (credit: CreditFact, deal: DealFact) => Date.parse(credit.creditedAt) - Date.parse(`${deal.closedOn}T00:00:00.000Z`) > LATE_AFTER_MS;
  const creditsOf = new Map<string, CreditFact[]>();
  for (const credit of facts.credits) {
    const deal = deals.get(credit.dealId);
    if (!credit.active || deal === undefined || (criteria.excludeFlaggedDeals && late(credit, deal))) continue;
    const received = creditsOf.get(credit.contributorId);
    if (received) received.push(credit);
    else creditsOf.set(credit.contributorId, [credit]);
  }
  const quotaOf = new Map<string, bigint>();
  for (const quota of facts.quotas) {
    if (quota.periodStart >= facts.periodStart && quota.periodEnd <= facts.periodEnd) {
      quotaOf.set(quota.employeeId, (quotaOf.get(quota.employeeId) ?? 0n) + quota.amountCents);
    }
  }
  return { deals, creditsOf, wonBy, quotaOf };
}

/** The deals that count (won within the period, unflagged if the rules ask) and what each owner won of them. */
function countingDeals(facts: ProgramFacts, criteria: CriteriaRules) {
  const inPeriod = (deal: DealFact) =>
    deal.status === 'CLOSED_WON' && deal.closedOn !== null && deal.closedOn >= facts.periodStart && deal.closedOn <= facts.periodEnd;
  const flagged = (deal: DealFact) => deal.closedOn === deal.openedOn;
  const deals = new Map(facts.deals.filter((deal) => inPeriod(deal) && !(criteria.excludeFlaggedDeals && flagged(deal))).map((deal) => [deal.id, deal]));
  const wonBy = new Map<string, bigint>();
  for (const deal of deals.values()) wonBy.set(deal.ownerId, (wonBy.get(deal.ownerId) ?? 0n) + deal.amountCents);
  return { deals, wonBy };
}

/** What the metrics of one employee are worked out from: counts and sums over the credits and deals that count. */
export interface Counted {
  credits: number;
  creditedDeals: number;
  influencedCents: bigint;
  creditors: number;
  points: number;
  wonCents: bigint;
  quotaCents: bigint;
  creditsOfKind: (kind: ContributionKind) => number;
}

/** Every metric of one employee over the program period (money in currency units; floats only here, at the end). */
export function metricsOf(employeeId: string, counting: ReturnType<typeof countingFacts>, criteria: CriteriaRules): MetricValue[] {
  const received = counting.creditsOf.get(employeeId) ?? [];
  const creditedDeals = new Set(received.map((credit) => credit.dealId));
  return metricValues(
    {
      credits: received.length,
      creditedDeals: creditedDeals.size,
      influencedCents: sum([...creditedDeals].map((id) => (counting.deals.get(id) as DealFact).amountCents)),
      creditors: new Set(received.map((credit) => credit.creditedBy)).size,
      points: received.reduce((total, credit) => total + pointsOf(credit, counting.deals.get(credit.dealId) as DealFact, criteria), 0),
      wonCents: counting.wonBy.get(employeeId) ?? 0n,
      quotaCents: counting.quotaOf.get(employeeId) ?? 0n,
      creditsOfKind: (kind) => received.filter((credit) => credit.kind === kind).length,
    },
    criteria,
  );
}

/**
 * The metrics, in the order every standing keeps them, from what was counted (here from the facts, or in the database
 * by `countedStandings`): one place for the units, the points' precision and the kinds the thresholds count.
 */
export function metricValues(counted: Counted, criteria: CriteriaRules): MetricValue[] {
  const base: MetricValue[] = [
    { metric: 'CREDITS', kind: null, value: counted.credits },
    { metric: 'CREDITED_DEALS', kind: null, value: counted.creditedDeals },
    { metric: 'INFLUENCED_AMOUNT', kind: null, value: toUnits(counted.influencedCents) },
    { metric: 'DISTINCT_CREDITORS', kind: null, value: counted.creditors },
    { metric: 'POINTS', kind: null, value: toPointsPrecision(counted.points) },
    { metric: 'WON_AMOUNT', kind: null, value: toUnits(counted.wonCents) },
    { metric: 'QUOTA_ATTAINMENT', kind: null, value: counted.quotaCents === 0n ? 0 : Number(counted.wonCents) / Number(counted.quotaCents) },
  ];
  return [...base, ...countedKinds(criteria).map((kind) => ({ metric: 'CREDITS' as const, kind, value: counted.creditsOfKind(kind) }))];
}

/** The kinds some threshold counts credits of, each once, in the order the thresholds name them. */
export const countedKinds = (criteria: Pick<CriteriaRules, 'thresholds'>): ContributionKind[] => [
  ...new Set(criteria.thresholds.flatMap((threshold) => (threshold.kind ? [threshold.kind] : []))),
];

/** Kind points (1 when the criteria give none for the kind) × deal-type multiplier × the largest product multiplier. */
function pointsOf(credit: CreditFact, deal: DealFact, criteria: CriteriaRules): number {
  const points = criteria.kindPoints.find((entry) => entry.kind === credit.kind)?.points ?? 1;
  const typeMultiplier = criteria.dealTypeMultipliers.find((entry) => entry.type === deal.dealType)?.multiplier ?? 1;
  const productMultipliers = criteria.productMultipliers.filter((entry) => deal.products.includes(entry.product)).map((entry) => entry.multiplier);
  const productMultiplier = productMultipliers.length > 0 ? Math.max(...productMultipliers) : 1;
  return points * typeMultiplier * productMultiplier;
}

/**
 * Points to a millionth: a float sum's last bits depend on the order of the credits, which differs between the
 * read model (its storage order) and a replay (the feed's), and ranks compare points exactly.
 */
export const toPointsPrecision = (points: number) => Math.round(points * 1e6) / 1e6;

const sum = (values: bigint[]) => values.reduce((total, value) => total + value, 0n);
const toUnits = (cents: bigint) => Number(cents) / 100;
