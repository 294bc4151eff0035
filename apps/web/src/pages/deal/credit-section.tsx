import { useState } from 'react';
import type { Viewer } from '../../auth/session';
import { humanize } from '../../format';
import { DealCreditForm } from './credit-form';
import type { Deal } from '../deals/types';

/**
 * "Credit a contributor": the form when the viewer may credit on this deal, otherwise why not. The
 * success message lives here so it outlives the form, which starts afresh (new idempotency key) after each credit.
 */
export function DealCreditSection({
  deal,
  viewer,
  canCredit,
  onCredited,
}: {
  deal: Deal;
  viewer: Viewer | null;
  canCredit: boolean;
  onCredited: () => Promise<void>;
}) {
  const [fills, setFills] = useState(0);
  const [credited, setCredited] = useState('');

  return (
    <section aria-labelledby="credit-heading">
      <h2 id="credit-heading">Credit a contributor</h2>
      {!canCredit ? (
        <p>Only the deal's owner, {deal.owner.id === viewer?.id ? 'you' : deal.owner.name}, or an admin can credit contributors on this deal.</p>
      ) : deal.status !== 'CLOSED_WON' ? (
        <p>Contributors are credited on won deals; this deal is {humanize(deal.status).toLowerCase()}.</p>
      ) : (
        <>
          <p className="hint">Credit the colleagues who helped win this deal, and say what they did.</p>
          <DealCreditForm
            key={fills}
            dealId={deal.id}
            // After a credit the fresh form takes focus, so keyboard users carry on from the top of it.
            focusOnMount={fills > 0}
            onCredited={async (message) => {
              setCredited(message);
              setFills((count) => count + 1);
              await onCredited();
            }}
            onEdit={() => setCredited('')}
          />
        </>
      )}
      <p role="status" aria-live="polite" className="deal-success">
        {credited}
      </p>
    </section>
  );
}
