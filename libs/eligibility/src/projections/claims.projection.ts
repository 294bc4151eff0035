import type { SqlExecutor } from '@club-ledger/kernel';
import type { DecodedEvent } from '@club-ledger/event-store';
import { claimCreditId, type ClaimEvent, type DealEvent, type DisputeEvent } from '@club-ledger/domain';
import type { Projection } from '../projector';

type Projected = (ClaimEvent | DisputeEvent | Extract<DealEvent, { type: 'CreditRestored' }>) & Omit<DecodedEvent, 'type' | 'data'>;

/**
 * Claims and disputes as their people and HR browse them. Few, and each changed by a person's hand, so each event
 * is written as it comes. A dispute also keeps what its resolution in favour records on the deal (the credit it grants,
 * the credit restored), for the pass that completes a resolution cut off before it.
 */
export const claimsProjection: Projection = {
  name: 'claims',
  handles: ['CreditClaimed', 'ClaimEscalated', 'ClaimApproved', 'ClaimDeclined', 'ClaimWithdrawn', 'DisputeRaised', 'DisputeResolved', 'CreditRestored'],
  tables: ['claims', 'disputes'],
  async apply(events: readonly DecodedEvent[], tx: SqlExecutor) {
    for (const event of events as unknown as readonly Projected[]) await applyOne(event, tx);
  },
};

async function applyOne(event: Projected, tx: SqlExecutor): Promise<void> {
  const at = event.metadata.occurredAt;
  switch (event.type) {
    case 'CreditClaimed': {
      const { claimId, dealId, claimantId, ownerId, kind, note } = event.data;
      await tx.query(
        `INSERT INTO claims (id, deal_id, claimant_id, owner_id, kind, note, status, approver_id, claimed_at)
         VALUES ($1, $2, $3, $4, $5, $6, 'PENDING', $4, $7)`,
        [claimId, dealId, claimantId, ownerId, kind, note, at],
      );
      return;
    }
    case 'ClaimEscalated':
      await tx.query(`UPDATE claims SET escalated = true, approver_id = $2, escalated_at = $3 WHERE id = $1`, [event.data.claimId, event.data.approverId, at]);
      return;
    case 'ClaimApproved':
      await decided(tx, event.data.claimId, 'APPROVED', event.data.decidedBy, at, null, event.data.creditId);
      return;
    case 'ClaimDeclined':
      await decided(tx, event.data.claimId, 'DECLINED', event.data.decidedBy, at, event.data.reason, null);
      return;
    case 'ClaimWithdrawn':
      await decided(tx, event.data.claimId, 'WITHDRAWN', event.metadata.actor, at, null, null);
      return;
    case 'DisputeRaised': {
      const { disputeId, subject, raisedBy, reason, creditId, claimId, programId, asOf, knownAt } = event.data;
      await tx.query(
        `INSERT INTO disputes (id, subject, raised_by, reason, raised_at, credit_id, claim_id, program_id, as_of, known_at, status, grants_credit_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'OPEN', $11)`,
        [disputeId, subject, raisedBy, reason, at, creditId, claimId, programId, asOf, knownAt, subject === 'DECLINED_CLAIM' && claimId ? claimCreditId(claimId) : null],
      );
      return;
    }
    case 'DisputeResolved': {
      const { disputeId, inFavor, resolvedBy, resolution } = event.data;
      await tx.query(`UPDATE disputes SET status = $2, resolved_by = $3, resolved_at = $4, resolution = $5 WHERE id = $1`, [
        disputeId, inFavor ? 'RESOLVED_IN_FAVOR' : 'RESOLVED_AGAINST', resolvedBy, at, resolution,
      ]);
      return;
    }
    case 'CreditRestored':
      await tx.query(`UPDATE disputes SET restored = true WHERE id = $1`, [event.data.disputeId]);
      return;
    default: {
      const unknown: never = event;
      throw new Error(`Unhandled claim event ${JSON.stringify(unknown)}`);
    }
  }
}

function decided(tx: SqlExecutor, claimId: string, status: string, by: string, at: string, reason: string | null, creditId: string | null) {
  return tx.query(`UPDATE claims SET status = $2, decided_by = $3, decided_at = $4, reason = $5, credit_id = $6 WHERE id = $1`, [
    claimId, status, by, at, reason, creditId,
  ]);
}
