import { useState } from 'react';
import { ApiError, request } from '../../api/graphql';
import { hasRole, type Viewer } from '../../auth/session';
import { ConfirmDialog, Field, describedBy } from '../../components/form';
import { formatCreditedAt, formatNumber } from '../../format';
import { Flags } from '../deals/badges';
import { KIND_LABELS, type Credit } from '../deals/types';

const RETRACT_CREDIT = /* GraphQL */ `
  mutation RetractCredit($creditId: ID!, $reason: String!) {
    retractCredit(creditId: $creditId, reason: $reason) {
      id
      status
      retractedReason
    }
  }
`;

/** The person who gave a credit, HR or ADMIN retracts it (SPEC "Credits"); the server decides, this only hides the button. */
const canRetract = (viewer: Viewer | null, credit: Credit) =>
  credit.status === 'ACTIVE' && (viewer?.id === credit.creditedBy.id || hasRole(viewer, 'HR', 'ADMIN'));

export function DealCredits({
  credits,
  viewer,
  onRetracted,
  highlight,
}: {
  credits: Credit[];
  viewer: Viewer | null;
  onRetracted: () => Promise<void>;
  /** The credit just given, marked so the eye finds it in the list. */
  highlight?: string;
}) {
  const [retracting, setRetracting] = useState<Credit>();
  const [retracted, setRetracted] = useState('');
  const active = credits.filter((credit) => credit.status === 'ACTIVE').length;

  return (
    <section aria-labelledby="deal-credits">
      <h2 id="deal-credits">Credits</h2>
      {credits.length === 0 ? (
        <p>No one has been credited on this deal yet.</p>
      ) : (
        <p className="hint">
          {formatNumber(active)} active of {formatNumber(credits.length)}
        </p>
      )}
      <p role="status" aria-live="polite" className="deal-success">
        {retracted}
      </p>
      <ul className="credit-list">
        {credits.map((credit) => (
          <li key={credit.id} className={`credit${credit.status === 'RETRACTED' ? ' retracted' : ''}${credit.id === highlight ? ' just-added' : ''}`}>
            <CreditView credit={credit} />
            {canRetract(viewer, credit) && (
              <div className="actions">
                <button
                  type="button"
                  className="danger"
                  onClick={() => setRetracting(credit)}
                  aria-label={`Retract ${credit.contributor.name}'s ${KIND_LABELS[credit.kind]} credit`}
                >
                  Retract
                </button>
              </div>
            )}
          </li>
        ))}
      </ul>
      <RetractDialog
        credit={retracting}
        onClose={() => setRetracting(undefined)}
        onRetracted={async (credit) => {
          setRetracting(undefined);
          setRetracted(`Retracted ${credit.contributor.name}'s ${KIND_LABELS[credit.kind]} credit`);
          await onRetracted();
        }}
      />
    </section>
  );
}

function CreditView({ credit }: { credit: Credit }) {
  return (
    <>
      <h3 className="credit-heading">
        {credit.contributor.name} <span className="credit-kind">{KIND_LABELS[credit.kind]}</span>{' '}
        <span className={`badge ${credit.status === 'ACTIVE' ? 'good' : 'bad'}`}>{credit.status === 'ACTIVE' ? 'Active' : 'Retracted'}</span>
      </h3>
      <p className="credit-note">{credit.note}</p>
      <p className="credit-meta">
        Credited by {credit.creditedBy.name} on <time dateTime={credit.creditedAt}>{formatCreditedAt(credit)}</time>
      </p>
      {credit.status === 'RETRACTED' && <p className="credit-meta">Retracted: {credit.retractedReason ?? 'no reason recorded'}</p>}
      <Flags flags={credit.flags} />
    </>
  );
}

/** Asks for the reason the ledger keeps with a retraction; the dialog stays open on an error, showing it. */
function RetractDialog({ credit, onClose, onRetracted }: { credit?: Credit; onClose: () => void; onRetracted: (credit: Credit) => Promise<void> }) {
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string>();
  const [failure, setFailure] = useState<ApiError>();
  const [busy, setBusy] = useState(false);

  const close = () => {
    setReason('');
    setReasonError(undefined);
    setFailure(undefined);
    onClose();
  };

  async function confirm() {
    if (!credit || busy) return;
    if (!reason.trim()) {
      setReasonError('Give the reason for retracting this credit.');
      return;
    }
    setBusy(true);
    try {
      await request(RETRACT_CREDIT, { creditId: credit.id, reason: reason.trim() });
      setReason('');
      setReasonError(undefined);
      setFailure(undefined);
      await onRetracted(credit);
    } catch (caught) {
      const error = caught instanceof ApiError ? caught : new ApiError(String(caught), 'CLIENT');
      if (error.code === 'BAD_USER_INPUT' && error.field === 'reason') setReasonError(error.message);
      else setFailure(error);
    } finally {
      setBusy(false);
    }
  }

  return (
    <ConfirmDialog
      open={!!credit}
      title="Retract this credit?"
      confirmLabel={busy ? 'Retracting…' : 'Retract credit'}
      onConfirm={() => void confirm()}
      onCancel={close}
      busy={busy}
    >
      {credit && (
        <p>
          {credit.contributor.name}'s {KIND_LABELS[credit.kind]} credit stops counting in every program. The ledger keeps it, marked retracted, with
          your reason.
        </p>
      )}
      <Field id="retract-reason" label="Reason" error={reasonError}>
        <textarea
          {...describedBy('retract-reason', reasonError)}
          required
          value={reason}
          onChange={(event) => {
            setReason(event.target.value);
            setReasonError(undefined);
          }}
        />
      </Field>
      {failure && (
        <p className="error" role="alert">
          {failure.message}
        </p>
      )}
    </ConfirmDialog>
  );
}
