import { useRef, useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router-dom';
import { request } from '../../api/graphql';
import { ErrorMessage } from '../../components/status';
import { CriteriaFields } from './criteria-fields';
import { criteriaErrors, criteriaFieldPaths, criteriaInputOf, newCriteriaDraft, type CriteriaDraft, type FieldErrors } from './criteria';
import { DETAIL_FIELDS, DetailsFields, detailsErrors, newDetailsDraft, programIdOf, type DetailsDraft } from './details';
import { PREVIEW_PROGRAM, PreviewResult, type CriteriaPreview } from './preview';
import { failureOf, focusFirstError, withFailure, type Failure } from './errors';

const DRAFT_PROGRAM = /* GraphQL */ `
  mutation DraftAwardProgram($input: DraftAwardProgramInput!) {
    draftAwardProgram(input: $input) {
      id
    }
  }
`;

/** Drafts a new program; once recorded, the program continues in its own editor (open it, revise it). */
export function NewProgram() {
  const navigate = useNavigate();
  const form = useRef<HTMLFormElement>(null);
  const [details, setDetails] = useState<DetailsDraft>(newDetailsDraft);
  const [criteria, setCriteria] = useState<CriteriaDraft>(newCriteriaDraft);
  const [checked, setChecked] = useState(false);
  const [failure, setFailure] = useState<Failure>();
  const [saving, setSaving] = useState(false);
  const [preview, setPreview] = useState<{ result: CriteriaPreview; key: string }>();
  const [previewing, setPreviewing] = useState(false);

  const errorsNow = (): FieldErrors => ({ ...detailsErrors(details), ...criteriaErrors(criteria) });
  const errors = withFailure(checked ? errorsNow() : {}, failure);

  const inputNow = () => ({
    id: programIdOf(details),
    name: details.name.trim(),
    description: details.description.trim() || null,
    periodStart: details.periodStart,
    periodEnd: details.periodEnd,
    audienceDepartments: details.audienceDepartments,
    criteria: criteriaInputOf(criteria),
  });

  /** The same checks as saving: a preview of a draft that could not be saved would only mislead. */
  function checkedInput() {
    setChecked(true);
    setFailure(undefined);
    if (Object.keys(errorsNow()).length > 0) {
      focusFirstError(form.current);
      return undefined;
    }
    return inputNow();
  }

  async function runPreview() {
    const input = checkedInput();
    if (!input) return;
    setPreviewing(true);
    try {
      const answer = await request<{ previewProgram: CriteriaPreview }>(PREVIEW_PROGRAM, { input });
      setPreview({ result: answer.previewProgram, key: JSON.stringify(input) });
    } catch (caught) {
      setFailure(failureOf(caught, [...DETAIL_FIELDS, ...criteriaFieldPaths(criteria)]));
      focusFirstError(form.current);
    } finally {
      setPreviewing(false);
    }
  }

  async function save(event: FormEvent) {
    event.preventDefault();
    const input = checkedInput();
    if (!input) return;
    setSaving(true);
    try {
      const answer = await request<{ draftAwardProgram: { id: string } }>(DRAFT_PROGRAM, { input });
      navigate(`/programs/${encodeURIComponent(answer.draftAwardProgram.id)}/edit`, { state: { drafted: true } });
    } catch (caught) {
      setFailure(failureOf(caught, [...DETAIL_FIELDS, ...criteriaFieldPaths(criteria)]));
      focusFirstError(form.current);
      setSaving(false);
    }
  }

  return (
    <form ref={form} onSubmit={save} noValidate>
      <section aria-labelledby="details-title">
        <h2 id="details-title">Program</h2>
        <p className="hint">Name, period and audience are fixed once the draft is saved; criteria can be revised later, with a reason.</p>
        <DetailsFields
          draft={details}
          onChange={(next) => {
            setDetails(next);
            setFailure(undefined);
          }}
          errors={errors}
        />
      </section>
      <section aria-labelledby="criteria-title">
        <h2 id="criteria-title">Criteria</h2>
        <CriteriaFields
          draft={criteria}
          onChange={(next) => {
            setCriteria(next);
            setFailure(undefined);
          }}
          errors={errors}
        />
      </section>
      {failure && 'form' in failure && <ErrorMessage error={failure.form} />}
      {checked && Object.keys(errors).length > 0 && (
        <p className="field-error" role="alert">
          Some fields need attention before the draft can be saved.
        </p>
      )}
      <div className="actions">
        <button type="button" onClick={() => void runPreview()} disabled={previewing}>
          {previewing ? 'Previewing…' : 'Preview'}
        </button>
        <button type="submit" className="primary" disabled={saving}>
          {saving ? 'Saving…' : 'Save draft'}
        </button>
      </div>
      {previewing && !preview && (
        <p className="loading" role="status">
          Counting the period's history under these criteria…
        </p>
      )}
      {preview && <PreviewResult preview={preview.result} stale={preview.key !== JSON.stringify(inputNow())} rankBy={criteria.rankBy} drafted={false} />}
    </form>
  );
}
