import { Link } from 'react-router-dom';
import { useQuery } from '../../api/use-query';
import { AuditTrailTable, type AuditEntry } from '../../components/AuditTrailTable';
import { ExportCsvButton } from '../../components/ExportCsvButton';
import { Async } from '../../components/status';
import { formatNumber } from '../../format';
import { formatMetric } from './metrics';
import { personLink } from './qualifiers';

const PROGRAM_HISTORY = /* GraphQL */ `
  query DashboardHistory($id: ID!) {
    awardProgram(id: $id) {
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

interface Winner {
  rank: number | null;
  employee: { id: string; name: string };
  score: number;
}

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
              <>
                <ExportCsvButton path="/exports/audit.csv" filename="audit.csv" label="Export the ledger's audit trail CSV" />
                <AuditTrailTable entries={history} labelledBy="audit-heading" />
              </>
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
