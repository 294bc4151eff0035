import { hasRole, readsEverything, type Actor } from './actor';

/**
 * Who reads what (SPEC.md, "Who may read what"), decided where the data is: every path that reaches a deal, a credit,
 * a standing or an audit entry — asked directly, nested, in a mutation's answer — asks these functions, and the API
 * applies them to every field of those types whatever resolver produced the object.
 *
 * Each view names the fields a reader may see; `whole` is every field. What a reader knows beyond the token (is the
 * reader credited on this deal, does the reader manage this person) comes in as facts, gathered once per request.
 */

/** A service account (INTEGRATION without a reading role) writes; it reads only what its writes need: ids and statuses. */
export const isService = (actor: Actor): boolean => hasRole(actor, 'INTEGRATION') && !readsEverything(actor);

/** The fields a service reads on any type: identities and states, never text or figures. */
export const SERVICE_FIELDS: ReadonlySet<string> = new Set(['id', 'status', 'active', 'totalCount', 'hasNextPage', 'endCursor', '__typename']);

/** What the reader is to a person: a manager (direct or indirect) reads their reports' credits and standings as HR would. */
export interface PersonFacts {
  managesThem: boolean;
}

/** Reads a person's credits and standings: themselves, their managers, HR, EXECUTIVE and ADMIN. */
export const canReadPerson = (actor: Actor, employeeId: string, facts: PersonFacts): boolean =>
  actor.id === employeeId || facts.managesThem || readsEverything(actor);

/** Everyone reads their own credits, given and received; their managers, HR, EXECUTIVE and ADMIN read anyone's. */
export const canReadCreditsOf = (actor: Actor, employeeId: string, facts: PersonFacts = { managesThem: false }): boolean =>
  canReadPerson(actor, employeeId, facts);

/** Everyone reads the list of deals they own; HR, EXECUTIVE and ADMIN read anyone's. */
export const canReadDealsOf = (actor: Actor, ownerId: string): boolean => actor.id === ownerId || readsEverything(actor);

export type View = 'whole' | 'none' | readonly string[];

/** What a claimant reads of a deal through their claim: what the deal is, not its credits or history. */
const DEAL_SUMMARY = ['id', 'name', 'account', 'owner', 'status'] as const;
const IDS_AND_STATUSES = ['id', 'status'] as const;

export interface DealFacts {
  /** The reader holds a credit on the deal. */
  credited: boolean;
  /** The reader manages the deal's owner. */
  managesOwner: boolean;
  /** The deal was reached through a claim the reader may read. */
  throughClaim: boolean;
}

/** A deal's owner and its credited contributors read the deal; so do the owner's managers, HR, EXECUTIVE and ADMIN. */
export const canReadDeal = (actor: Actor, ownerId: string, facts: Pick<DealFacts, 'credited'> & Partial<DealFacts>): boolean =>
  actor.id === ownerId || facts.credited || facts.managesOwner === true || readsEverything(actor);

export function dealView(actor: Actor, deal: { ownerId: string }, facts: DealFacts): View {
  if (canReadDeal(actor, deal.ownerId, facts)) return 'whole';
  if (facts.throughClaim) return DEAL_SUMMARY;
  return isService(actor) ? IDS_AND_STATUSES : 'none';
}

export interface CreditFacts extends PersonFacts {
  /** The reader reads the credit's deal whole (its credits come with it). */
  readsDeal: boolean;
}

/** A credit is read by whom it credits and who gave it, by those who read its deal, and as its contributor's are. */
export function creditView(actor: Actor, credit: { contributorId: string; creditedById: string }, facts: CreditFacts): View {
  if (actor.id === credit.creditedById || facts.readsDeal || canReadPerson(actor, credit.contributorId, facts)) return 'whole';
  return isService(actor) ? IDS_AND_STATUSES : 'none';
}

/** What anyone signed in reads of a finalized program's winner: who, and at which rank. */
const WINNER_PUBLIC = ['employee', 'rank', 'program'] as const;

/**
 * A standing's figures and evidence: the person, their managers, HR, EXECUTIVE and ADMIN; a winner's name and rank:
 * anyone signed in, except a service, which never reads other people's standings.
 */
export function standingView(actor: Actor, standing: { employeeId: string; winner?: boolean }, facts: PersonFacts): View {
  if (canReadPerson(actor, standing.employeeId, facts)) return 'whole';
  return standing.winner && !isService(actor) ? WINNER_PUBLIC : 'none';
}

/** An audit entry's time, type and actor are the trail's outline; what it recorded (`data`, `summary`) is protected. */
const AUDIT_OUTLINE = ['position', 'stream', 'type', 'occurredAt', 'recordedAt', 'actor'] as const;

/** The audit trail is HR's, EXECUTIVE's and ADMIN's; a deal's own trail is also read by those who read the deal. */
export function auditEntryView(actor: Actor, facts: { readsDealOfStream: boolean }): View {
  return readsEverything(actor) || facts.readsDealOfStream ? 'whole' : AUDIT_OUTLINE;
}

export const viewAllows = (view: View, field: string): boolean => view === 'whole' || (view !== 'none' && view.includes(field));
