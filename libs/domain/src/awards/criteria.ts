import { z } from 'zod';
import { CONTRIBUTION_KINDS, DEAL_TYPES } from '../deals/deal.events';

export const METRICS = [
  'CREDITS',
  'CREDITED_DEALS',
  'INFLUENCED_AMOUNT',
  'DISTINCT_CREDITORS',
  'POINTS',
  'WON_AMOUNT',
  'QUOTA_ATTAINMENT',
] as const;
export type Metric = (typeof METRICS)[number];

const nonNegative = z.number().finite().nonnegative();

/** Criteria as HR writes them (before a version is given); also the schema inside the events. */
export const criteriaSchema = z.object({
  thresholds: z
    .array(z.object({ metric: z.enum(METRICS), atLeast: nonNegative, kind: z.enum(CONTRIBUTION_KINDS).nullable() }))
    .min(1),
  rankBy: z.enum(METRICS),
  maxWinners: z.number().int().min(1).nullable(),
  kindPoints: z.array(z.object({ kind: z.enum(CONTRIBUTION_KINDS), points: nonNegative })),
  dealTypeMultipliers: z.array(z.object({ type: z.enum(DEAL_TYPES), multiplier: nonNegative })),
  productMultipliers: z.array(z.object({ product: z.string().min(1), multiplier: nonNegative })),
  excludeFlaggedDeals: z.boolean(),
  requireActive: z.boolean(),
});
export type CriteriaRules = z.infer<typeof criteriaSchema>;

/** A version of a program's criteria, as in force from `revisedAt`. */
export interface Criteria extends CriteriaRules {
  version: number;
  reason: string | null;
  revisedAt: string;
}
