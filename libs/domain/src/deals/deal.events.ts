import { z } from 'zod';
import { defineEvent, type EventOf } from '@club-ledger/event-store';

export const DEAL_TYPES = ['NEW_BUSINESS', 'EXPANSION', 'RENEWAL'] as const;
export const CONTRIBUTION_KINDS = [
  'DEAL_ASSIST',
  'POC_SUPPORT',
  'ESCALATION',
  'ROADMAP_BRIEFING',
  'RFP_RESPONSE',
  'COMPETITIVE_INTEL',
] as const;
export type DealType = (typeof DEAL_TYPES)[number];
export type ContributionKind = (typeof CONTRIBUTION_KINDS)[number];

const id = z.string().min(1).max(64);
/** Money in events is the decimal string of the API ("1500000.00"): exact, and readable in the audit trail. */
const money = z.string().regex(/^\d{1,15}\.\d{2}$/);
const date = z.iso.date();

export const DealOpened = defineEvent('DealOpened', {
  version: 1,
  schema: z.object({
    dealId: id,
    name: z.string().min(1),
    account: z.string().min(1),
    ownerId: id,
    dealType: z.enum(DEAL_TYPES),
    amount: money,
    products: z.array(z.string().min(1)),
    openedOn: date,
  }),
});

export const DealClosedWon = defineEvent('DealClosedWon', {
  version: 1,
  schema: z.object({ dealId: id, amount: money, closedOn: date }),
});

export const DealClosedLost = defineEvent('DealClosedLost', {
  version: 1,
  schema: z.object({ dealId: id, closedOn: date }),
});

export const DealReopened = defineEvent('DealReopened', {
  version: 1,
  schema: z.object({ dealId: id, reason: z.string().min(1) }),
});

/** v2: a credit carried over from an earlier system of record names its original date (`creditedOn`, BACKFILLED). */
export const ContributionCredited = defineEvent('ContributionCredited', {
  version: 2,
  schema: z.object({
    dealId: id,
    creditId: z.string().min(1),
    contributorId: id,
    kind: z.enum(CONTRIBUTION_KINDS),
    note: z.string().min(1).max(2000),
    creditedBy: z.string().min(1),
    creditedOn: date.optional(),
  }),
  // Every v1 credit was recorded when it was given.
  upcasters: { 1: (older) => older },
});

export const CreditRetracted = defineEvent('CreditRetracted', {
  version: 1,
  schema: z.object({ dealId: id, creditId: z.string().min(1), reason: z.string().min(1), retractedBy: z.string().min(1) }),
});

/** A dispute over a retraction was decided in the contributor's favour: the credit is active again. */
export const CreditRestored = defineEvent('CreditRestored', {
  version: 1,
  schema: z.object({ creditId: z.string().min(1), disputeId: z.string().min(1) }),
});

export type DealEvent =
  | EventOf<typeof DealOpened>
  | EventOf<typeof DealClosedWon>
  | EventOf<typeof DealClosedLost>
  | EventOf<typeof DealReopened>
  | EventOf<typeof ContributionCredited>
  | EventOf<typeof CreditRetracted>
  | EventOf<typeof CreditRestored>;

export const dealEventTypes = [DealOpened, DealClosedWon, DealClosedLost, DealReopened, ContributionCredited, CreditRetracted, CreditRestored];

export const dealStream = (dealId: string): string => `deal-${dealId}`;
