import { useState } from 'react';
import { ApiError, request } from '../../api/graphql';
import { Toast } from '../../components/toast';
import { humanize } from '../../format';
import { DealCreditForm } from './credit-form';
import { useKindPoints } from './kinds';
import type { Deal } from '../deals/types';

const UNDO_CREDIT = /* GraphQL */ `
  mutation UndoCredit($creditId: ID!, $reason: String!) {
    retractCredit(creditId: $creditId, reason: $reason) {
      id
      status
    }
  }
`;

type Outcome = { kind: 'credited'; id: string; message: string } | { kind: 'undone'; message: string } | { kind: 'failed'; message: string };

/**
 * "Credit a contributor", offered to those who may credit on this deal (its owner, an admin) once it is won. A credit
 * is confirmed by a toast whose Undo retracts it at once, with the reason "Undone", as the ledger never deletes.
 */
export function DealCreditSection({
  deal,
  onCredited,
  onChanged,
}: {
  deal: Deal;
  onCredited: (creditId: string) => Promise<void>;
  onChanged: () => Promise<void>;
}) {
  const [fills, setFills] = useState(0);
  const [outcome, setOutcome] = useState<Outcome>();
  const [undoing, setUndoing] = useState(false);
  const programs = useKindPoints();

  async function undo(credited: Extract<Outcome, { kind: 'credited' }>) {
    setUndoing(true);
    try {
      await request(UNDO_CREDIT, { creditId: credited.id, reason: 'Undone' });
      setOutcome({ kind: 'undone', message: `Undone: ${credited.message.replace(/^Credited/, 'the credit of')}` });
      await onChanged();
    } catch (caught) {
      setOutcome({ kind: 'failed', message: `Could not undo: ${caught instanceof ApiError ? caught.message : String(caught)}` });
    } finally {
      setUndoing(false);
    }
  }

  return (
    <section aria-labelledby="credit-heading" id="credit">
      <h2 id="credit-heading">Credit a contributor</h2>
      {deal.status !== 'CLOSED_WON' ? (
        <p>Contributors are credited on won deals; this deal is {humanize(deal.status).toLowerCase()}.</p>
      ) : (
        <>
          <p className="hint">Credit the colleagues who helped win this deal, and say what they did.</p>
          <DealCreditForm
            key={fills}
            dealId={deal.id}
            ownerId={deal.owner.id}
            credits={deal.credits}
            programs={programs}
            // After a credit the fresh form takes focus, so keyboard users carry on from the top of it.
            focusOnMount={fills > 0 || location.hash === '#credit'}
            onCredited={async ({ id, message }) => {
              setOutcome({ kind: 'credited', id, message });
              setFills((count) => count + 1);
              await onCredited(id);
            }}
            onEdit={() => setOutcome((current) => (current?.kind === 'credited' ? current : undefined))}
          />
        </>
      )}
      {outcome && (
        <Toast
          onDismiss={() => setOutcome(undefined)}
          action={outcome.kind === 'credited' ? { label: undoing ? 'Undoing…' : 'Undo', run: () => void undo(outcome), busy: undoing } : undefined}
        >
          {outcome.message}
        </Toast>
      )}
    </section>
  );
}
