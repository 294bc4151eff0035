import { Link, useParams } from 'react-router-dom';
import { useQuery, type QueryState } from '../../api/use-query';
import { hasRole } from '../../auth/session';
import { useViewer } from '../../auth/use-viewer';
import { ErrorMessage, Loading } from '../../components/status';
import { formatDate, formatNumber } from '../../format';
import { METRIC_VALUES, THRESHOLD_RESULTS } from '../../api/fragments';
import { MomentForm, MomentSummary, useMoment, type Moment } from './moment';
import {
  EvidenceTable, MetricTable, MissingSentence, OverallProgress, StandingBadge, ThresholdList, WonDealsTable,
  type EvidenceCredit, type MetricValue, type ThresholdResult, type WonDeal,
} from './parts';
import { formatMetricValue, metricLabel, rankRow, type Cutoff, type Metric, type Weights } from './words';
import '../recognition/recognition.css';

const STANDING_DETAIL = /* GraphQL */ `
  query StandingDetail($programId: ID!, $employeeId: ID!, $asOf: DateTime, $knownAt: DateTime) {
    employee(id: $employeeId) {
      id
      name
      title
      department
      active
    }
    awardProgram(id: $programId) {
      id
      name
      status
      audienceDepartments
      criteria {
        version
      }
      criteriaHistory {
        version
        rankBy
        maxWinners
        requireActive
        revisedAt
        kindPoints {
          kind
          points
        }
        dealTypeMultipliers {
          type
          multiplier
        }
      }
      standing(employeeId: $employeeId, asOf: $asOf, knownAt: $knownAt) {
        employee {
          id
          name
          title
          department
          active
        }
        qualifies
        rank
        progress
        score
        criteriaVersion
        asOf
        knownAt
        cutoff {
          rank
          value
          behind
        }
        quota
        wonDeals {
          id
          name
          account
          amount
          closedOn
          type
        }
        ...ThresholdResults
        ...MetricValues
        evidence {
          id
          kind
          note
          creditedAt
          status
          flags
          creditedBy {
            name
          }
          deal {
            id
            name
            account
            amount
            closedOn
            type
          }
        }
      }
    }
  }
  ${THRESHOLD_RESULTS}
  ${METRIC_VALUES}
`;

interface Person {
  id: string;
  name: string;
  title: string | null;
  department: string;
  active: boolean;
}

interface CriteriaVersion extends Weights {
  version: number;
  rankBy: Metric;
  maxWinners: number | null;
  requireActive: boolean;
  revisedAt: string;
}

interface Standing {
  employee: Person;
  qualifies: boolean;
  rank: number | null;
  progress: number;
  score: number;
  criteriaVersion: number;
  asOf: string;
  knownAt: string;
  thresholds: ThresholdResult[];
  metrics: MetricValue[];
  evidence: EvidenceCredit[];
  cutoff: Cutoff | null;
  quota: string | null;
  wonDeals: WonDeal[];
}

interface Program {
  id: string;
  name: string;
  status: string;
  audienceDepartments: string[];
  criteria: { version: number };
  criteriaHistory: CriteriaVersion[];
  standing: Standing | null;
}

interface StandingDetailData {
  employee: Person | null;
  awardProgram: Program | null;
}

/** Why a person qualifies or not in one program, at a chosen moment, down to the credits that count. */
export function StandingDetail() {
  const { programId = '', employeeId = '' } = useParams();
  const viewer = useViewer();
  const moment = useMoment();
  const state = useQuery<StandingDetailData>(STANDING_DETAIL, { programId, employeeId, ...moment.variables }, { skip: !!moment.invalid });
  const leads = hasRole(viewer, 'HR', 'EXECUTIVE', 'ADMIN');

  return (
    <>
      <nav aria-label="Breadcrumb" className="back-link">
        {leads ? <Link to={`/programs/${programId}`}>Back to the program dashboard</Link> : <Link to="/recognition">Back to my recognition</Link>}
      </nav>
      {state.data?.awardProgram && state.data.employee ? (
        <h1>
          {state.data.employee.name} in {state.data.awardProgram.name}
        </h1>
      ) : (
        <h1>Standing of {employeeId}</h1>
      )}
      <MomentForm key={`${moment.asOfDate}|${moment.knownAtDate}`} moment={moment} />
      {moment.invalid ? <ErrorMessage error={new Error(moment.invalid)} /> : <Answer state={state} moment={moment} own={viewer?.id === employeeId} programId={programId} employeeId={employeeId} />}
    </>
  );
}

interface AnswerProps {
  state: QueryState<StandingDetailData>;
  moment: Moment;
  own: boolean;
  programId: string;
  employeeId: string;
}

