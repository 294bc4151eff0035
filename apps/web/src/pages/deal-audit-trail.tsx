import { useEffect, useRef, useState } from 'react';
import { useQuery } from '../api/use-query';
import { Async } from '../components/status';
import { formatInstant } from '../format';

const DEAL_HISTORY = /* GraphQL */ `
  query DealHistory($id: ID!) {
    deal(id: $id) {
      id
      history {
        position
        type
        occurredAt
        recordedAt
        actor
      }
    }
  }
`;

interface AuditEntry {
  position: string;
  type: string;
  occurredAt: string;
  recordedAt: string;
  actor: string;
}

/**
 * The deal's events as the ledger recorded them. Read only once opened: most visits never look, and a
 * refusal to show the trail then stays inside this section instead of failing the whole page.
 */
export function DealAuditTrail({ dealId, writes }: { dealId: string; writes: number }) {
  const [opened, setOpened] = useState(false);
  const history = useQuery<{ deal: { id: string; history: AuditEntry[] } | null }>(DEAL_HISTORY, { id: dealId }, { skip: !opened });
  const { refetch } = history;
  const seenWrites = useRef(writes);

  useEffect(() => {
    if (writes === seenWrites.current) return;
    seenWrites.current = writes;
    if (opened) void refetch();
  }, [writes, opened, refetch]);

  return (
    <details className="card audit-trail" onToggle={(event) => event.currentTarget.open && setOpened(true)}>
      <summary>
        <h2>Audit trail</h2>
      </summary>
      {opened && (
        <Async state={history}>
          {({ deal }) =>
            !deal || deal.history.length === 0 ? (
              <p>Nothing recorded yet.</p>
            ) : (
              <div className="table-scroll">
                <table>
                  <caption className="hint">
                    Every event on this deal, oldest first. “Occurred” is business time, “Recorded” is when the ledger learned it.
                  </caption>
                  <thead>
                    <tr>
                      <th scope="col">Event</th>
                      <th scope="col">Occurred</th>
                      <th scope="col" className="hide-narrow">
                        Recorded
                      </th>
                      <th scope="col">Actor</th>
                    </tr>
                  </thead>
                  <tbody>
                    {deal.history.map((entry) => (
                      <tr key={entry.position}>
                        <th scope="row">
                          <code>{entry.type}</code>
                        </th>
                        <td>
                          <time dateTime={entry.occurredAt}>{formatInstant(entry.occurredAt)}</time>
                        </td>
                        <td className="hide-narrow">
                          <time dateTime={entry.recordedAt}>{formatInstant(entry.recordedAt)}</time>
                        </td>
                        <td>{entry.actor}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )
          }
        </Async>
      )}
    </details>
  );
}
