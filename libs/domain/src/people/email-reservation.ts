import { createHash } from 'node:crypto';
import { z } from 'zod';
import { defineEvent, type EventOf } from '@club-ledger/event-store';
import { DomainError } from '../shared';

/**
 * An email is unique across the directory, case-insensitively, even when registrations race: each normalised email
 * has a stream of its own, and an employee takes it by appending to it — the first append to a new stream expects
 * `no_stream`, so of two racing registrations one appends and the other, reloading, finds the email held.
 */
export const EmailReserved = defineEvent('EmailReserved', {
  version: 1,
  schema: z.object({ email: z.string().min(3), employeeId: z.string().min(1).max(64) }),
});
export const EmailReleased = defineEvent('EmailReleased', {
  version: 1,
  schema: z.object({ email: z.string().min(3), employeeId: z.string().min(1).max(64) }),
});
export type EmailReservationEvent = EventOf<typeof EmailReserved> | EventOf<typeof EmailReleased>;
export const emailReservationEventTypes = [EmailReserved, EmailReleased];

export const normalisedEmail = (email: string): string => email.trim().toLowerCase();

/** One stream per normalised email, named by its digest: any email makes a valid stream name on every store. */
export const emailReservationStream = (email: string): string =>
  `emailreservation-${createHash('sha256').update(normalisedEmail(email)).digest('hex').slice(0, 40)}`;

export type EmailReservation = { holder: string | null };
export const noReservation: EmailReservation = { holder: null };

export type EmailReservationCommand =
  /**
   * `staleHolder`: a holder found no longer using the email (its release never came), which may be replaced. Named, not
   * a yes or no: a retry after a racing append finds another holder, which it must not take for stale.
   */
  | { type: 'ReserveEmail'; email: string; employeeId: string; staleHolder: string | null }
  | { type: 'ReleaseEmail'; email: string; employeeId: string };

export function decideEmailReservation(command: EmailReservationCommand, state: EmailReservation): EmailReservationEvent[] | DomainError {
  const email = normalisedEmail(command.email);
  switch (command.type) {
    case 'ReserveEmail': {
      if (state.holder === command.employeeId) return [];
      if (state.holder !== null && state.holder !== command.staleHolder) {
        return new DomainError('ALREADY_EXISTS', `Email ${email} belongs to another employee`, 'email');
      }
      const stale = state.holder === null ? [] : [EmailReleased({ email, employeeId: state.holder })];
      return [...stale, EmailReserved({ email, employeeId: command.employeeId })];
    }
    case 'ReleaseEmail':
      return state.holder === command.employeeId ? [EmailReleased({ email, employeeId: command.employeeId })] : [];
    default: {
      const unknown: never = command;
      throw new Error(`Unhandled email reservation command ${JSON.stringify(unknown)}`);
    }
  }
}

export function evolveEmailReservation(state: EmailReservation, event: EmailReservationEvent): EmailReservation {
  switch (event.type) {
    case 'EmailReserved':
      return { holder: event.data.employeeId };
    case 'EmailReleased':
      return state.holder === event.data.employeeId ? { holder: null } : state;
    default: {
      const unknown: never = event;
      throw new Error(`Unhandled email reservation event ${JSON.stringify(unknown)}`);
    }
  }
}

export const emailReservations = { decide: decideEmailReservation, evolve: evolveEmailReservation, initial: noReservation };
