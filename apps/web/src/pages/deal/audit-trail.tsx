import { useEffect, useRef, useState } from 'react';
import { useQuery } from '../../api/use-query';
import { AuditTrailTable, type AuditEntry } from '../../components/AuditTrailTable';
import { Async } from '../../components/status';

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
        summary
        data
      }
    }
  }
`;

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
        <h2 id="deal-audit-heading">Audit trail</h2>
      </summary>
      {opened && (
        <Async state={history}>
          {({ deal }) =>
            !deal || deal.history.length === 0 ? (
              <p>Nothing recorded yet.</p>
            ) : (
              <AuditTrailTable entries={deal.history} labelledBy="deal-audit-heading" />
            )
          }
        </Async>
      )}
    </details>
  );
}
