import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';
import { endOfDay, formatDate } from '../../format';

/**
 * The moment a dashboard shows: business time (`asOf`) and record time (`knownAt`), each a calendar day or
 * empty for "now". It lives in the URL (?asOf=2026-06-30&knownAt=…) so a view can be shared and reloads the same.
 */
export interface Moment {
  asOf: string;
  knownAt: string;
}

const CALENDAR_DAY = /^\d{4}-\d{2}-\d{2}$/;

/** A malformed day in a hand-edited URL means "now" rather than an error from the API. */
const dayOrNow = (value: string | null) => (value && CALENDAR_DAY.test(value) ? value : '');

export const isNow = (moment: Moment) => !moment.asOf && !moment.knownAt;

/** The moment as the API's variables: instants at the end of the chosen days, absent for "now". */
export function momentVariables(moment: Moment): { asOf?: string; knownAt?: string } {
  return {
    ...(moment.asOf && { asOf: endOfDay(moment.asOf) }),
    ...(moment.knownAt && { knownAt: endOfDay(moment.knownAt) }),
  };
}

/** `?asOf=…&knownAt=…` for links that should open at the same moment (empty for "now"). */
export function momentSearch(moment: Moment): string {
  const search = new URLSearchParams();
  if (moment.asOf) search.set('asOf', moment.asOf);
  if (moment.knownAt) search.set('knownAt', moment.knownAt);
  const text = search.toString();
  return text ? `?${text}` : '';
}

/** One sentence saying which moment the numbers describe. */
export function describeMoment(moment: Moment): string {
  if (isNow(moment)) return 'Showing standings now, as the ledger records them.';
  const business = moment.asOf ? `as of ${formatDate(moment.asOf)}` : 'as of now';
  const record = moment.knownAt ? `as the ledger knew them on ${formatDate(moment.knownAt)}` : 'as the ledger records them now';
  return `Showing standings ${business}, ${record}.`;
}

export function useMoment(): [Moment, (next: Partial<Moment>) => void] {
  const [params, setParams] = useSearchParams();
  const asOf = dayOrNow(params.get('asOf'));
  const knownAt = dayOrNow(params.get('knownAt'));
  const moment = useMemo(() => ({ asOf, knownAt }), [asOf, knownAt]);
  const change = useCallback(
    (next: Partial<Moment>) =>
      setParams(
        (current) => {
          const updated = new URLSearchParams(current);
          for (const [key, value] of Object.entries(next)) {
            if (value) updated.set(key, value);
            else updated.delete(key);
          }
          return updated;
        },
        { replace: true },
      ),
    [setParams],
  );
  return [moment, change];
}
