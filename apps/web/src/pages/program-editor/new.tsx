import { useRef, useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router-dom';
import { request } from '../../api/graphql';
import { ErrorMessage } from '../../components/status';
import { CriteriaFields } from './criteria-fields';
import { criteriaErrors, criteriaFieldPaths, criteriaInputOf, newCriteriaDraft, type CriteriaDraft, type FieldErrors } from './criteria';
import { DETAIL_FIELDS, DetailsFields, audienceOf, detailsErrors, newDetailsDraft, type DetailsDraft } from './details';
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

  const errorsNow = (): FieldErrors => ({ ...detailsErrors(details), ...criteriaErrors(criteria) });
  const errors = withFailure(checked ? errorsNow() : {}, failure);

  async function save(event: FormEvent) {
    event.preventDefault();
    setChecked(true);
    setFailure(undefined);
    if (Object.keys(errorsNow()).length > 0) {
      focusFirstError(form.current);
      return;
    }
    setSaving(true);
    try {
      const input = {
        ...(details.id.trim() && { id: details.id.trim() }),
        name: details.name.trim(),
        description: details.description.trim() || null,
        periodStart: details.periodStart,
        periodEnd: details.periodEnd,
        audienceDepartments: audienceOf(details),
        criteria: criteriaInputOf(criteria),
      };
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
        <button type="submit" className="primary" disabled={saving}>
          {saving ? 'Saving…' : 'Save draft'}
        </button>
      </div>
    </form>
  );
}
