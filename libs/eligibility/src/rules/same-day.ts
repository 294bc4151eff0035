/**
 * A deal opened and closed the same day is flagged: shown on the deal, and left out of a program whose criteria exclude
 * flagged deals. The TypeScript predicate and its SQL sit together so that the two cannot drift (see rules.int.spec.ts).
 */
export const SAME_DAY_FLAG = 'OPENED_AND_CLOSED_SAME_DAY';

export function isOpenedAndClosedSameDay(deal: { openedOn: string; closedOn: string | null }): boolean {
  return deal.closedOn !== null && deal.closedOn === deal.openedOn;
}

/** The same rule over a `deals` row (or any row with `opened_on` and `closed_on` dates) named `deal`. */
export const openedAndClosedSameDaySql = (deal: string): string => `(${deal}.closed_on = ${deal}.opened_on) IS TRUE`;

/** The flags a deal shows. */
export const dealFlags = (deal: { openedOn: string; closedOn: string | null }): string[] => (isOpenedAndClosedSameDay(deal) ? [SAME_DAY_FLAG] : []);
