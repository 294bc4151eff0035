import { DomainError, checkDate, checkId, formatMoney, parseMoney, type Actor } from '../shared';
import {
  CONTRIBUTION_KINDS,
  ContributionCredited,
  CreditRestored,
  CreditRetracted,
  DEAL_TYPES,
  DealClosedLost,
  DealClosedWon,
  DealOpened,
  DealReopened,
  type ContributionKind,
  type DealEvent,
  type DealType,
} from './deal.events';
import type { Deal } from './deal.evolve';
import { canBackfill, canCreditOn, canOpenOrClose, canReopen, canRetract } from './deal.policy';

/** What the handler knows of an employee named by a command, from that employee's stream. */
export type EmployeeFacts = { registered: false } | { registered: true; active: boolean };

export type DealCommand =
  | {
      type: 'OpenDeal';
      actor: Actor;
      dealId: string;
      name: string;
      account: string;
      ownerId: string;
      dealType: DealType;
      amount: string;
      products: readonly string[];
      openedOn: string;
      owner: EmployeeFacts;
    }
  | { type: 'CloseDeal'; actor: Actor; dealId: string; outcome: 'WON' | 'LOST'; amount?: string; closedOn: string }
  | { type: 'ReopenDeal'; actor: Actor; dealId: string; reason: string }
  | {
      type: 'CreditContribution';
      actor: Actor;
      dealId: string;
      creditId: string;
      contributorId: string;
      kind: ContributionKind;
      note: string;
      contributor: EmployeeFacts;
      /** The original date of a credit carried over from an earlier system of record. */
      creditedOn?: string;
    }
  | { type: 'RetractCredit'; actor: Actor; dealId: string; creditId: string; reason: string }
  /** A claim approved (or a dispute over its decline won): the owner's credit, as the claim asked; the claim decided who may. */
  | {
      type: 'GrantClaimedCredit';
      actor: Actor;
      dealId: string;
      creditId: string;
      contributorId: string;
      kind: ContributionKind;
      note: string;
      contributor: EmployeeFacts;
    }
  /** A dispute over a retraction decided for the contributor; HR or ADMIN decided it. */
  | { type: 'RestoreCredit'; actor: Actor; dealId: string; creditId: string; disputeId: string };

const MAX_NOTE = 2000;

export function decideDeal(command: DealCommand, state: Deal): DealEvent[] | DomainError {
  const badId = checkId(command.dealId, 'dealId');
  if (badId) return badId;
  if (command.type === 'OpenDeal') return openDeal(command, state);
  if (!state.opened) return new DomainError('NOT_FOUND', `No deal ${command.dealId}`, 'dealId');
  switch (command.type) {
    case 'CloseDeal': {
      if (!canOpenOrClose(command.actor, state.ownerId)) return forbidden('close this deal');
      if (command.outcome !== 'WON' && command.outcome !== 'LOST') return badInput('outcome', 'must be WON or LOST');
      const badDate = checkDate(command.closedOn, 'closedOn');
      if (badDate) return badDate;
      if (command.closedOn < state.openedOn) return badInput('closedOn', `must not be before the open date ${state.openedOn}`);
      if (state.status !== 'OPEN') return new DomainError('INVALID_STATE', `Deal ${state.id} is already ${state.status}`);
      if (command.outcome === 'LOST') return [DealClosedLost({ dealId: state.id, closedOn: command.closedOn })];
      const amount = command.amount === undefined ? state.amount : moneyOf(command.amount, 'amount');
      if (amount instanceof DomainError) return amount;
      return [DealClosedWon({ dealId: state.id, amount, closedOn: command.closedOn })];
    }
    case 'ReopenDeal': {
      if (!canReopen(command.actor)) return forbidden('reopen deals');
      if (!command.reason.trim()) return badInput('reason', 'must not be empty');
      if (state.status !== 'CLOSED_WON') return new DomainError('INVALID_STATE', `Only a won deal is reopened; ${state.id} is ${state.status}`);
      return [DealReopened({ dealId: state.id, reason: command.reason.trim() })];
    }
    case 'CreditContribution': {
      const badContributor = checkId(command.contributorId, 'contributorId');
      if (badContributor) return badContributor;
      if (!(CONTRIBUTION_KINDS as readonly string[]).includes(command.kind)) return badInput('kind', 'is not a contribution kind');
      const note = command.note.trim();
      if (note.length === 0 || command.note.length > MAX_NOTE) return badInput('note', `must say what they did in 1-${MAX_NOTE} characters`);
      if (!canCreditOn(command.actor, state, command.creditedOn !== undefined)) return forbidden('credit on this deal');
      if (command.creditedOn !== undefined) {
        if (!canBackfill(command.actor)) return new DomainError('FORBIDDEN', 'Only ADMIN and INTEGRATION give a credit its original date', 'creditedOn');
        const badDay = checkDate(command.creditedOn, 'creditedOn');
        if (badDay) return badDay;
      }
      if (!command.contributor.registered) return new DomainError('NOT_FOUND', `No employee ${command.contributorId}`, 'contributorId');
      const refused = refusedCredit(state, command);
      if (refused) return refused;
      return [
        ContributionCredited({
          dealId: state.id,
          creditId: command.creditId,
          contributorId: command.contributorId,
          kind: command.kind,
          note,
          creditedBy: command.actor.id,
          ...(command.creditedOn !== undefined && { creditedOn: command.creditedOn }),
        }),
      ];
    }
    case 'RetractCredit': {
      const credit = state.credits.find((candidate) => candidate.id === command.creditId);
      if (!credit) return new DomainError('NOT_FOUND', `No credit ${command.creditId} on deal ${state.id}`, 'creditId');
      if (!canRetract(command.actor, credit)) return forbidden('retract this credit');
      if (!command.reason.trim()) return badInput('reason', 'must not be empty');
      if (!credit.active) return new DomainError('INVALID_STATE', `Credit ${credit.id} is already retracted`);
      return [CreditRetracted({ dealId: state.id, creditId: credit.id, reason: command.reason.trim(), retractedBy: command.actor.id })];
    }
    case 'GrantClaimedCredit': {
      // Granted once: a retried or raced approval names the same credit.
      if (state.credits.some((credit) => credit.id === command.creditId)) return [];
      const refused = refusedCredit(state, command);
      if (refused) return refused;
      const { creditId, contributorId, kind } = command;
      return [ContributionCredited({ dealId: state.id, creditId, contributorId, kind, note: command.note.trim(), creditedBy: state.ownerId })];
    }
    case 'RestoreCredit': {
      const credit = state.credits.find((candidate) => candidate.id === command.creditId);
      if (!credit) return new DomainError('NOT_FOUND', `No credit ${command.creditId} on deal ${state.id}`, 'creditId');
      if (credit.active) return [];
      const duplicate = activeCreditOf(state, credit.contributorId, credit.kind);
      if (duplicate) return new DomainError('DUPLICATE_CREDIT', `${credit.contributorId} already has a ${credit.kind} credit on ${state.id}`);
      return [CreditRestored({ creditId: credit.id, disputeId: command.disputeId })];
    }
    default: {
      const unknown: never = command;
      throw new Error(`Unhandled deal command ${JSON.stringify(unknown)}`);
    }
  }
}

