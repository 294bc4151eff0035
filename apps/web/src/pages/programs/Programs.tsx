import { Link, useSearchParams } from 'react-router-dom';
import { useQuery } from '../../api/use-query';
import { hasRole } from '../../auth/session';
import { useViewer } from '../../auth/use-viewer';
import { Async } from '../../components/status';
import { formatDate } from '../../format';
import { ProgramStatusBadge } from './status';
import './programs.css';

const AWARD_PROGRAMS = /* GraphQL */ `
  query AwardPrograms($status: ProgramStatus) {
    awardPrograms(status: $status) {
      id
      name
      status
      periodStart
      periodEnd
      audienceDepartments
      criteria {
        version
      }
    }
  }
`;

interface ProgramRow {
  id: string;
  name: string;
  status: string;
  periodStart: string;
  periodEnd: string;
  audienceDepartments: string[];
  criteria: { version: number };
}

const FILTERS = [
  { value: '', label: 'All' },
  { value: 'DRAFT', label: 'Draft' },
  { value: 'OPEN', label: 'Open' },
  { value: 'FINALIZED', label: 'Finalized' },
];

function ProgramTable({ programs, canEdit }: { programs: ProgramRow[]; canEdit: boolean }) {
  return (
    <div className="table-scroll">
      <table>
        <caption className="visually-hidden">Award programs</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Status</th>
            <th scope="col">Period</th>
            <th scope="col" className="hide-narrow">
              Audience
            </th>
            <th scope="col" className="number hide-narrow">
              Criteria version
            </th>
            {canEdit && (
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          {programs.map((program) => (
            <tr key={program.id}>
              <th scope="row">
                <Link to={`/programs/${encodeURIComponent(program.id)}`}>{program.name}</Link>
              </th>
              <td>
                <ProgramStatusBadge status={program.status} />
              </td>
              <td>
                <span className="programs-nowrap">{formatDate(program.periodStart)} –</span> <span className="programs-nowrap">{formatDate(program.periodEnd)}</span>
              </td>
              <td className="hide-narrow">{program.audienceDepartments.length ? program.audienceDepartments.join(', ') : 'Everyone'}</td>
              <td className="number hide-narrow">{program.criteria.version}</td>
              {canEdit && (
                <td>
                  {program.status !== 'FINALIZED' && (
                    <Link to={`/programs/${encodeURIComponent(program.id)}/edit`}>
                      Edit<span className="visually-hidden"> {program.name}</span>
                    </Link>
                  )}
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Every award program, filtered by status; HR and ADMIN also draft and edit from here. */
export function Programs() {
  const viewer = useViewer();
  const canEdit = hasRole(viewer, 'HR', 'ADMIN');
  const [searchParams, setSearchParams] = useSearchParams();
  const status = FILTERS.some((filter) => filter.value === searchParams.get('status')) ? (searchParams.get('status') ?? '') : '';
  const state = useQuery<{ awardPrograms: ProgramRow[] }>(AWARD_PROGRAMS, { status: status || null });
  const filterLabel = FILTERS.find((filter) => filter.value === status)?.label ?? 'All';

  return (
    <div className="programs">
      <div className="programs-heading">
        <h1>Award programs</h1>
        {canEdit && (
          <Link className="programs-new-link" to="/programs/new">
            New program
          </Link>
        )}
      </div>
      <section aria-labelledby="programs-list-title">
        <h2 id="programs-list-title" className="visually-hidden">
          Programs
        </h2>
        <div className="toolbar">
          <div className="field">
            <label htmlFor="program-status-filter">Status</label>
            <select
              id="program-status-filter"
              value={status}
              onChange={(event) => setSearchParams(event.target.value ? { status: event.target.value } : {}, { replace: true })}
            >
              {FILTERS.map((filter) => (
                <option key={filter.value} value={filter.value}>
                  {filter.label}
                </option>
              ))}
            </select>
          </div>
          {state.loading && state.data && (
            <p className="loading" role="status">
              Updating…
            </p>
          )}
        </div>
        <Async state={state}>
          {({ awardPrograms }) =>
            awardPrograms.length === 0 ? (
              <p>{status ? `No ${filterLabel.toLowerCase()} programs.` : 'No award programs yet.'}</p>
            ) : (
              <ProgramTable programs={awardPrograms} canEdit={canEdit} />
            )
          }
        </Async>
      </section>
    </div>
  );
}
