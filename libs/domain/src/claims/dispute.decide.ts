import { DomainError, type Actor } from '../shared';
import { DISPUTE_SUBJECTS, DisputeRaised, DisputeResolved, type DisputeEvent, type DisputeSubject } from './dispute.events';
import type { Dispute } from './dispute.evolve';
import { canResolveDispute } from './claim.policy';

export interface RaiseDisputeData {
  disputeId: string;
  subject: DisputeSubject;
  reason: string;
  creditId: string | null;
  claimId: string | null;
  programId: string | null;
  /** The moment of the standing disputed, pinned (the handler fills the present for what is not given). */
  asOf: string | null;
  knownAt: string | null;
}

export type DisputeCommand =
  | { type: 'RaiseDispute'; data: RaiseDisputeData }
  | { type: 'ResolveDispute'; data: { disputeId: string; inFavor: boolean; resolution: string } };

/**
 * What is disputed, as its own stream has it: the credit (whose, still retracted?), the claim (whose, still
 * declined?) or the program (does it exist?); undefined when there is no such thing. `effectRefused` is the deal's
 * answer to what a resolution in favour records (restoring the credit, recording the claimed one).
 */
export interface DisputeFacts {
  /** Whether the caller is a registered employee: only people dispute (not a feed's service account). */
  raiserRegistered?: boolean;
  credit?: { contributorId: string; active: boolean };
  claim?: { claimantId: string; status: string };
  programExists?: boolean;
  effectRefused?: DomainError;
}

export type DisputeDecision = DisputeCommand & { actor: Actor; facts: DisputeFacts };

const MAX_TEXT = 2000;

/** Which field names what each subject is about. */
const SUBJECT_FIELD = { RETRACTED_CREDIT: 'creditId', DECLINED_CLAIM: 'claimId', STANDING: 'programId' } as const;

export function decideDispute(command: DisputeDecision, state: Dispute): DisputeEvent[] | DomainError {
  const { actor, facts } = command;
  switch (command.type) {
    case 'RaiseDispute': {
      const { data } = command;
      if (!(DISPUTE_SUBJECTS as readonly string[]).includes(data.subject)) return badInput('subject', 'is not a dispute subject');
      const field = SUBJECT_FIELD[data.subject];
      if (!data[field]) return badInput(field, `names what a ${data.subject} dispute is about`);
      const reason = textOf(data.reason);
      if (!reason) return badInput('reason', `must say why in 1-${MAX_TEXT} characters`);
      if (!facts.raiserRegistered) return forbidden('raise a dispute: only a registered employee does');
      const refused = refusedSubject(data.subject, actor, facts);
      if (refused) return refused;
      if (state.raised) return new DomainError('ALREADY_EXISTS', `Dispute ${data.disputeId} already exists`);
      const pinned = data.subject === 'STANDING';
      return [
        DisputeRaised({
          disputeId: data.disputeId,
          subject: data.subject,
          raisedBy: actor.id,
          reason,
          creditId: data.subject === 'RETRACTED_CREDIT' ? data.creditId : null,
          claimId: data.subject === 'DECLINED_CLAIM' ? data.claimId : null,
          programId: pinned ? data.programId : null,
          asOf: pinned ? data.asOf : null,
          knownAt: pinned ? data.knownAt : null,
        }),
      ];
    }
    case 'ResolveDispute': {
      if (!canResolveDispute(actor)) return forbidden('resolve disputes: HR and ADMIN do');
      if (!state.raised) return new DomainError('NOT_FOUND', `No dispute ${command.data.disputeId}`, 'disputeId');
      const resolution = textOf(command.data.resolution);
      if (!resolution) return badInput('resolution', `must say what was decided in 1-${MAX_TEXT} characters`);
      if (state.status !== 'OPEN') return new DomainError('INVALID_STATE', `The dispute is already ${state.status}`);
      if (command.data.inFavor && facts.effectRefused) return facts.effectRefused;
      return [DisputeResolved({ disputeId: state.id, inFavor: command.data.inFavor, resolvedBy: actor.id, resolution })];
    }
    default: {
      const unknown: never = command;
      throw new Error(`Unhandled dispute command ${JSON.stringify(unknown)}`);
    }
  }
}

/** A person disputes only what is theirs: a retraction of their credit, their declined claim, their standing. */
function refusedSubject(subject: DisputeSubject, actor: Actor, facts: DisputeFacts): DomainError | undefined {
  switch (subject) {
    case 'RETRACTED_CREDIT':
      if (!facts.credit) return new DomainError('NOT_FOUND', 'No such credit', 'creditId');
      if (facts.credit.contributorId !== actor.id) return forbidden('dispute a credit that is not yours');
      if (facts.credit.active) return new DomainError('INVALID_STATE', 'The credit is not retracted');
      return undefined;
    case 'DECLINED_CLAIM':
      if (!facts.claim) return new DomainError('NOT_FOUND', 'No such claim', 'claimId');
      if (facts.claim.claimantId !== actor.id) return forbidden('dispute a claim that is not yours');
      if (facts.claim.status !== 'DECLINED') return new DomainError('INVALID_STATE', `The claim is ${facts.claim.status}, not declined`);
      return undefined;
    case 'STANDING':
      return facts.programExists ? undefined : new DomainError('NOT_FOUND', 'No such program', 'programId');
    default: {
      const unknown: never = subject;
      throw new Error(`Unhandled dispute subject ${JSON.stringify(unknown)}`);
    }
  }
}

const textOf = (text: string): string | undefined => {
  const trimmed = text.trim();
  return trimmed.length > 0 && text.length <= MAX_TEXT ? trimmed : undefined;
};
const badInput = (field: string, problem: string) => new DomainError('BAD_USER_INPUT', `${field} ${problem}`, field);
const forbidden = (what: string) => new DomainError('FORBIDDEN', `You may not ${what}`);
