import { z } from 'zod';
import { defineEvent, type EventOf } from '@club-ledger/event-store';

export const DISPUTE_SUBJECTS = ['RETRACTED_CREDIT', 'DECLINED_CLAIM', 'STANDING'] as const;
export type DisputeSubject = (typeof DISPUTE_SUBJECTS)[number];

const disputeId = z.string().min(1);
const instant = z.iso.datetime({ offset: true });

/** What is disputed is named and, for a standing, the moment the person saw is pinned. */
export const DisputeRaised = defineEvent('DisputeRaised', {
  version: 1,
  schema: z.object({
    disputeId,
    subject: z.enum(DISPUTE_SUBJECTS),
    raisedBy: z.string().min(1),
    reason: z.string().min(1),
    creditId: z.string().min(1).nullable(),
    claimId: z.string().min(1).nullable(),
    programId: z.string().min(1).nullable(),
    asOf: instant.nullable(),
    knownAt: instant.nullable(),
  }),
});

export const DisputeResolved = defineEvent('DisputeResolved', {
  version: 1,
  schema: z.object({ disputeId, inFavor: z.boolean(), resolvedBy: z.string().min(1), resolution: z.string().min(1) }),
});

export type DisputeEvent = EventOf<typeof DisputeRaised> | EventOf<typeof DisputeResolved>;

export const disputeEventTypes = [DisputeRaised, DisputeResolved];

export const disputeStream = (disputeId: string): string => `dispute-${disputeId}`;
