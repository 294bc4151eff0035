import { hasRole, type Actor, type DealFacts } from '../shared';
import type { Claim } from './claim.evolve';

type Claimed = Extract<Claim, { claimed: true }>;

/**
 * The deal's owner decides; once escalated, so may the manager it went to; HR and ADMIN decide any claim
 * (and so those escalated to HR, whose `approverId` is null).
 */
export const canDecideClaim = (actor: Actor, claim: Claimed): boolean =>
  actor.id === claim.ownerId || (claim.escalated && claim.approverId === actor.id) || hasRole(actor, 'HR', 'ADMIN');

/** Only the claimant withdraws their claim. */
export const canWithdrawClaim = (actor: Actor, claim: Claimed): boolean => actor.id === claim.claimantId;

/** The claimant, the deal's owner, the owner's managers (the whole chain above the owner), HR and ADMIN read a claim. */
export const canReadClaim = (actor: Actor, claim: { claimantId: string; ownerId: string }, facts: Pick<DealFacts, 'managesOwner'>): boolean =>
  actor.id === claim.claimantId || actor.id === claim.ownerId || facts.managesOwner || hasRole(actor, 'HR', 'ADMIN');

/** HR and ADMIN resolve disputes; the person who raised one, HR and ADMIN read it. */
export const canResolveDispute = (actor: Actor): boolean => hasRole(actor, 'HR', 'ADMIN');
export const canReadDispute = (actor: Actor, dispute: { raisedBy: string }): boolean =>
  actor.id === dispute.raisedBy || hasRole(actor, 'HR', 'ADMIN');
