import { useRef, useState, type FormEvent } from 'react';
import { request } from '../../api/graphql';
import { Field, describedBy } from '../../components/form';
import { ErrorMessage } from '../../components/status';
import { CRITERIA_RULES } from '../../api/fragments';
import { CriteriaFields } from './criteria-fields';
import { criteriaErrors, criteriaFieldPaths, criteriaInputOf, domId, draftOf, type Criteria, type CriteriaDraft, type FieldErrors } from './criteria';
import { failureOf, focusFirstError, withFailure, type Failure } from './errors';
import { PREVIEW_CRITERIA, PreviewResult, type CriteriaPreview } from './preview';

const REVISE_CRITERIA = /* GraphQL */ `
  mutation ReviseCriteria($programId: ID!, $criteria: CriteriaInput!, $reason: String!) {
    reviseCriteria(programId: $programId, criteria: $criteria, reason: $reason) {
      id
      criteria {
        ...CriteriaRules
      }
    }
  }
  ${CRITERIA_RULES}
`;

interface Props {
  programId: string;
  criteria: Criteria;
  /** Called after a revision is recorded, to refresh the program and its criteria history. */
  onRevised: () => Promise<void>;
}

/** Revises an open or draft program's criteria: preview what would change, then save it with a reason. */
export function ReviseCriteria({ programId, criteria, onRevised }: Props) {
  const form = useRef<HTMLFormElement>(null);
  const [draft, setDraft] = useState(() => draftOf(criteria));
  const [checked, setChecked] = useState(false);
  const [failure, setFailure] = useState<Failure>();
  const [preview, setPreview] = useState<{ result: CriteriaPreview; criteriaKey: string }>();
  const [previewing, setPreviewing] = useState(false);
  const [reason, setReason] = useState('');
  const [reasonMissing, setReasonMissing] = useState(false);
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState<string>();

  const clientErrors: FieldErrors = checked ? criteriaErrors(draft) : {};
  if (reasonMissing && !reason.trim()) clientErrors.reason = 'Say why the criteria change; it is kept with the version.';
  const errors = withFailure(clientErrors, failure);
  const currentKey = JSON.stringify(criteriaInputOf(draft));

  const change = (next: CriteriaDraft) => {
    setDraft(next);
    setFailure(undefined);
    setSaved(undefined);
  };

  /** The criteria to send, or nothing (with the errors shown and focused) when the client's checks fail. */
  const validCriteria = (extra: FieldErrors = {}) => {
    setChecked(true);
    setFailure(undefined);
    setSaved(undefined);
    const found = { ...criteriaErrors(draft), ...extra };
    if (Object.keys(found).length > 0) {
      focusFirstError(form.current);
      return undefined;
    }
    return criteriaInputOf(draft);
  };

  async function runPreview() {
    const input = validCriteria();
    if (!input) return;
    setPreviewing(true);
    try {
      const answer = await request<{ previewCriteria: CriteriaPreview }>(PREVIEW_CRITERIA, { programId, criteria: input });
      setPreview({ result: answer.previewCriteria, criteriaKey: JSON.stringify(input) });
    } catch (caught) {
      setFailure(failureOf(caught, criteriaFieldPaths(draft)));
      focusFirstError(form.current);
    } finally {
      setPreviewing(false);
    }
  }

  async function save(event: FormEvent) {
    event.preventDefault();
    setReasonMissing(true);
    const input = validCriteria(reason.trim() ? {} : { reason: 'missing' });
    if (!input) return;
    setSaving(true);
    try {
      const answer = await request<{ reviseCriteria: { criteria: Criteria } }>(REVISE_CRITERIA, { programId, criteria: input, reason: reason.trim() });
      const revised = answer.reviseCriteria.criteria;
      setDraft(draftOf(revised));
      setReason('');
      setReasonMissing(false);
      setChecked(false);
      setPreview(undefined);
      setSaved(`Saved criteria version ${revised.version}. Standings now use it.`);
      await onRevised();
    } catch (caught) {
      setFailure(failureOf(caught, [...criteriaFieldPaths(draft), 'reason']));
      focusFirstError(form.current);
    } finally {
      setSaving(false);
    }
  }

  return (
    <form ref={form} onSubmit={save} noValidate aria-labelledby="criteria-title">
      <h2 id="criteria-title">Criteria (version {criteria.version} in force)</h2>
      <p className="hint">Criteria are revised, never edited: saving records a new version with your reason, and standings switch to it.</p>
      <CriteriaFields draft={draft} onChange={change} errors={errors} />

      <h3>Check and save</h3>
      <div className="actions">
        <button type="button" onClick={() => void runPreview()} disabled={previewing}>
          {previewing ? 'Previewing…' : 'Preview'}
        </button>
      </div>
      {previewing && !preview && <p className="loading" role="status">Replaying the program under these criteria…</p>}
      {preview && <PreviewResult preview={preview.result} stale={preview.criteriaKey !== currentKey} />}

      <Field id={domId('reason')} label="Reason for this revision" error={errors.reason}>
        <textarea
          {...describedBy(domId('reason'), errors.reason)}
          required
          value={reason}
          onChange={(event) => {
            setReason(event.target.value);
            if (failure && 'field' in failure && failure.field === 'reason') setFailure(undefined);
          }}
        />
      </Field>
      {failure && 'form' in failure && <ErrorMessage error={failure.form} />}
      {saved && (
        <p className="program-saved" role="status">
          {saved}
        </p>
      )}
      <div className="actions">
        <button type="submit" className="primary" disabled={saving}>
          {saving ? 'Saving…' : 'Save revision'}
        </button>
      </div>
    </form>
  );
}
