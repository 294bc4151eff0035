import { z } from 'zod';
import { defineEvent, eventIdFor, type EventOf } from '@club-ledger/event-store';
import { CONTRIBUTION_KINDS } from '../deals/deal.events';

const id = z.string().min(1).max(64);
const claimId = z.string().min(1);

/** A contributor asks the deal's owner for a credit they were not given; the owner is the first approver. */
export const CreditClaimed = defineEvent('CreditClaimed', {
  version: 1,
  schema: z.object({
    claimId,
    dealId: id,
    claimantId: id,
    ownerId: id,
    kind: z.enum(CONTRIBUTION_KINDS),
    note: z.string().min(1).max(2000),
  }),
});

/** Unanswered too long: the owner's manager decides now, or HR when the owner has none (`approverId: null`). */
export const ClaimEscalated = defineEvent('ClaimEscalated', {
  version: 1,
  schema: z.object({ claimId, approverId: id.nullable() }),
});

/** Approved: the credit it recorded on the deal carries `creditId`. */
export const ClaimApproved = defineEvent('ClaimApproved', {
  version: 1,
  schema: z.object({ claimId, decidedBy: z.string().min(1), creditId: z.string().min(1) }),
});

export const ClaimDeclined = defineEvent('ClaimDeclined', {
  version: 1,
  schema: z.object({ claimId, decidedBy: z.string().min(1), reason: z.string().min(1) }),
});

export const ClaimWithdrawn = defineEvent('ClaimWithdrawn', {
  version: 1,
  schema: z.object({ claimId }),
});

export type ClaimEvent =
  | EventOf<typeof CreditClaimed>
  | EventOf<typeof ClaimEscalated>
  | EventOf<typeof ClaimApproved>
  | EventOf<typeof ClaimDeclined>
  | EventOf<typeof ClaimWithdrawn>;

export const claimEventTypes = [CreditClaimed, ClaimEscalated, ClaimApproved, ClaimDeclined, ClaimWithdrawn];

export const claimStream = (claimId: string): string => `claim-${claimId}`;

/**
 * The credit a claim becomes, whichever way it is granted (an approval, or a dispute over its decline): one id
 * per claim, so that granting it twice (a retry, a race, a replica) names the same credit and records it once.
 */
export const claimCreditId = (claimId: string): string => eventIdFor(`claim-credit:${claimId}`);

/**
 * A claim's id is derived from what it asks for (deal, claimant, kind) and how many such claims came before, so
 * that two claims racing for the same credit land on the same stream: one is recorded, the other is refused.
 */
export const claimIdFor = (dealId: string, claimantId: string, kind: string, round: number): string =>
  eventIdFor(`claim:${dealId}:${claimantId}:${kind}:${round}`);
