import { useState, type FormEvent } from 'react';
import { ApiError, request } from '../../api/graphql';
import { Field, describedBy } from '../../components/form';
import { ErrorMessage } from '../../components/status';

const RAISE_DISPUTE = /* GraphQL */ `
  mutation RaiseDispute($input: RaiseDisputeInput!) {
    raiseDispute(input: $input) {
      id
      status
    }
  }
`;

/** What is disputed: a retracted credit of mine, a declined claim of mine, or my standing at the moment I saw it. */
export type DisputeSubject =
  | { subject: 'RETRACTED_CREDIT'; creditId: string }
  | { subject: 'DECLINED_CLAIM'; claimId: string }
  | { subject: 'STANDING'; programId: string; asOf?: string; knownAt?: string };

/** "Dispute": opens a reason field beside what is disputed; HR resolves it. */
export function DisputeButton({ about, label }: { about: DisputeSubject; label: string }) {
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();
  const [raised, setRaised] = useState(false);
  const id = `dispute-${'creditId' in about ? about.creditId : 'claimId' in about ? about.claimId : about.programId}`;

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    try {
      await request(RAISE_DISPUTE, { input: { ...about, reason } });
      setRaised(true);
      setError(undefined);
    } catch (caught) {
      setError(caught instanceof ApiError ? caught : new ApiError(String(caught), 'CLIENT'));
    } finally {
      setBusy(false);
    }
  }

  if (raised) return <p role="status">Disputed: HR will resolve it.</p>;
  if (!open) {
    return (
      <button type="button" onClick={() => setOpen(true)} aria-label={label}>
        Dispute
      </button>
    );
  }
  const reasonError = error?.field === 'reason' ? error.message : undefined;
  return (
    <form onSubmit={(event) => void submit(event)} className="dispute-form">
      <Field id={`${id}-reason`} label={`Why: ${label}`} error={reasonError}>
        <textarea {...describedBy(`${id}-reason`, reasonError)} value={reason} required maxLength={2000} onChange={(event) => setReason(event.target.value)} />
      </Field>
      {error && !reasonError && <ErrorMessage error={error} />}
      <div className="actions">
        <button type="button" onClick={() => setOpen(false)} disabled={busy}>
          Cancel
        </button>
        <button type="submit" className="primary" disabled={busy} aria-busy={busy}>
          Send dispute
        </button>
      </div>
    </form>
  );
}
