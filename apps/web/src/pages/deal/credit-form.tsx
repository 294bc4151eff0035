import { useEffect, useRef, useState, type FormEvent } from 'react';
import { ApiError, request } from '../../api/graphql';
import { Field, describedBy } from '../../components/form';
import { ContributorSearch } from './contributor-search';
import { MAX_NOTE, checkCredit, creditErrorsOf, type CreditFormErrors } from './credit-errors';
import { CONTRIBUTION_KINDS, KIND_LABELS, type Colleague, type ContributionKind } from '../deals/types';

const CREDIT_CONTRIBUTION = /* GraphQL */ `
  mutation CreditContribution($input: CreditContributionInput!) {
    creditContribution(input: $input) {
      id
      kind
      contributor {
        id
        name
      }
    }
  }
`;

/** One key per form fill: a double click, or a retry after a lost answer, records the credit once. */
function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  // randomUUID exists only in secure contexts; getRandomValues everywhere.
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

export function DealCreditForm({
  dealId,
  focusOnMount,
  onCredited,
  onEdit,
}: {
  dealId: string;
  focusOnMount: boolean;
  onCredited: (message: string) => Promise<void>;
  onEdit: () => void;
}) {
  const [idempotencyKey] = useState(newIdempotencyKey);
  const [contributor, setContributor] = useState<Colleague | null>(null);
  const [kind, setKind] = useState<ContributionKind>('DEAL_ASSIST');
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<CreditFormErrors>({});
  const [busy, setBusy] = useState(false);
  // State updates land after the event; a second click in the same tick must still see the first.
  const submitting = useRef(false);
  const contributorInput = useRef<HTMLInputElement>(null);
  const kindSelect = useRef<HTMLSelectElement>(null);
  const noteInput = useRef<HTMLTextAreaElement>(null);

  useEffect(() => {
    if (focusOnMount) contributorInput.current?.focus();
  }, [focusOnMount]);

  function edited(field: keyof CreditFormErrors) {
    setErrors((current) => ({ ...current, [field]: undefined, form: undefined }));
    onEdit();
  }

  function focusFirstError(found: CreditFormErrors) {
    if (found.contributor) contributorInput.current?.focus();
    else if (found.kind) kindSelect.current?.focus();
    else if (found.note) noteInput.current?.focus();
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (submitting.current) return;
    const found = checkCredit({ contributorChosen: !!contributor, note });
    if (!contributor || Object.keys(found).length > 0) {
      setErrors(found);
      focusFirstError(found);
      return;
    }
    submitting.current = true;
    setBusy(true);
    try {
      await request(CREDIT_CONTRIBUTION, { input: { dealId, contributorId: contributor.id, kind, note: note.trim(), idempotencyKey } });
      await onCredited(`Credited ${contributor.name} for ${KIND_LABELS[kind]}`);
    } catch (caught) {
      const refused = creditErrorsOf(caught instanceof ApiError ? caught : new ApiError(String(caught), 'CLIENT'), contributor.name);
      setErrors(refused);
      focusFirstError(refused);
    } finally {
      submitting.current = false;
      setBusy(false);
    }
  }

  const noteHint = `${note.length} / ${MAX_NOTE} characters`;
  return (
    <form onSubmit={(event) => void submit(event)} noValidate aria-labelledby="credit-heading" className="credit-form">
      {errors.form && (
        <div className="error" role="alert">
          <p>{errors.form}</p>
        </div>
      )}
      <div className="form-grid">
        <ContributorSearch
          inputRef={contributorInput}
          chosen={contributor}
          error={errors.contributor}
          onChoose={(colleague) => {
            setContributor(colleague);
            edited('contributor');
          }}
        />
        <Field id="credit-kind" label="Kind" error={errors.kind}>
          <select
            ref={kindSelect}
            {...describedBy('credit-kind', errors.kind)}
            value={kind}
            onChange={(event) => {
              setKind(event.target.value as ContributionKind);
              edited('kind');
            }}
          >
            {CONTRIBUTION_KINDS.map((value) => (
              <option key={value} value={value}>
                {KIND_LABELS[value]}
              </option>
            ))}
          </select>
        </Field>
      </div>
      <Field id="credit-note" label="Note" error={errors.note} hint={noteHint}>
        <textarea
          ref={noteInput}
          {...describedBy('credit-note', errors.note, noteHint)}
          required
          maxLength={MAX_NOTE}
          placeholder="What did they do? e.g. Ran the POC and answered the security review"
          value={note}
          onChange={(event) => {
            setNote(event.target.value);
            edited('note');
          }}
        />
      </Field>
      <div className="actions">
        <button type="submit" className="primary" disabled={busy} aria-busy={busy}>
          {busy ? 'Crediting…' : 'Credit'}
        </button>
      </div>
    </form>
  );
}
