import type { KeyboardEvent } from 'react';
import { Field, describedBy } from '../../components/form';
import { formatDate } from '../../format';
import { domId, type FieldErrors } from './criteria';

/** What a new program is drafted with besides its criteria; fixed once drafted (the API revises criteria only). */
export interface DetailsDraft {
  id: string;
  name: string;
  description: string;
  periodStart: string;
  periodEnd: string;
  audienceDepartments: string[];
  /** Typed into the department box but not yet added; saved too, so nothing typed is silently lost. */
  pendingDepartments: string;
}

export const newDetailsDraft = (): DetailsDraft => ({ id: '', name: '', description: '', periodStart: '', periodEnd: '', audienceDepartments: [], pendingDepartments: '' });

export const DETAIL_FIELDS = ['id', 'name', 'description', 'periodStart', 'periodEnd', 'audienceDepartments'];

const splitDepartments = (text: string) =>
  text
    .split(',')
    .map((department) => department.trim())
    .filter(Boolean);

/** The chosen departments plus any still in the box, without duplicates. */
export const audienceOf = (draft: DetailsDraft) => [...new Set([...draft.audienceDepartments, ...splitDepartments(draft.pendingDepartments)])];

/** The server's checks on a draft's details, so errors appear beside the fields before sending. */
export function detailsErrors(draft: DetailsDraft): FieldErrors {
  const errors: FieldErrors = {};
  if (draft.id && !/^[A-Za-z0-9._-]{1,64}$/.test(draft.id)) errors.id = 'Use up to 64 letters, digits, dots, dashes or underscores.';
  if (!draft.name.trim()) errors.name = 'Enter a name.';
  else if (draft.name.length > 200) errors.name = 'Keep the name to 200 characters.';
  if (!draft.periodStart) errors.periodStart = 'Choose the first day of the period.';
  if (!draft.periodEnd) errors.periodEnd = 'Choose the last day of the period.';
  else if (draft.periodStart && draft.periodEnd < draft.periodStart) errors.periodEnd = 'The period cannot end before it starts.';
  return errors;
}

const AUDIENCE_HINT = 'Press Enter or "Add department"; separate several with commas. No departments means everyone.';

function AudienceInput({ draft, onChange, error }: { draft: DetailsDraft; onChange: (draft: DetailsDraft) => void; error?: string }) {
  const id = domId('audienceDepartments');
  const add = () => onChange({ ...draft, audienceDepartments: audienceOf(draft), pendingDepartments: '' });
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key !== 'Enter') return;
    event.preventDefault();
    add();
  };
  return (
    <div className="audience">
      <Field id={id} label="Audience departments" error={error} hint={AUDIENCE_HINT}>
        <div className="audience-entry">
          <input {...describedBy(id, error, AUDIENCE_HINT)} value={draft.pendingDepartments} onKeyDown={onKeyDown} onChange={(event) => onChange({ ...draft, pendingDepartments: event.target.value })} />
          <button type="button" onClick={add}>
            Add department
          </button>
        </div>
      </Field>
      {draft.audienceDepartments.length === 0 ? (
        <p className="hint">Everyone is in the audience.</p>
      ) : (
        <ul className="chips" aria-label="Audience">
          {draft.audienceDepartments.map((department) => (
            <li key={department} className="chip">
              {department}
              <button
                type="button"
                className="link"
                onClick={() => {
                  onChange({ ...draft, audienceDepartments: draft.audienceDepartments.filter((chosen) => chosen !== department) });
                  document.getElementById(id)?.focus();
                }}
              >
                Remove<span className="visually-hidden"> {department}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
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
        {input('id', 'Program id (optional)', { hint: 'Leave blank to have one generated, or type a short id such as summit-2027.' })}
      </div>
      <Field id={domId('description')} label="Description" error={errors.description}>
        <textarea {...describedBy(domId('description'), errors.description)} value={draft.description} onChange={(event) => onChange({ ...draft, description: event.target.value })} />
      </Field>
      <div className="form-grid">
        {input('periodStart', 'Period start', { type: 'date', required: true })}
        {input('periodEnd', 'Period end', { type: 'date', required: true, hint: 'Inclusive: the last day that counts.' })}
      </div>
      <AudienceInput draft={draft} onChange={onChange} error={errors.audienceDepartments} />
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
