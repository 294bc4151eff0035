import { useId, useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { useQuery } from '../../api/use-query';
import { Async } from '../../components/status';
import { endOfDay, formatDate, formatInstant } from '../../format';
import { personLink } from './qualifiers';

const STANDING_CHANGES = /* GraphQL */ `
  query DashboardComparison($id: ID!, $from: MomentInput!, $to: MomentInput!, $only: Boolean) {
    awardProgram(id: $id) {
      id
      standingChanges(from: $from, to: $to, onlyQualificationChanges: $only) {
        employee {
          id
          name
        }
        before {
          qualifies
          rank
        }
        after {
          qualifies
          rank
        }
        causes {
          kind
          description
          occurredAt
          recordedAt
          position
          deal {
            id
          }
          credit {
            id
          }
        }
      }
    }
  }
`;

interface Placed {
  qualifies: boolean;
  rank: number | null;
}

interface Change {
  employee: { id: string; name: string };
  before: Placed | null;
  after: Placed | null;
  causes: { kind: string; description: string; occurredAt: string; recordedAt: string; position: string | null; deal: { id: string } | null; credit: { id: string } | null }[];
}

/** Two moments, each a business day (as of) and a record day (known at); empty means now. */
interface Comparison {
  fromAsOf: string;
  fromKnownAt: string;
  toAsOf: string;
  toKnownAt: string;
  only: boolean;
}

const momentOf = (asOf: string, knownAt: string) => ({ ...(asOf && { asOf: endOfDay(asOf) }), ...(knownAt && { knownAt: endOfDay(knownAt) }) });

const placeWords = (placed: Placed | null) => (placed === null ? 'no standing' : placed.qualifies ? `qualifies${placed.rank ? ` (#${placed.rank})` : ''}` : placed.rank ? `#${placed.rank}, not qualifying` : 'not qualifying');

/** One of the two moments: its business day (`{name}AsOf`) and record day (`{name}KnownAt`). */
function MomentFields({ legend, name }: { legend: string; name: string }) {
  const asOf = useId();
  const knownAt = useId();
  return (
    <fieldset>
      <legend>{legend}</legend>
      <label htmlFor={asOf}>As of</label>
      <input id={asOf} name={`${name}AsOf`} type="date" />
      <label htmlFor={knownAt}>Known at</label>
      <input id={knownAt} name={`${name}KnownAt`} type="date" />
    </fieldset>
  );
}

/** "Compare two moments": who gained, who lost, and why, each cause linking to its deal. */
export function CompareMoments({ programId }: { programId: string }) {
  const [asked, setAsked] = useState<Comparison | null>(null);
  const onlyId = useId();
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (name: string) => String(form.get(name) ?? '');
    setAsked({ fromAsOf: text('fromAsOf'), fromKnownAt: text('fromKnownAt'), toAsOf: text('toAsOf'), toKnownAt: text('toKnownAt'), only: form.get('only') === 'on' });
  };
  return (
    <section aria-labelledby="compare-heading">
      <details>
        <summary>
          <h2 id="compare-heading" className="dashboard-summary-heading">
            Compare two moments
          </h2>
        </summary>
        <form onSubmit={submit} className="compare-form">
          <p className="hint">Empty dates mean now. The same “as of” at two “known at” dates shows what the ledger learned later.</p>
          <MomentFields legend="From" name="from" />
          <MomentFields legend="To" name="to" />
          <div className="dashboard-check">
            <input id={onlyId} name="only" type="checkbox" defaultChecked />
            <label htmlFor={onlyId}>Only changes of qualification</label>
          </div>
          <button type="submit">Compare</button>
        </form>
        {asked && <Changes key={JSON.stringify(asked)} programId={programId} asked={asked} />}
      </details>
    </section>
  );
}

function Changes({ programId, asked }: { programId: string; asked: Comparison }) {
  const state = useQuery<{ awardProgram: { standingChanges: Change[] } | null }>(STANDING_CHANGES, {
    id: programId, from: momentOf(asked.fromAsOf, asked.fromKnownAt), to: momentOf(asked.toAsOf, asked.toKnownAt), only: asked.only,
  });
  const here = { asOf: asked.toAsOf, knownAt: asked.toKnownAt };
  return (
    <Async state={state}>
      {(data) => {
        const changes = data.awardProgram?.standingChanges ?? [];
        if (changes.length === 0) return <p role="status">Nobody&rsquo;s {asked.only ? 'qualification' : 'standing'} changed between these moments.</p>;
        const gained = changes.filter((change) => change.after?.qualifies && !change.before?.qualifies);
        const lost = changes.filter((change) => change.before?.qualifies && !change.after?.qualifies);
        const moved = changes.filter((change) => !gained.includes(change) && !lost.includes(change));
        return (
          <div className="comparison" role="status">
            {[['Gained', gained], ['Lost', lost], ['Moved', moved]].map(([title, group]) =>
              (group as Change[]).length === 0 ? null : (
                <section key={title as string} aria-label={title as string}>
                  <h3>{title as string}</h3>
                  <ul className="comparison-list">
                    {(group as Change[]).map((change) => (
                      <li key={change.employee.id}>
                        <Link to={personLink(programId, change.employee.id, here)}>{change.employee.name}</Link>: {placeWords(change.before)} → {placeWords(change.after)}
                        <ul className="comparison-causes">
                          {change.causes.map((cause, index) => (
                            <li key={`${cause.position ?? cause.kind}-${index}`}>
                              {cause.deal ? <Link to={`/deals/${encodeURIComponent(cause.deal.id)}`}>{cause.description}</Link> : cause.description}{' '}
                              <span className="hint">
                                (happened {formatDate(cause.occurredAt.slice(0, 10))}, recorded {formatInstant(cause.recordedAt)})
                              </span>
                            </li>
                          ))}
                        </ul>
                      </li>
                    ))}
                  </ul>
                </section>
              ),
            )}
          </div>
        );
      }}
    </Async>
  );
}
