import { Link } from 'react-router-dom';
import { useQuery } from '../api/use-query';
import { Async } from '../components/status';
import { formatInstant, formatNumber } from '../format';
import { formatMetric } from './dashboard-metrics';
import { personLink } from './dashboard-qualifiers';

const PROGRAM_HISTORY = /* GraphQL */ `
  query DashboardHistory($id: ID!) {
    awardProgram(id: $id) {
      id
      history {
        type
        occurredAt
        recordedAt
        actor
        data
      }
    }
  }
`;

const WINNERS = /* GraphQL */ `
  query DashboardWinners($id: ID!) {
    awardProgram(id: $id) {
      id
      winners {
        rank
        employee {
          id
          name
        }
        score
      }
    }
  }
`;

interface AuditEntry {
  type: string;
  occurredAt: string;
  recordedAt: string;
  actor: string;
  data: unknown;
}

interface Winner {
  rank: number | null;
  employee: { id: string; name: string };
  score: number;
}

/** "AwardProgramDrafted" → "Award program drafted": stored event names read as sentences. */
const describeEventType = (type: string) => type.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/ ([A-Z])/g, (_, letter: string) => ` ${letter.toLowerCase()}`);

export function AuditTrail({ programId }: { programId: string }) {
  const state = useQuery<{ awardProgram: { history: AuditEntry[] } | null }>(PROGRAM_HISTORY, { id: programId });
  return (
    <section aria-labelledby="audit-heading">
      <details>
        <summary>
          <h2 id="audit-heading" className="dashboard-summary-heading">
            Audit trail
          </h2>
        </summary>
        <Async state={state}>
          {(data) => {
            const history = data.awardProgram?.history ?? [];
            if (history.length === 0) return <p>Nothing recorded yet.</p>;
            return (
              <div className="table-scroll">
                <table aria-labelledby="audit-heading">
                  <thead>
                    <tr>
                      <th scope="col">Event</th>
                      <th scope="col">When</th>
                      <th scope="col">Who</th>
                      <th scope="col" className="hide-narrow">Details</th>
                    </tr>
                  </thead>
                  <tbody>
                    {history.map((entry, index) => (
                      <tr key={`${entry.recordedAt}-${index}`}>
                        <th scope="row">{describeEventType(entry.type)}</th>
                        <td className="dashboard-when">
                          {formatInstant(entry.occurredAt)}
                          {entry.recordedAt.slice(0, 19) !== entry.occurredAt.slice(0, 19) && (
                            <small className="hint dashboard-block">recorded {formatInstant(entry.recordedAt)}</small>
                          )}
                        </td>
                        <td>{entry.actor}</td>
                        <td className="hide-narrow">
                          <code className="dashboard-json">{JSON.stringify(entry.data)}</code>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            );
          }}
        </Async>
      </details>
    </section>
  );
}

/** The ranked winners recorded when the program was finalized; later events do not change them. */
export function Winners({ programId, rankBy }: { programId: string; rankBy: string }) {
  const state = useQuery<{ awardProgram: { winners: Winner[] | null } | null }>(WINNERS, { id: programId });
  return (
    <section aria-labelledby="winners-heading">
      <h2 id="winners-heading">Winners</h2>
      <Async state={state}>
        {(data) => {
          const winners = data.awardProgram?.winners ?? [];
          if (winners.length === 0) return <p>Nobody won this program.</p>;
          return (
            <>
              <p className="dashboard-count">{formatNumber(winners.length)} recorded when the program was finalized</p>
              <ol className="dashboard-winners">
                {winners.map((winner) => (
                  <li key={winner.employee.id} value={winner.rank ?? undefined}>
                    <Link to={personLink(programId, winner.employee.id, { asOf: '', knownAt: '' })}>{winner.employee.name}</Link>{' '}
                    <span className="hint">{formatMetric(rankBy, winner.score)}</span>
                  </li>
                ))}
              </ol>
            </>
          );
        }}
      </Async>
    </section>
  );
}
