import { DomainError, checkId, type Actor } from '../shared';
import { CONTRIBUTION_KINDS, type ContributionKind } from '../deals/deal.events';
import { ClaimApproved, ClaimDeclined, ClaimEscalated, ClaimWithdrawn, CreditClaimed, claimCreditId, type ClaimEvent } from './claim.events';
import type { Claim } from './claim.evolve';
import { canDecideClaim, canWithdrawClaim } from './claim.policy';

/** The commands on a claim, as plain typed objects. */
export type ClaimCommand =
  | { type: 'ClaimCredit'; data: { claimId: string; dealId: string; kind: ContributionKind; note: string } }
  | { type: 'ApproveClaim'; data: { claimId: string } }
  | { type: 'DeclineClaim'; data: { claimId: string; reason: string } }
  | { type: 'WithdrawClaim'; data: { claimId: string } }
  | { type: 'EscalateClaim'; data: { claimId: string; approverId: string | null } };

/**
 * What a claim's rules need from other streams. `dealOwnerId` is undefined when there is no such deal; `claimant`
 * says whether the caller is a registered employee. `creditRefused` is the deal's answer to recording the credit
 * the claim asks for (not won, the owner's own, an offboarded claimant, already credited): a claim the deal would
 * refuse is neither made nor approved.
 */
export interface ClaimFacts {
  dealOwnerId?: string;
  claimantRegistered?: boolean;
  creditRefused?: DomainError;
}

export type ClaimDecision = ClaimCommand & { actor: Actor; facts: ClaimFacts };

const MAX_NOTE = 2000;

export function decideClaim(command: ClaimDecision, state: Claim): ClaimEvent[] | DomainError {
  const { actor, facts } = command;
  if (command.type === 'ClaimCredit') return claimCredit(command, state);
  if (!state.claimed) return new DomainError('NOT_FOUND', `No claim ${command.data.claimId}`, 'claimId');
  switch (command.type) {
    case 'ApproveClaim':
      if (!canDecideClaim(actor, state)) return forbidden('decide this claim');
      if (state.status !== 'PENDING') return notPending(state.status);
      if (facts.creditRefused) return facts.creditRefused;
      return [ClaimApproved({ claimId: state.id, decidedBy: actor.id, creditId: claimCreditId(state.id) })];
    case 'DeclineClaim': {
      if (!canDecideClaim(actor, state)) return forbidden('decide this claim');
      const reason = command.data.reason.trim();
      if (!reason) return badInput('reason', 'must say why');
      if (state.status !== 'PENDING') return notPending(state.status);
      return [ClaimDeclined({ claimId: state.id, decidedBy: actor.id, reason })];
    }
    case 'WithdrawClaim':
      if (!canWithdrawClaim(actor, state)) return forbidden('withdraw this claim');
      if (state.status !== 'PENDING') return notPending(state.status);
      return [ClaimWithdrawn({ claimId: state.id })];
    case 'EscalateClaim':
      // Escalated once, and only while it waits: a second pass, a replica or a restart finds nothing to do.
      if (state.status !== 'PENDING' || state.escalated) return [];
      return [ClaimEscalated({ claimId: state.id, approverId: command.data.approverId })];
    default: {
      const unknown: never = command;
      throw new Error(`Unhandled claim command ${JSON.stringify(unknown)}`);
    }
  }
}

function claimCredit(command: Extract<ClaimDecision, { type: 'ClaimCredit' }>, state: Claim): ClaimEvent[] | DomainError {
  const { actor, facts, data } = command;
  const badDeal = checkId(data.dealId, 'dealId');
  if (badDeal) return badDeal;
  if (!(CONTRIBUTION_KINDS as readonly string[]).includes(data.kind)) return badInput('kind', 'is not a contribution kind');
  const note = data.note.trim();
  if (note.length === 0 || data.note.length > MAX_NOTE) return badInput('note', `must say what you did in 1-${MAX_NOTE} characters`);
  if (!facts.claimantRegistered) return forbidden('claim credit: only a registered employee does');
  if (facts.dealOwnerId === undefined) return new DomainError('NOT_FOUND', `No deal ${data.dealId}`, 'dealId');
  if (facts.dealOwnerId === actor.id) return new DomainError('SELF_CREDIT', 'The owner cannot claim credit on their own deal');
  if (facts.creditRefused) return facts.creditRefused;
  if (state.claimed) return new DomainError('ALREADY_EXISTS', `A claim for ${data.kind} on ${data.dealId} is already waiting`);
  return [CreditClaimed({ claimId: data.claimId, dealId: data.dealId, claimantId: actor.id, ownerId: facts.dealOwnerId, kind: data.kind, note })];
}

const notPending = (status: string) => new DomainError('INVALID_STATE', `The claim is ${status}, no longer pending`);
const badInput = (field: string, problem: string) => new DomainError('BAD_USER_INPUT', `${field} ${problem}`, field);
const forbidden = (what: string) => new DomainError('FORBIDDEN', `You may not ${what}`);
