import { useState } from 'react';
import { Link } from 'react-router-dom';
import { ApiError, request } from '../../api/graphql';
import { useQuery } from '../../api/use-query';
import { useViewer } from '../../auth/use-viewer';
import { Field } from '../../components/form';
import { Async, ErrorMessage } from '../../components/status';
import { formatInstant, humanize } from '../../format';
import { kindLabel, type ContributionKind } from '../standing/words';
import { DisputeButton } from './dispute-button';
import './claims.css';

const CLAIM_FIELDS = /* GraphQL */ `
  fragment ClaimRow on Claim {
    id
    kind
    note
    status
    claimedAt
    escalatedAt
    waitingForHr
    reason
    deal {
      id
      name
      account
    }
    claimant {
      id
      name
    }
    approver {
      name
    }
  }
`;

const CLAIMS = /* GraphQL */ `
  query Claims {
    waiting: claims(waitingForMe: true, first: 100) {
      totalCount
      nodes {
        ...ClaimRow
      }
    }
    all: claims(first: 100) {
      nodes {
        ...ClaimRow
      }
    }
  }
  ${CLAIM_FIELDS}
`;

interface ClaimRow {
  id: string;
  kind: ContributionKind;
  note: string;
  status: 'PENDING' | 'APPROVED' | 'DECLINED' | 'WITHDRAWN';
  claimedAt: string;
  escalatedAt: string | null;
  waitingForHr: boolean;
  reason: string | null;
  deal: { id: string; name: string; account: string };
  claimant: { id: string; name: string };
  approver: { name: string };
}

const DECIDE = {
  approve: `mutation Approve($id: ID!) { approveClaim(claimId: $id) { id status } }`,
  decline: `mutation Decline($id: ID!, $reason: String!) { declineClaim(claimId: $id, reason: $reason) { id status } }`,
  withdraw: `mutation Withdraw($id: ID!) { withdrawClaim(claimId: $id) { id status } }`,
};

/** Claims for credit: those waiting for my decision (as owner, manager or HR), and my own. */
export function Claims() {
  const viewer = useViewer();
  const state = useQuery<{ waiting: { totalCount: number; nodes: ClaimRow[] }; all: { nodes: ClaimRow[] } }>(CLAIMS);
  return (
    <>
      <h1>Claims for credit</h1>
      <Async state={state}>
        {({ waiting, all }) => (
          <>
            <section aria-labelledby="waiting-title">
              <h2 id="waiting-title">Waiting for me ({waiting.totalCount})</h2>
              {waiting.nodes.length === 0 ? (
                <p>No claim waits for your decision.</p>
              ) : (
                <ul className="claims">
                  {waiting.nodes.map((claim) => (
                    <li key={claim.id}>
                      <ClaimSummary claim={claim} />
                      <Decision claimId={claim.id} onDecided={() => void state.refetch()} />
                    </li>
                  ))}
                </ul>
              )}
            </section>
            <section aria-labelledby="mine-title">
              <h2 id="mine-title">My claims</h2>
              <MyClaims claims={all.nodes.filter((claim) => claim.claimant.id === viewer?.id)} onChanged={() => void state.refetch()} />
            </section>
          </>
        )}
      </Async>
    </>
  );
}

function ClaimSummary({ claim }: { claim: ClaimRow }) {
  return (
    <div className="claim-summary">
      <p>
        <strong>{claim.claimant.name}</strong> asks for {kindLabel(claim.kind)} on <Link to={`/deals/${claim.deal.id}`}>{claim.deal.name}</Link> ({claim.deal.account})
      </p>
      <blockquote>{claim.note}</blockquote>
      <p className="hint">
        Asked {formatInstant(claim.claimedAt)} · {humanize(claim.status)}
        {claim.escalatedAt && ` · escalated ${formatInstant(claim.escalatedAt)} to ${claim.waitingForHr ? 'HR' : claim.approver.name}`}
        {claim.reason && ` · declined: ${claim.reason}`}
      </p>
    </div>
  );
}

function Decision({ claimId, onDecided }: { claimId: string; onDecided: () => void }) {
  const [reason, setReason] = useState('');
  const [declining, setDeclining] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();

  async function send(mutation: string, variables: Record<string, unknown>) {
    setBusy(true);
    try {
      await request(mutation, variables);
      setError(undefined);
      onDecided();
    } catch (caught) {
      setError(caught instanceof ApiError ? caught : new ApiError(String(caught), 'CLIENT'));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="claim-decision">
      {declining && (
        <Field id={`decline-${claimId}`} label="Why decline" error={error?.field === 'reason' ? error.message : undefined}>
          <textarea id={`decline-${claimId}`} value={reason} onChange={(event) => setReason(event.target.value)} />
        </Field>
      )}
      {error && error.field !== 'reason' && <ErrorMessage error={error} />}
      <div className="actions">
        {!declining && (
          <button type="button" className="primary" disabled={busy} onClick={() => void send(DECIDE.approve, { id: claimId })}>
            Approve
          </button>
        )}
        <button type="button" disabled={busy} onClick={() => (declining ? void send(DECIDE.decline, { id: claimId, reason }) : setDeclining(true))}>
          {declining ? 'Decline with this reason' : 'Decline'}
        </button>
      </div>
    </div>
  );
}

function MyClaims({ claims, onChanged }: { claims: ClaimRow[]; onChanged: () => void }) {
  const [error, setError] = useState<ApiError>();
  if (claims.length === 0) return <p>You have not asked for credit. Ask on a won deal's page when a rep forgot you.</p>;
  const withdraw = async (id: string) => {
    try {
      await request(DECIDE.withdraw, { id });
      onChanged();
    } catch (caught) {
      setError(caught instanceof ApiError ? caught : new ApiError(String(caught), 'CLIENT'));
    }
  };
  return (
    <>
      {error && <ErrorMessage error={error} />}
      <ul className="claims">
        {claims.map((claim) => (
          <li key={claim.id}>
            <ClaimSummary claim={claim} />
            {claim.status === 'PENDING' && (
              <button type="button" onClick={() => void withdraw(claim.id)}>
                Withdraw
              </button>
            )}
            {claim.status === 'DECLINED' && <DisputeButton about={{ subject: 'DECLINED_CLAIM', claimId: claim.id }} label={`Dispute the declined claim on ${claim.deal.name}`} />}
          </li>
        ))}
      </ul>
    </>
  );
}
