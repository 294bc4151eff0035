import { useState } from 'react';
import { ApiError, request } from '../../api/graphql';
import { useQuery } from '../../api/use-query';
import { hasRole } from '../../auth/session';
import { useViewer } from '../../auth/use-viewer';
import { Field } from '../../components/form';
import { Async, ErrorMessage } from '../../components/status';
import { formatInstant, humanize } from '../../format';
import '../claims/claims.css';

const DISPUTES = /* GraphQL */ `
  query Disputes {
    disputes(first: 100) {
      totalCount
      nodes {
        id
        subject
        reason
        status
        raisedAt
        asOf
        knownAt
        resolution
        resolvedAt
        raisedBy {
          name
        }
        credit {
          kind
          deal {
            name
          }
        }
        claim {
          kind
          deal {
            name
          }
        }
        program {
          name
        }
      }
    }
  }
`;

const RESOLVE = /* GraphQL */ `
  mutation Resolve($id: ID!, $inFavor: Boolean!, $resolution: String!) {
    resolveDispute(disputeId: $id, inFavor: $inFavor, resolution: $resolution) {
      id
      status
    }
  }
`;

interface DisputeRow {
  id: string;
  subject: 'RETRACTED_CREDIT' | 'DECLINED_CLAIM' | 'STANDING';
  reason: string;
  status: 'OPEN' | 'RESOLVED_IN_FAVOR' | 'RESOLVED_AGAINST';
  raisedAt: string;
  asOf: string | null;
  knownAt: string | null;
  resolution: string | null;
  resolvedAt: string | null;
  raisedBy: { name: string } | null;
  credit: { kind: string; deal: { name: string } } | null;
  claim: { kind: string; deal: { name: string } } | null;
  program: { name: string } | null;
}

/** HR's queue of disputes (open first, oldest first), or, for anyone else, the disputes they raised. */
export function Disputes() {
  const viewer = useViewer();
  const resolves = hasRole(viewer, 'HR', 'ADMIN');
  const state = useQuery<{ disputes: { totalCount: number; nodes: DisputeRow[] } }>(DISPUTES);
  return (
    <>
      <h1>{resolves ? 'Disputes to resolve' : 'My disputes'}</h1>
      <Async state={state}>
        {({ disputes }) =>
          disputes.nodes.length === 0 ? (
            <p>No disputes.</p>
          ) : (
            <ul className="claims">
              {disputes.nodes.map((dispute) => (
                <li key={dispute.id}>
                  <p>
                    <strong>{dispute.raisedBy?.name ?? 'Someone'}</strong> disputes {about(dispute)}
                  </p>
                  <blockquote>{dispute.reason}</blockquote>
                  <p className="hint">
                    Raised {formatInstant(dispute.raisedAt)} · {humanize(dispute.status)}
                    {dispute.resolution && ` · ${dispute.resolution}`}
                  </p>
                  {resolves && dispute.status === 'OPEN' && <Resolve disputeId={dispute.id} onResolved={() => void state.refetch()} />}
                </li>
              ))}
            </ul>
          )
        }
      </Async>
    </>
  );
}

function about(dispute: DisputeRow): string {
  switch (dispute.subject) {
    case 'RETRACTED_CREDIT':
      return `the retraction of a ${humanize(dispute.credit?.kind ?? '')} credit on ${dispute.credit?.deal.name ?? 'a deal'}`;
    case 'DECLINED_CLAIM':
      return `a declined claim for ${humanize(dispute.claim?.kind ?? '')} on ${dispute.claim?.deal.name ?? 'a deal'}`;
    case 'STANDING':
      return `their standing in ${dispute.program?.name ?? 'a program'} as of ${formatInstant(dispute.asOf)} (known at ${formatInstant(dispute.knownAt)})`;
  }
}

function Resolve({ disputeId, onResolved }: { disputeId: string; onResolved: () => void }) {
  const [resolution, setResolution] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();
  const resolve = async (inFavor: boolean) => {
    setBusy(true);
    try {
      await request(RESOLVE, { id: disputeId, inFavor, resolution });
      setError(undefined);
      onResolved();
    } catch (caught) {
      setError(caught instanceof ApiError ? caught : new ApiError(String(caught), 'CLIENT'));
    } finally {
      setBusy(false);
    }
  };
  const resolutionError = error?.field === 'resolution' ? error.message : undefined;
  return (
    <div className="claim-decision">
      <Field id={`resolution-${disputeId}`} label="Resolution" error={resolutionError}>
        <textarea id={`resolution-${disputeId}`} value={resolution} onChange={(event) => setResolution(event.target.value)} />
      </Field>
      {error && !resolutionError && <ErrorMessage error={error} />}
      <div className="actions">
        <button type="button" className="primary" disabled={busy} onClick={() => void resolve(true)}>
          In their favour
        </button>
        <button type="button" disabled={busy} onClick={() => void resolve(false)}>
          Against
        </button>
      </div>
    </div>
  );
}
