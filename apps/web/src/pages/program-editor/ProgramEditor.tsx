import { useEffect, useState } from 'react';
import { Link, useLocation, useNavigate, useParams } from 'react-router-dom';
import { useQuery } from '../../api/use-query';
import { hasRole } from '../../auth/session';
import { useViewer } from '../../auth/use-viewer';
import { Async } from '../../components/status';
import { CRITERIA_RULES, PROGRAM_FACTS } from '../../api/fragments';
import { CriteriaFields } from './criteria-fields';
import { draftOf, type Criteria } from './criteria';
import { DetailsSummary } from './details';
import { CriteriaHistory, type CriteriaVersion } from './history';
import { ProgramLifecycle } from './lifecycle';
import { NewProgram } from './new';
import { ReviseCriteria } from './revise';
import { ProgramStatusBadge } from '../programs/status';
import '../programs/programs.css';

const PROGRAM_FOR_EDITING = /* GraphQL */ `
  query ProgramForEditing($id: ID!) {
    awardProgram(id: $id) {
      ...ProgramFacts
      criteria {
        ...CriteriaRules
      }
      criteriaHistory {
        ...CriteriaSummary
        reason
        revisedAt
      }
    }
  }
  ${PROGRAM_FACTS}
  ${CRITERIA_RULES}
`;

interface EditedProgram {
  id: string;
  name: string;
  description: string | null;
  status: 'DRAFT' | 'OPEN' | 'FINALIZED';
  periodStart: string;
  periodEnd: string;
  audienceDepartments: string[];
  criteria: Criteria;
  criteriaHistory: CriteriaVersion[];
}

/** A finalized program's criteria, shown in the editor's layout with every control disabled. */
function FixedCriteria({ criteria }: { criteria: Criteria }) {
  return (
    <section aria-labelledby="criteria-title">
      <h2 id="criteria-title">Criteria (version {criteria.version}, final)</h2>
      <fieldset disabled className="criteria-fixed">
        <legend className="visually-hidden">Final criteria, read-only</legend>
        <CriteriaFields draft={draftOf(criteria)} onChange={() => undefined} errors={{}} />
      </fieldset>
    </section>
  );
}

function EditProgram({ programId }: { programId: string }) {
  const location = useLocation();
  const navigate = useNavigate();
  // The "draft saved" note is shown once: the history entry forgets it, so a reload or a return does not repeat it.
  const [justDrafted] = useState((location.state as { drafted?: boolean } | null)?.drafted === true);
  useEffect(() => {
    if (justDrafted) navigate(location.pathname, { replace: true, state: null });
  }, [justDrafted, navigate, location.pathname]);
  const state = useQuery<{ awardProgram: EditedProgram | null }>(PROGRAM_FOR_EDITING, { id: programId });
  return (
    <Async state={state}>
      {({ awardProgram: program }) =>
        !program ? (
          <>
            <h1>Program not found</h1>
            <p>
              There is no award program “{programId}”. <Link to="/programs">Back to programs</Link>
            </p>
          </>
        ) : (
          <>
            <h1>
              {program.status === 'FINALIZED' ? program.name : `Edit ${program.name}`}{' '}
              <ProgramStatusBadge status={program.status} />
            </h1>
            <p className="program-links">
              <Link to="/programs">All programs</Link> · <Link to={`/programs/${encodeURIComponent(program.id)}`}>Standings dashboard</Link>
            </p>
            {justDrafted && program.status === 'DRAFT' && (
              <p className="program-saved" role="status">
                Draft saved. Review it, then open the program when it is ready.
              </p>
            )}
            {program.status === 'FINALIZED' && (
              <p className="program-read-only" role="note">
                <strong>Read-only:</strong> this program is finalized, so its criteria can no longer be revised.
              </p>
            )}
            <section aria-labelledby="details-title">
              <h2 id="details-title">Program</h2>
              <p className="hint">Name, period and audience are set when a program is drafted and cannot be changed.</p>
              <DetailsSummary program={program} />
            </section>
            <ProgramLifecycle program={program} onChanged={state.refetch} />
            {program.status === 'FINALIZED' ? (
              <FixedCriteria criteria={program.criteria} />
            ) : (
              <section>
                <ReviseCriteria programId={program.id} criteria={program.criteria} onRevised={state.refetch} />
              </section>
            )}
            <CriteriaHistory history={program.criteriaHistory} inForce={program.criteria.version} />
          </>
        )
      }
    </Async>
  );
}

/** /programs/new drafts a program; /programs/:programId/edit revises, opens and finalizes one. HR and ADMIN only. */
export function ProgramEditor() {
  const viewer = useViewer();
  const { programId } = useParams();
  if (!hasRole(viewer, 'HR', 'ADMIN')) {
    return (
      <div className="program-editor">
        <h1>Award program editor</h1>
        <p role="alert" className="program-read-only">
          Only HR and administrators can draft or change award programs.{' '}
          {programId ? <Link to={`/programs/${encodeURIComponent(programId)}`}>See this program&apos;s standings</Link> : <Link to="/programs">See the programs</Link>}.
        </p>
      </div>
    );
  }
  return (
    <div className="program-editor">
      {programId ? (
        <EditProgram key={programId} programId={programId} />
      ) : (
        <>
          <h1>New award program</h1>
          <p className="program-links">
            <Link to="/programs">All programs</Link>
          </p>
          <NewProgram />
        </>
      )}
    </div>
  );
}
