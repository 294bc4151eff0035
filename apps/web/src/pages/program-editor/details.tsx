import { useDepartments } from '../../api/departments';
import { Field, describedBy } from '../../components/form';
import { Async } from '../../components/status';
import { formatDate, formatNumber } from '../../format';
import { domId, type FieldErrors } from './criteria';
import { idFromName } from './program-id';

/** What a new program is drafted with besides its criteria; fixed once drafted (the API revises criteria only). */
export interface DetailsDraft {
  id: string;
  name: string;
  description: string;
  periodStart: string;
  periodEnd: string;
  audienceDepartments: string[];
}

export const newDetailsDraft = (): DetailsDraft => ({ id: '', name: '', description: '', periodStart: '', periodEnd: '', audienceDepartments: [] });

export const DETAIL_FIELDS = ['id', 'name', 'description', 'periodStart', 'periodEnd', 'audienceDepartments'];

/** The id the draft is saved under: the one typed, else the one made from the name. */
export const programIdOf = (draft: DetailsDraft) => draft.id.trim() || idFromName(draft.name);

/** The server's checks on a draft's details, so errors appear beside the fields before sending. */
export function detailsErrors(draft: DetailsDraft): FieldErrors {
  const errors: FieldErrors = {};
  if (draft.id && !/^[A-Za-z0-9._-]{1,64}$/.test(draft.id)) errors.id = 'Use up to 64 letters, digits, dots, dashes or underscores.';
  if (!draft.name.trim()) errors.name = 'Enter a name.';
  else if (draft.name.length > 200) errors.name = 'Keep the name to 200 characters.';
  else if (!programIdOf(draft)) errors.id = 'The name has no letters or digits to make an id from: type one.';
  if (!draft.periodStart) errors.periodStart = 'Choose the first day of the period.';
  if (!draft.periodEnd) errors.periodEnd = 'Choose the last day of the period.';
  else if (draft.periodStart && draft.periodEnd < draft.periodStart) errors.periodEnd = 'The period cannot end before it starts.';
  return errors;
}

/** The audience picked from the directory's departments, each with its head count; none picked means everyone. */
function AudiencePicker({ draft, onChange, error }: { draft: DetailsDraft; onChange: (draft: DetailsDraft) => void; error?: string }) {
  const departments = useDepartments();
  const id = domId('audienceDepartments');
  const chosen = new Set(draft.audienceDepartments);
  const toggle = (name: string, on: boolean) =>
    onChange({ ...draft, audienceDepartments: on ? [...draft.audienceDepartments, name] : draft.audienceDepartments.filter((department) => department !== name) });
  const people = (departments.data?.departments ?? []).filter((department) => chosen.has(department.name)).reduce((sum, department) => sum + department.headCount, 0);
  return (
    <fieldset className={`audience${error ? ' has-error' : ''}`} aria-describedby={`${id}-hint${error ? ` ${id}-error` : ''}`}>
      <legend>Audience</legend>
      <Async state={departments}>
        {({ departments: all }) => (
          <ul className="audience-choices">
            {all.map((department, index) => (
              <li key={department.name}>
                <input
                  type="checkbox"
                  id={index === 0 ? id : `${id}-${index}`}
                  checked={chosen.has(department.name)}
                  onChange={(event) => toggle(department.name, event.target.checked)}
                />
                <label htmlFor={index === 0 ? id : `${id}-${index}`}>
                  {department.name} <span className="hint">({formatNumber(department.headCount)} {department.headCount === 1 ? 'person' : 'people'})</span>
                </label>
              </li>
            ))}
          </ul>
        )}
      </Async>
      <small id={`${id}-hint`} className="hint">
        {draft.audienceDepartments.length === 0 ? 'None chosen: everyone is in the audience.' : `${formatNumber(people)} active people in the audience.`}
      </small>
      {error && (
        <small id={`${id}-error`} className="field-error" role="alert">
          {error}
        </small>
      )}
    </fieldset>
  );
}

/** Name, id, description, period and audience of a program being drafted. */
export function DetailsFields({ draft, onChange, errors }: { draft: DetailsDraft; onChange: (draft: DetailsDraft) => void; errors: FieldErrors }) {
  const input = (field: 'id' | 'name' | 'periodStart' | 'periodEnd', label: string, extra: { type?: string; hint?: string; required?: boolean }) => (
    <Field id={domId(field)} label={label} error={errors[field]} hint={extra.hint}>
      <input
        {...describedBy(domId(field), errors[field], extra.hint)}
        type={extra.type ?? 'text'}
        required={extra.required}
        value={draft[field]}
        onChange={(event) => onChange({ ...draft, [field]: event.target.value })}
      />
    </Field>
  );
  return (
    <>
      <div className="form-grid">
        {input('name', 'Name', { required: true })}
        {input('id', 'Program id', { hint: draft.id.trim() ? 'Used in the program’s address.' : `Leave blank to use ${idFromName(draft.name) || 'one made from the name'}.` })}
      </div>
      <Field id={domId('description')} label="Description" error={errors.description}>
        <textarea {...describedBy(domId('description'), errors.description)} value={draft.description} onChange={(event) => onChange({ ...draft, description: event.target.value })} />
      </Field>
      <div className="form-grid">
        {input('periodStart', 'Period start', { type: 'date', required: true })}
        {input('periodEnd', 'Period end', { type: 'date', required: true, hint: 'Inclusive: the last day that counts.' })}
      </div>
      <AudiencePicker draft={draft} onChange={onChange} error={errors.audienceDepartments} />
    </>
  );
}

/** An existing program's details, shown read-only: the API cannot change them after the draft. */
export function DetailsSummary({ program }: { program: { id: string; name: string; description: string | null; periodStart: string; periodEnd: string; audienceDepartments: string[] } }) {
  return (
    <dl className="program-details">
      <div>
        <dt>Program id</dt>
        <dd>{program.id}</dd>
      </div>
      <div>
        <dt>Period</dt>
        <dd>
          {formatDate(program.periodStart)} – {formatDate(program.periodEnd)}
        </dd>
      </div>
      <div>
        <dt>Audience</dt>
        <dd>{program.audienceDepartments.length ? program.audienceDepartments.join(', ') : 'Everyone'}</dd>
      </div>
      <div className="program-details-wide">
        <dt>Description</dt>
        <dd>{program.description || 'No description.'}</dd>
      </div>
    </dl>
  );
}
