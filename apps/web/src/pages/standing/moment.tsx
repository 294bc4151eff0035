import { useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router-dom';
import { describedBy, Field } from '../../components/form';
import { endOfDay, formatDate, formatInstant } from '../../format';

/** A calendar date as the URL carries it; anything else is refused before it reaches the API. */
const isCalendarDate = (date: string) => /^\d{4}-\d{2}-\d{2}$/.test(date) && !Number.isNaN(Date.parse(`${date}T00:00:00Z`)) && new Date(`${date}T00:00:00Z`).toISOString().startsWith(date);

export interface Moment {
  /** The dates from the URL, as typed ("" when absent). */
  asOfDate: string;
  knownAtDate: string;
  /** The instants sent to the API: the end of those days, or undefined for "now". */
  variables: { asOf?: string; knownAt?: string };
  /** Why the URL's dates cannot be used, or undefined when they can. */
  invalid?: string;
}

/** Reads `?asOf=YYYY-MM-DD&knownAt=YYYY-MM-DD`: "as of a day" includes everything of that day. */
export function useMoment(): Moment {
  const [params] = useSearchParams();
  const asOfDate = params.get('asOf') ?? '';
  const knownAtDate = params.get('knownAt') ?? '';
  const wrong = [asOfDate && !isCalendarDate(asOfDate) && `asOf (${asOfDate})`, knownAtDate && !isCalendarDate(knownAtDate) && `knownAt (${knownAtDate})`].filter(Boolean);
  return {
    asOfDate,
    knownAtDate,
    variables: {
      ...(asOfDate && isCalendarDate(asOfDate) && { asOf: endOfDay(asOfDate) }),
      ...(knownAtDate && isCalendarDate(knownAtDate) && { knownAt: endOfDay(knownAtDate) }),
    },
    invalid: wrong.length ? `The address has a date that is not a calendar day (YYYY-MM-DD): ${wrong.join(', ')}.` : undefined,
  };
}

/** Which moment a standing is for, on both time axes, and the criteria version it used. */
export function MomentSummary({ moment, standing, criteriaInForce }: { moment: Moment; standing: { asOf: string; knownAt: string; criteriaVersion: number }; criteriaInForce: number }) {
  return (
    <dl className="moment">
      <div>
        <dt>As of</dt>
        <dd>{moment.asOfDate ? `End of ${formatDate(moment.asOfDate)}` : `Now (${formatInstant(standing.asOf)})`}</dd>
      </div>
      <div>
        <dt>As known at</dt>
        <dd>{moment.knownAtDate ? `End of ${formatDate(moment.knownAtDate)}` : `Now (${formatInstant(standing.knownAt)})`}</dd>
      </div>
      <div>
        <dt>Criteria</dt>
        <dd>
          Version {standing.criteriaVersion}
          {standing.criteriaVersion !== criteriaInForce && ` (version ${criteriaInForce} is in force now)`}
        </dd>
      </div>
    </dl>
  );
}

/** Lets the reader move the standing in time: a business date, a record date, or back to now. */
export function MomentForm({ moment }: { moment: Moment }) {
  const [, setParams] = useSearchParams();
  const [asOf, setAsOf] = useState(moment.asOfDate);
  const [knownAt, setKnownAt] = useState(moment.knownAtDate);

  function show(event: FormEvent) {
    event.preventDefault();
    setParams({ ...(asOf && { asOf }), ...(knownAt && { knownAt }) });
  }

  return (
    <form className="toolbar moment-form" onSubmit={show} aria-label="Moment of the standing">
      <Field id="as-of" label="As of (business date)" hint="Deals closed by the end of this day count.">
        <input type="date" value={asOf} onChange={(event) => setAsOf(event.target.value)} {...describedBy('as-of', undefined, 'Deals closed by the end of this day count.')} />
      </Field>
      <Field id="known-at" label="As known at (record date)" hint="Only what the ledger had recorded by then.">
        <input type="date" value={knownAt} onChange={(event) => setKnownAt(event.target.value)} {...describedBy('known-at', undefined, 'Only what the ledger had recorded by then.')} />
      </Field>
      <div className="actions">
        <button type="submit" className="primary">
          Show standing
        </button>
        {(moment.asOfDate || moment.knownAtDate) && (
          <button
            type="button"
            onClick={() => {
              setAsOf('');
              setKnownAt('');
              setParams({});
            }}
          >
            Back to now
          </button>
        )}
      </div>
    </form>
  );
}