type OpenedDeal = Extract<Deal, { opened: true }>;

/** Who may receive a credit on this deal, whoever gives it: the rules of SPEC.md "Credits" and "Claims". */
function refusedCredit(
  state: OpenedDeal,
  { contributorId, contributor, kind }: { contributorId: string; contributor: EmployeeFacts; kind: ContributionKind },
): DomainError | undefined {
  if (state.status !== 'CLOSED_WON') return new DomainError('DEAL_NOT_WON', `Deal ${state.id} is ${state.status}, not won`);
  if (contributorId === state.ownerId) return new DomainError('SELF_CREDIT', 'The owner cannot credit themselves');
  if (!contributor.registered) return new DomainError('NOT_FOUND', `No employee ${contributorId}`, 'contributorId');
  if (!contributor.active) return new DomainError('CONTRIBUTOR_INACTIVE', `${contributorId} is offboarded`);
  if (activeCreditOf(state, contributorId, kind)) return new DomainError('DUPLICATE_CREDIT', `${contributorId} already has a ${kind} credit on ${state.id}`);
  return undefined;
}

const activeCreditOf = (state: OpenedDeal, contributorId: string, kind: ContributionKind) =>
  state.credits.some((credit) => credit.active && credit.contributorId === contributorId && credit.kind === kind);

function openDeal(command: Extract<DealCommand, { type: 'OpenDeal' }>, state: Deal): DealEvent[] | DomainError {
  const badOwner = checkId(command.ownerId, 'ownerId');
  if (badOwner) return badOwner;
  for (const field of ['name', 'account'] as const) {
    if (!command[field].trim() || command[field].length > 200) return badInput(field, 'must be 1-200 characters');
  }
  if (!(DEAL_TYPES as readonly string[]).includes(command.dealType)) return badInput('type', 'is not a deal type');
  const amount = moneyOf(command.amount, 'amount');
  if (amount instanceof DomainError) return amount;
  if (command.products.some((product) => !product.trim())) return badInput('products', 'must not contain an empty name');
  const badDate = checkDate(command.openedOn, 'openedOn');
  if (badDate) return badDate;
  if (!canOpenOrClose(command.actor, command.ownerId)) return forbidden('open a deal for someone else');
  if (!command.owner.registered) return new DomainError('NOT_FOUND', `No employee ${command.ownerId}`, 'ownerId');
  if (state.opened) return new DomainError('ALREADY_EXISTS', `Deal ${command.dealId} already exists`);
  return [
    DealOpened({
      dealId: command.dealId,
      name: command.name.trim(),
      account: command.account.trim(),
      ownerId: command.ownerId,
      dealType: command.dealType,
      amount,
      products: command.products.map((product) => product.trim()),
      openedOn: command.openedOn,
    }),
  ];
}

function moneyOf(value: string, field: string): string | DomainError {
  const cents = parseMoney(value, field);
  return cents instanceof DomainError ? cents : formatMoney(cents);
}

const badInput = (field: string, problem: string) => new DomainError('BAD_USER_INPUT', `${field} ${problem}`, field);
const forbidden = (what: string) => new DomainError('FORBIDDEN', `You may not ${what}`);
