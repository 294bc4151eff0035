/**
 * A credit given more than 90 days after its deal closed (counted from midnight UTC of the close day) is flagged late:
 * shown on the credit, and left out of a program whose criteria exclude flagged deals. The TypeScript predicate and its
 * SQL sit together so that the two cannot drift (see rules.int.spec.ts).
 */
export const LATE_CREDIT_FLAG = 'LATE_CREDIT';
export const LATE_AFTER_MS = 90 * 86_400_000;

/** The span as a PostgreSQL interval in seconds: days would follow the session's time zone across a DST change. */
export const LATE_CREDIT_SPAN = `${LATE_AFTER_MS / 1000} seconds`;

const midnightUtc = (day: string) => Date.parse(`${day}T00:00:00.000Z`);

export function isLateCredit(credit: { creditedAt: Date | string }, deal: { closedOn: string | null }): boolean {
  return deal.closedOn !== null && new Date(credit.creditedAt).getTime() - midnightUtc(deal.closedOn) > LATE_AFTER_MS;
}

/**
 * The same rule over a credit row named `credit` (its `credited_at`) and its deal named `deal` (its `closed_on`), with
 * `span` the SQL of an interval bound to `LATE_CREDIT_SPAN`.
 */
export const lateCreditSql = (credit: string, deal: string, span: string): string =>
  `(${credit}.credited_at > (${deal}.closed_on::timestamp AT TIME ZONE 'UTC') + ${span}) IS TRUE`;

/** The flags a credit shows. */
export const creditFlags = (credit: { creditedAt: Date | string }, deal: { closedOn: string | null }): string[] =>
  isLateCredit(credit, deal) ? [LATE_CREDIT_FLAG] : [];
