/**
 * Who holds an email, as the directory read model shows it (for the sign-in page and imports). Uniqueness itself is
 * not decided here but by each email's reservation stream (see email-reservation.ts), which holds under races.
 */
export abstract class Directory {
  /** The id of the employee who holds this email, if any. */
  abstract emailOwner(email: string): Promise<string | undefined>;
}
