import { useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { ApiError, request } from '../../api/graphql';
import { Field, describedBy } from '../../components/form';
import { ErrorMessage } from '../../components/status';
import { kindLabel, type ContributionKind } from '../standing/words';

const KINDS: ContributionKind[] = ['DEAL_ASSIST', 'POC_SUPPORT', 'ESCALATION', 'ROADMAP_BRIEFING', 'RFP_RESPONSE', 'COMPETITIVE_INTEL'];

const CLAIM_CREDIT = /* GraphQL */ `
  mutation ClaimCredit($input: ClaimCreditInput!) {
    claimCredit(input: $input) {
      id
      status
      approver {
        name
      }
    }
  }
`;

/** What each refusal means to the person asking, in their words. */
const REFUSALS: Record<string, string> = {
  SELF_CREDIT: 'This is your own deal: credit the colleagues who helped you instead.',
  DEAL_NOT_WON: 'Credit is asked for on won deals only; this one is not won.',
  ALREADY_EXISTS: 'You already asked for this kind of credit on this deal; it is waiting for a decision.',
  DUPLICATE_CREDIT: 'You already hold this kind of credit on this deal.',
  CONTRIBUTOR_INACTIVE: 'Offboarded people cannot receive new credits.',
};

/** "Ask for credit": a contributor the owner forgot tells them what they did; the owner (or their manager) decides. */
export function AskForCredit({ dealId }: { dealId: string }) {
  const [kind, setKind] = useState<ContributionKind>('DEAL_ASSIST');
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();
  const [asked, setAsked] = useState<{ approver: { name: string } }>();

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    try {
      const answer = await request<{ claimCredit: { approver: { name: string } } }>(CLAIM_CREDIT, { input: { dealId, kind, note } });
      setAsked(answer.claimCredit);
      setError(undefined);
    } catch (caught) {
      setError(caught instanceof ApiError ? caught : new ApiError(String(caught), 'CLIENT'));
    } finally {
      setBusy(false);
    }
  }

  if (asked) {
    return (
      <section aria-labelledby="ask-title">
        <h2 id="ask-title">Ask for credit</h2>
        <p role="status">
          Asked. {asked.approver.name} decides; follow it under <Link to="/claims">Claims</Link>.
        </p>
      </section>
    );
  }
  const noteError = error?.field === 'note' ? error.message : undefined;
  const refusal = error && error.field === undefined ? REFUSALS[error.code] : undefined;
  return (
    <section aria-labelledby="ask-title">
      <h2 id="ask-title">Ask for credit</h2>
      <p className="hint">Helped win this deal and were not credited? Say what you did; the deal's owner decides.</p>
      <form onSubmit={(event) => void submit(event)} className="credit-form">
        <Field id="ask-kind" label="What kind of help">
          <select id="ask-kind" value={kind} onChange={(event) => setKind(event.target.value as ContributionKind)}>
            {KINDS.map((value) => (
              <option key={value} value={value}>
                {kindLabel(value)}
              </option>
            ))}
          </select>
        </Field>
        <Field id="ask-note" label="What you did" error={noteError}>
          <textarea {...describedBy('ask-note', noteError)} value={note} maxLength={2000} required onChange={(event) => setNote(event.target.value)} />
        </Field>
        {refusal && <p role="alert" className="field-error">{refusal}</p>}
        {error && !refusal && !noteError && <ErrorMessage error={error} />}
        <div className="actions">
          <button type="submit" className="primary" disabled={busy} aria-busy={busy}>
            Ask for credit
          </button>
        </div>
      </form>
    </section>
  );
}
