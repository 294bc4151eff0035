import type { ContributionKind, CriteriaRules, DealType } from '@club-ledger/domain';

/**
 * What one credit weighs in POINTS: its kind's points (1 when the criteria give none for the kind) × its deal type's
 * multiplier × the largest multiplier of the deal's products (each 1 when none applies). Facts folded in TypeScript
 * and standings counted in the database weigh alike; the two sit together so that they cannot drift (see
 * rules.int.spec.ts).
 */
export function pointsOf(
  credit: { kind: ContributionKind },
  deal: { dealType: DealType; products: readonly string[] },
  criteria: Pick<CriteriaRules, 'kindPoints' | 'dealTypeMultipliers' | 'productMultipliers'>,
): number {
  const points = criteria.kindPoints.find((entry) => entry.kind === credit.kind)?.points ?? 1;
  const typeMultiplier = criteria.dealTypeMultipliers.find((entry) => entry.type === deal.dealType)?.multiplier ?? 1;
  const productMultipliers = criteria.productMultipliers.filter((entry) => deal.products.includes(entry.product)).map((entry) => entry.multiplier);
  const productMultiplier = productMultipliers.length > 0 ? Math.max(...productMultipliers) : 1;
  return points * typeMultiplier * productMultiplier;
}

/** `$4`–`$9` of a statement that weighs credits with `WEIGHT_TABLES_SQL`. */
export function weightParameters(rules: Pick<CriteriaRules, 'kindPoints' | 'dealTypeMultipliers' | 'productMultipliers'>): unknown[] {
  return [
    rules.kindPoints.map((entry) => entry.kind), rules.kindPoints.map((entry) => entry.points),
    rules.dealTypeMultipliers.map((entry) => entry.type), rules.dealTypeMultipliers.map((entry) => entry.multiplier),
    rules.productMultipliers.map((entry) => entry.product), rules.productMultipliers.map((entry) => entry.multiplier),
  ];
}

/**
 * The weights as the tables `kind_points`, `type_multipliers` and `product_multipliers` (common table expressions). A kind
 * or deal type the criteria name twice weighs as its first entry, as `find` reads it, and joins one row, not two.
 */
export const WEIGHT_TABLES_SQL = `kind_points AS (SELECT DISTINCT ON (kind) kind, points FROM unnest($4::text[], $5::float8[]) WITH ORDINALITY AS k(kind, points, n) ORDER BY kind, n),
          type_multipliers AS (SELECT DISTINCT ON (deal_type) deal_type, multiplier FROM unnest($6::text[], $7::float8[]) WITH ORDINALITY AS t(deal_type, multiplier, n) ORDER BY deal_type, n),
          product_multipliers AS (SELECT * FROM unnest($8::text[], $9::float8[]) AS p(product, multiplier))`;

/** A deal `deal`'s multipliers, `by_type` and `by_product`, with `type_multipliers` left-joined to it as `t`. */
export const dealMultipliersSql = (deal: string): string => `coalesce(t.multiplier, 1) AS by_type,
                   coalesce((SELECT max(p.multiplier) FROM product_multipliers p WHERE ${deal}.products ? p.product), 1) AS by_product`;

/** A credit's weight, with its kind's points joined as `k` and its deal's multipliers as `counting`, in `pointsOf`'s order. */
export const WEIGHT_SQL = `coalesce(k.points, 1) * counting.by_type * counting.by_product`;