function Answer({ state, moment, own, programId, employeeId }: AnswerProps) {
  const viewer = useViewer();
  if (state.error?.code === 'FORBIDDEN') {
    return (
      <div className="error" role="alert">
        <p>You can see only your own standing. HR and executives see everyone&rsquo;s.</p>
        {viewer && (
          <p>
            <Link to={`/programs/${programId}/people/${viewer.id}`}>See your own standing in this program</Link>
          </p>
        )}
      </div>
    );
  }
  // A new moment must not show beside the previous moment's standing, so nothing stale stays on screen.
  if (state.loading) return <Loading label="Loading the standing…" />;
  if (state.error || !state.data) return <ErrorMessage error={state.error ?? new Error('No answer')} retry={() => void state.refetch()} />;
  const { employee, awardProgram: program } = state.data;
  if (!program) return <p role="alert">There is no award program &ldquo;{programId}&rdquo;.</p>;
  if (!employee) return <p role="alert">There is no one with the id &ldquo;{employeeId}&rdquo; in the directory.</p>;
  if (!program.standing) return <NoStanding person={employee} program={program} moment={moment} />;
  return <StandingReport standing={program.standing} program={program} moment={moment} own={own} />;
}

/** The API answers no standing for someone outside the audience, or before the ledger knew the program. */
function NoStanding({ person, program, moment }: { person: Person; program: Program; moment: Moment }) {
  const outside = program.audienceDepartments.length > 0 && !program.audienceDepartments.includes(person.department);
  return (
    <section className="standing-section" aria-labelledby="no-standing-title">
      <h2 id="no-standing-title">No standing</h2>
      {outside ? (
        <>
          <p>
            <StandingBadge standing={null} />
          </p>
          <p>
            {person.name} works in {person.department}; {program.name} is open to {program.audienceDepartments.join(', ')}.
          </p>
        </>
      ) : moment.knownAtDate ? (
        <p>{unknownYet(program, moment.knownAtDate)}</p>
      ) : (
        <p>{person.name} has no standing in {program.name}.</p>
      )}
    </section>
  );
}

/** "The ledger had no record of this program on Dec 1 (first recorded Dec 3)", or of this person's place in it. */
function unknownYet(program: Program, knownAtDate: string): string {
  const first = program.criteriaHistory[0]?.revisedAt;
  if (first && first.slice(0, 10) > knownAtDate) return `The ledger had no record of this program on ${formatDate(knownAtDate)} (first recorded ${formatDate(first.slice(0, 10))}).`;
  return `The ledger had not recorded this person’s place in this program by the end of ${formatDate(knownAtDate)}.`;
}

function StandingReport({ standing, program, moment, own }: { standing: Standing; program: Program; moment: Moment; own: boolean }) {
  const person = standing.employee;
  const criteria = program.criteriaHistory.find((revision) => revision.version === standing.criteriaVersion);
  return (
    <>
      <section className="standing-section" aria-labelledby="summary-title">
        <h2 id="summary-title">Summary</h2>
        <p className="who">
          {person.title && <>{person.title} · </>}
          {person.department}
          {!person.active && <span className="badge bad">Offboarded</span>}
        </p>
        <MomentSummary moment={moment} standing={standing} criteriaInForce={program.criteria.version} />
        {program.status === 'FINALIZED' && <p className="notice">This program is finalized: its recorded winners no longer change, whatever this standing says now.</p>}
        <p className="standing-summary">
          <StandingBadge standing={standing} finalized={program.status === 'FINALIZED'} />
          {standing.rank !== null && !standing.qualifies && !standing.cutoff && <span>Rank {standing.rank}</span>}
          <span>
            Score {criteria ? formatMetricValue(criteria.rankBy, standing.score) : formatNumber(standing.score)}
            {criteria && ` (${metricLabel(criteria.rankBy).toLowerCase()})`}
          </span>
        </p>
        {criteria && rankRow(standing, criteria.rankBy, criteria) && <p className="rank-row">{rankRow(standing, criteria.rankBy, criteria)}</p>}
        <OverallProgress progress={standing.progress} qualifies={standing.qualifies} />
        <MissingSentence standing={standing} rules={{ ...criteria, active: person.active }} reader={own ? 'self' : 'other'} />
      </section>
      <section className="standing-section" aria-labelledby="thresholds-title">
        <h2 id="thresholds-title">Thresholds</h2>
        <ThresholdList thresholds={standing.thresholds} qualifies={standing.qualifies} />
      </section>
      <section className="standing-section" aria-labelledby="metrics-title">
        <h2 id="metrics-title">Metrics</h2>
        <MetricTable metrics={standing.metrics} rankBy={criteria?.rankBy} />
      </section>
      {(standing.wonDeals.length > 0 || standing.quota !== null) && (
        <section className="standing-section" aria-labelledby="won-deals-title">
          <h2 id="won-deals-title">
            Won deals: {standing.wonDeals.length} {standing.wonDeals.length === 1 ? 'deal counts' : 'deals count'}
          </h2>
          <WonDealsTable deals={standing.wonDeals} quota={standing.quota} caption={`Won deals that count for ${person.name}`} />
        </section>
      )}
      <section className="standing-section" aria-labelledby="evidence-title">
        <h2 id="evidence-title">
          Evidence: {standing.evidence.length} {standing.evidence.length === 1 ? 'credit counts' : 'credits count'}
        </h2>
        <p className="hint">Each deal&rsquo;s page holds its audit trail.</p>
        <EvidenceTable evidence={standing.evidence} caption={`Credits that count for ${person.name}`} />
      </section>
    </>
  );
}
