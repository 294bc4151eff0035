import { useCallback, useId, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { useQuery } from '../../api/use-query';
import { hasRole } from '../../auth/session';
import { useViewer } from '../../auth/use-viewer';
import { Async } from '../../components/status';
import { CRITERIA_SUMMARY, PROGRAM_FACTS } from '../../api/fragments';
import { ProgressChart } from './chart';
import { ProgramHeader, type Program } from './header';
import { AuditTrail, Winners } from './history';
import { useLiveStandings, type LiveStatus } from './live';
import { describeMoment, isNow, useMoment, type Moment } from './moment';
import { NearMisses, Qualifiers, useQualifiers } from './qualifiers';
import { Standings } from './standings';
import { CompareMoments } from './compare';
import { formatDate } from '../../format';
import './dashboard.css';

const PROGRAM = /* GraphQL */ `
  query DashboardProgram($id: ID!) {
    awardProgram(id: $id) {
      ...ProgramFacts
      criteria {
        ...CriteriaSummary
      }
      criteriaHistory {
        ...CriteriaSummary
        revisedAt
      }
    }
  }
  ${PROGRAM_FACTS}
  ${CRITERIA_SUMMARY}
`;

/** The executive's view of one program: who qualifies, who is close, everyone's standing, live or at a past moment. */
export function ProgramDashboard() {
  const viewer = useViewer();
  const { programId = '' } = useParams();
  if (!hasRole(viewer, 'HR', 'EXECUTIVE', 'ADMIN')) {
    return (
      <section>
        <h1>Program dashboard</h1>
        <p>Only HR, executives and admins see every standing in a program.</p>
        <p>
          <Link to="/recognition">See your own recognition and standings</Link>
        </p>
      </section>
    );
  }
  return <Dashboard programId={programId} />;
}

function Dashboard({ programId }: { programId: string }) {
  const state = useQuery<{ awardProgram: Program | null }>(PROGRAM, { id: programId });
  return (
    <Async state={state}>
      {(data) =>
        data.awardProgram ? (
          <ProgramView program={data.awardProgram} />
        ) : (
          <section>
            <h1>Program not found</h1>
            <p>There is no award program “{programId}”.</p>
            <p>
              <Link to="/programs">All programs</Link>
            </p>
          </section>
        )
      }
    </Async>
  );
}

function ProgramView({ program }: { program: Program }) {
  const [moment, changeMoment] = useMoment();
  // Bumped when a burst of live changes settles: every section that depends on standings refetches once.
  const [revision, setRevision] = useState(0);
  const qualifiers = useQualifiers(program.id, moment, revision);
  const qualifierIds = new Set(qualifiers.data?.awardProgram?.qualifiers.map((qualifier) => qualifier.employee.id));
  const wasQualifier = (employeeId: string) => qualifierIds.has(employeeId);
  const refresh = useCallback(() => setRevision((current) => current + 1), []);
  const live = useLiveStandings(program.id, isNow(moment), wasQualifier, refresh);
  const { rankBy, maxWinners } = program.criteria;

  return (
    <div className="dashboard">
      <ProgramHeader program={program} moment={moment} qualifying={qualifiers.data?.awardProgram?.qualifiers.length} />
      <MomentPicker moment={moment} onChange={changeMoment} live={live} />
      <BeforeFirstRecord program={program} moment={moment} />
      {program.status === 'FINALIZED' && <Winners programId={program.id} rankBy={rankBy} />}
      <Qualifiers state={qualifiers} criteria={program.criteria} programId={program.id} moment={moment} />
      <div className="grid-2">
        <NearMisses programId={program.id} moment={moment} revision={revision} maxWinners={maxWinners} rankBy={rankBy} />
        <ProgressChart programId={program.id} moment={moment} revision={revision} />
      </div>
      <Standings programId={program.id} moment={moment} revision={revision} rankBy={rankBy} maxWinners={maxWinners} audience={program.audienceDepartments} />
      <CompareMoments programId={program.id} />
      <AuditTrail programId={program.id} />
    </div>
  );
}

/** A known-at day before the ledger first recorded the program: said plainly, not as an empty program. */
function BeforeFirstRecord({ program, moment }: { program: Program; moment: Moment }) {
  const first = program.criteriaHistory[0]?.revisedAt;
  if (!first || !moment.knownAt || moment.knownAt >= first.slice(0, 10)) return null;
  return (
    <p className="notice" role="status">
      The ledger had no record of this program on {formatDate(moment.knownAt)} (first recorded {formatDate(first.slice(0, 10))}).
    </p>
  );
}

const LIVE_LABEL: Record<LiveStatus, string> = {
  live: 'Live',
  connecting: 'Connecting to live updates…',
  paused: 'Paused — viewing a past moment',
  unavailable: 'Live updates unavailable',
};

function MomentPicker({ moment, onChange, live }: { moment: Moment; onChange: (next: Partial<Moment>) => void; live: ReturnType<typeof useLiveStandings> }) {
  const asOfId = useId();
  const knownAtId = useId();
  return (
    <section aria-labelledby="moment-heading" className="dashboard-moment">
      <h2 id="moment-heading" className="visually-hidden">
        Moment
      </h2>
      <div className="toolbar">
        <div className="field">
          <label htmlFor={asOfId}>As of</label>
          <input id={asOfId} type="date" value={moment.asOf} aria-describedby="moment-shown" onChange={(event) => onChange({ asOf: event.target.value })} />
        </div>
        <div className="field">
          <label htmlFor={knownAtId}>Known at</label>
          <input id={knownAtId} type="date" value={moment.knownAt} aria-describedby="moment-shown" onChange={(event) => onChange({ knownAt: event.target.value })} />
        </div>
        <button type="button" onClick={() => onChange({ asOf: '', knownAt: '' })}>
          Now
        </button>
        <p className={`dashboard-live ${live.status}`}>
          <span className="dashboard-live-dot" aria-hidden="true" />
          {LIVE_LABEL[live.status]}
          {live.problem && `: ${live.problem}`}
        </p>
      </div>
      <p id="moment-shown" className="dashboard-moment-shown">
        {describeMoment(moment)} <span className="hint">Empty dates mean now; “as of” is business time, “known at” is what the ledger had recorded.</span>
      </p>
      <p className="dashboard-announcement" role="status" aria-live="polite">
        {live.announcement}
      </p>
    </section>
  );
}
