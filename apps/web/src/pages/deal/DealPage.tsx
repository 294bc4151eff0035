import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { useQuery } from '../../api/use-query';
import type { ApiError } from '../../api/graphql';
import { hasRole } from '../../auth/session';
import { useViewer } from '../../auth/use-viewer';
import { ErrorMessage, Loading } from '../../components/status';
import { formatDate, formatMoney, humanize } from '../../format';
import { AskForCredit } from '../claims/ask-for-credit';
import { DealAuditTrail } from './audit-trail';
import { DealStatusBadge, Flags } from '../deals/badges';
import { DealCredits } from './credits';
import { DealCreditSection } from './credit-section';
import type { Deal } from '../deals/types';
import '../deals/deals.css';

const DEAL = /* GraphQL */ `
  query Deal($id: ID!) {
    deal(id: $id) {
      id
      name
      account
      owner {
        id
        name
      }
      type
      amount
      products
      status
      openedOn
      closedOn
      flags
      credits {
        id
        contributor {
          id
          name
        }
        kind
        note
        creditedBy {
          id
          name
        }
        creditedAt
        status
        retractedReason
        flags
      }
    }
  }
`;

/** One deal: its facts, its credits (with retracting), crediting a contributor, and its audit trail. */
export function DealPage() {
  const { dealId = '' } = useParams();
  const viewer = useViewer();
  const deal = useQuery<{ deal: Deal | null }>(DEAL, { id: dealId });
  // Bumped after every write so the audit trail, when open, reads the new entries too.
  const [writes, setWrites] = useState(0);

  if (deal.error && !deal.data) return <DealUnavailable dealId={dealId} error={deal.error} retry={() => void deal.refetch()} />;
  if (!deal.data) return <Loading label="Loading the deal…" />;
  if (!deal.data.deal) return <DealUnavailable dealId={dealId} />;

  const current = deal.data.deal;
  const afterWrite = async () => {
    await deal.refetch();
    setWrites((count) => count + 1);
  };
  return (
    <div className="deal-page">
      <p className="back-link">
        <Link to="/deals">← My deals</Link>
      </p>
      <div className="deal-title">
        <h1>{current.name}</h1>
        <DealStatusBadge status={current.status} />
      </div>
      {deal.error && <ErrorMessage error={deal.error} retry={() => void deal.refetch()} />}
      <DealFacts deal={current} />
      <DealCredits credits={current.credits} viewer={viewer} onRetracted={afterWrite} />
      <DealCreditSection
        deal={current}
        viewer={viewer}
        canCredit={current.owner.id === viewer?.id || hasRole(viewer, 'ADMIN')}
        onCredited={afterWrite}
      />
      {current.status === 'CLOSED_WON' && current.owner.id !== viewer?.id && <AskForCredit dealId={current.id} />}
      <DealAuditTrail dealId={current.id} writes={writes} />
    </div>
  );
}

function DealFacts({ deal }: { deal: Deal }) {
  return (
    <section aria-labelledby="deal-facts">
      <h2 id="deal-facts">Deal</h2>
      <dl className="deal-facts">
        <div>
          <dt>Account</dt>
          <dd>{deal.account}</dd>
        </div>
        <div>
          <dt>Owner</dt>
          <dd>{deal.owner.name}</dd>
        </div>
        <div>
          <dt>Type</dt>
          <dd>{humanize(deal.type)}</dd>
        </div>
        <div>
          <dt>Amount</dt>
          <dd>{formatMoney(deal.amount)}</dd>
        </div>
        <div>
          <dt>Products</dt>
          <dd>{deal.products.length > 0 ? deal.products.join(', ') : '—'}</dd>
        </div>
        <div>
          <dt>Status</dt>
          <dd>
            <DealStatusBadge status={deal.status} />
          </dd>
        </div>
        <div>
          <dt>Opened</dt>
          <dd>{formatDate(deal.openedOn)}</dd>
        </div>
        <div>
          <dt>Closed</dt>
          <dd>{formatDate(deal.closedOn)}</dd>
        </div>
        <div>
          <dt>Flags</dt>
          <dd>
            <Flags flags={deal.flags} none="None" />
          </dd>
        </div>
      </dl>
    </section>
  );
}

/** A deal the viewer may not read, or that does not exist, said plainly instead of a blank page. */
function DealUnavailable({ dealId, error, retry }: { dealId: string; error?: ApiError; retry?: () => void }) {
  const back = (
    <p>
      <Link to="/deals">Back to my deals</Link>
    </p>
  );
  if (error?.code === 'FORBIDDEN') {
    return (
      <>
        <h1>You cannot see this deal</h1>
        <p>Only the deal's owner, the colleagues credited on it, HR, executives and admins can see deal {dealId}.</p>
        <AskForCredit dealId={dealId} />
        {back}
      </>
    );
  }
  if (!error || error.code === 'NOT_FOUND') {
    return (
      <>
        <h1>Deal not found</h1>
        <p>There is no deal {dealId}. It may have been mistyped, or not yet arrived from the CRM.</p>
        {back}
      </>
    );
  }
  return (
    <>
      <h1>Deal {dealId}</h1>
      <ErrorMessage error={error} retry={retry} />
      {back}
    </>
  );
}
