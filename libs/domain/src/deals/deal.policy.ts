import { hasRole, readsEverything, type Actor } from '../shared';
import type { Credit, Deal } from './deal.evolve';

type OpenedDeal = Extract<Deal, { opened: true }>;

/** The owner opens and closes their own deals; ADMIN and INTEGRATION may for any deal. */
export const canOpenOrClose = (actor: Actor, ownerId: string): boolean =>
  actor.id === ownerId || hasRole(actor, 'ADMIN', 'INTEGRATION');

/** Only ADMIN and INTEGRATION reopen (a clawback). */
export const canReopen = (actor: Actor): boolean => hasRole(actor, 'ADMIN', 'INTEGRATION');

/** Only the deal's owner, or ADMIN, credits; INTEGRATION too when it carries a credit over with its original date. */
export const canCreditOn = (actor: Actor, deal: OpenedDeal, backfilled = false): boolean =>
  actor.id === deal.ownerId || hasRole(actor, 'ADMIN') || (backfilled && canBackfill(actor));

/** Only ADMIN and INTEGRATION carry a credit over from an earlier system with its original date. */
export const canBackfill = (actor: Actor): boolean => hasRole(actor, 'ADMIN', 'INTEGRATION');

/** The person who gave a credit, HR or ADMIN retracts it. */
export const canRetract = (actor: Actor, credit: Credit): boolean => actor.id === credit.creditedBy || hasRole(actor, 'HR', 'ADMIN');

/** A deal's owner and its credited contributors read the deal; so do HR, EXECUTIVE and ADMIN. */
export const canReadDeal = (actor: Actor, ownerId: string, actorIsCredited: boolean): boolean =>
  actor.id === ownerId || actorIsCredited || readsEverything(actor);

/** Everyone reads their own credits, given and received; HR, EXECUTIVE and ADMIN read anyone's. */
export const canReadCreditsOf = (actor: Actor, employeeId: string): boolean => actor.id === employeeId || readsEverything(actor);

/** Everyone reads the list of deals they own; HR, EXECUTIVE and ADMIN read anyone's. */
export const canReadDealsOf = (actor: Actor, ownerId: string): boolean => actor.id === ownerId || readsEverything(actor);
