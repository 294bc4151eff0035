import type { SqlExecutor } from '@club-ledger/kernel';
import type { ClaimEvent, DisputeEvent, DisputeSubject, NotificationKind } from '@club-ledger/domain';
import { contributionWords, HR_RECIPIENT, links, type Notice } from './messages';
import { dealName, personName } from './notified-facts';

type Notify = (recipient: string, kind: NotificationKind, text: string, link: string | null) => Notice;

const SUBJECT_WORDS: Record<DisputeSubject, string> = {
  RETRACTED_CREDIT: 'a retracted credit',
  DECLINED_CLAIM: 'a declined claim',
  STANDING: 'their standing',
};

/** Claims: the owner is asked, the manager (or HR) when it escalates, the claimant told the decision. */
export async function claimNotices(event: ClaimEvent, tx: SqlExecutor, notice: Notify): Promise<Notice[]> {
  if (event.type === 'CreditClaimed') {
    const { claimId, dealId, claimantId, ownerId, kind } = event.data;
    await tx.query(
      `INSERT INTO notification_claims (claim_id, deal_id, claimant_id, owner_id, kind) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (claim_id) DO NOTHING`,
      [claimId, dealId, claimantId, ownerId, kind],
    );
    const text = `${await personName(tx, claimantId)} asks for credit for ${contributionWords(kind)} on ${await dealName(tx, dealId)}`;
    return [notice(ownerId, 'CLAIM_WAITING', text, links.claims())];
  }
  const [claim] = await tx.query<{ deal_id: string; claimant_id: string; kind: string }>(
    `SELECT deal_id, claimant_id, kind FROM notification_claims WHERE claim_id = $1`,
    [event.data.claimId],
  );
  if (!claim) return [];
  const about = `for ${contributionWords(claim.kind)} on ${await dealName(tx, claim.deal_id)}`;
  switch (event.type) {
    case 'ClaimEscalated': {
      const { approverId } = event.data;
      const claimant = await personName(tx, claim.claimant_id);
      return approverId === null
        ? [notice(HR_RECIPIENT, 'CLAIM_ESCALATED', `${claimant}'s claim ${about} waited too long and its deal's owner has no manager: HR decides`, links.claims())]
        : [notice(approverId, 'CLAIM_ESCALATED', `${claimant}'s claim ${about} waited too long: it is yours to decide`, links.claims())];
    }
    case 'ClaimApproved':
      return [notice(claim.claimant_id, 'CLAIM_DECIDED', `${await personName(tx, event.data.decidedBy)} approved your claim ${about}`, links.deal(claim.deal_id))];
    case 'ClaimDeclined': {
      const text = `${await personName(tx, event.data.decidedBy)} declined your claim ${about}: ${event.data.reason}`;
      return [notice(claim.claimant_id, 'CLAIM_DECIDED', text, links.claims())];
    }
    case 'ClaimWithdrawn':
      return [];
    default: {
      const unknown: never = event;
      throw new Error(`Unhandled claim event ${JSON.stringify(unknown)}`);
    }
  }
}

/** Disputes: HR hears of each one raised, the person who raised it of its resolution. */
export async function disputeNotices(event: DisputeEvent, tx: SqlExecutor, notice: Notify): Promise<Notice[]> {
  switch (event.type) {
    case 'DisputeRaised': {
      const { disputeId, raisedBy, subject, reason } = event.data;
      await tx.query(`INSERT INTO notification_disputes (dispute_id, raised_by) VALUES ($1, $2) ON CONFLICT (dispute_id) DO NOTHING`, [disputeId, raisedBy]);
      const text = `${await personName(tx, raisedBy)} disputes ${SUBJECT_WORDS[subject]}: ${reason}`;
      return [notice(HR_RECIPIENT, 'DISPUTE_RAISED', text, links.disputes())];
    }
    case 'DisputeResolved': {
      const { disputeId, inFavor, resolvedBy, resolution } = event.data;
      const [dispute] = await tx.query<{ raised_by: string }>(`SELECT raised_by FROM notification_disputes WHERE dispute_id = $1`, [disputeId]);
      if (!dispute) return [];
      const outcome = inFavor ? 'in your favour' : 'against you';
      return [notice(dispute.raised_by, 'DISPUTE_RESOLVED', `${await personName(tx, resolvedBy)} resolved your dispute ${outcome}: ${resolution}`, links.disputes())];
    }
    default: {
      const unknown: never = event;
      throw new Error(`Unhandled dispute event ${JSON.stringify(unknown)}`);
    }
  }
}
