import { Link } from 'react-router-dom';
import { useQuery } from '../../api/use-query';
import { Async } from '../../components/status';
import { formatDate } from '../../format';
import { METRIC_VALUES, THRESHOLD_RESULTS } from '../../api/fragments';
import {
  EvidenceList,
  MetricTable,
  MissingSentence,
  OverallProgress,
  StandingBadge,
  ThresholdList,
  type EvidenceCredit,
  type MetricValue,
  type ThresholdResult,
} from '../standing/parts';
import { DisputeButton } from '../claims/dispute-button';
import { formatMetricValue, type Metric } from '../standing/words';

/** One request per program: a handful of programs, and each card shows its own loading and error. */
const MY_STANDING = /* GraphQL */ `
  query MyStanding($programId: ID!, $employeeId: ID!) {
    awardProgram(id: $programId) {
      id
      criteria {
        version
        rankBy
        maxWinners
        requireActive
      }
      winners {
        rank
        employee {
          id
        }
      }
      standing(employeeId: $employeeId) {
        qualifies
        rank
        progress
        score
        criteriaVersion
        asOf
        knownAt
        ...ThresholdResults
        ...MetricValues
        evidence {
          id
          kind
          note
          deal {
            id
            name
            amount
          }
        }
      }
    }
  }
  ${THRESHOLD_RESULTS}
  ${METRIC_VALUES}
`;

export interface ProgramSummary {
  id: string;
  name: string;
  status: 'DRAFT' | 'OPEN' | 'FINALIZED';
  periodStart: string;
  periodEnd: string;
  audienceDepartments: string[];
}

export interface Contributor {
  id: string;
  department: string;
  active: boolean;
}

interface Standing {
  qualifies: boolean;
  rank: number | null;
  progress: number;
  score: number;
  criteriaVersion: number;
  /** The moment this standing was read at: pinned to a dispute of it. */
  asOf: string;
  knownAt: string;
  thresholds: ThresholdResult[];
  metrics: MetricValue[];
  evidence: EvidenceCredit[];
}

interface Winner {
  rank: number | null;
  employee: { id: string };
}

interface MyStandingData {
  awardProgram: {
    id: string;
    criteria: { version: number; rankBy: string; maxWinners: number | null; requireActive: boolean };
    winners: Winner[] | null;
    standing: Standing | null;
  } | null;
}

/** An empty audience means everyone; otherwise the department must be listed. */
export const inAudience = (program: ProgramSummary, department: string) =>
  program.audienceDepartments.length === 0 || program.audienceDepartments.includes(department);

/** The contributor's standing in one program: badge, progress, what is missing and the credits that count. */
export function ProgramStandingCard({ program, me }: { program: ProgramSummary; me: Contributor }) {
  const eligible = inAudience(program, me.department);
  const state = useQuery<MyStandingData>(MY_STANDING, { programId: program.id, employeeId: me.id }, { skip: !eligible });
  const headingId = `program-${program.id}`;
  return (
    <article className="card program-standing" aria-labelledby={headingId}>
      <div className="program-standing-head">
        <h3 id={headingId}>{program.name}</h3>
        {program.status === 'FINALIZED' && <span className="badge">Finalized</span>}
      </div>
      <p className="hint">
        {formatDate(program.periodStart)} – {formatDate(program.periodEnd)}
      </p>
      {eligible ? (
        <Async state={state}>{(data) => <StandingBody data={data} program={program} me={me} />}</Async>
      ) : (
        <OutsideAudience program={program} />
      )}
    </article>
  );
}

function OutsideAudience({ program }: { program: ProgramSummary }) {
  return (
    <>
      <p>
        <StandingBadge standing={null} />
      </p>
      {program.audienceDepartments.length > 0 && <p className="hint">It is open to {program.audienceDepartments.join(', ')}.</p>}
    </>
  );
}

function StandingBody({ data, program, me }: { data: MyStandingData; program: ProgramSummary; me: Contributor }) {
  const found = data.awardProgram;
  // The API answers null for someone outside the audience, even when the departments looked right here.
  if (!found?.standing) return <OutsideAudience program={program} />;
  const { standing, criteria } = found;
  return (
    <>
      {program.status === 'FINALIZED' && <FinalizedNotice winners={found.winners} me={me} />}
      <p className="standing-summary">
        <StandingBadge standing={standing} finalized={program.status === 'FINALIZED'} />
        <span className="hint">
          {standing.rank !== null && !standing.qualifies && `Rank ${standing.rank} · `}Score {formatMetricValue(criteria.rankBy as Metric, standing.score)} · criteria version {standing.criteriaVersion}
        </span>
      </p>
      <OverallProgress progress={standing.progress} />
      <ThresholdList thresholds={standing.thresholds} />
      <MissingSentence standing={standing} rules={{ ...criteria, active: me.active }} />
      <details>
        <summary>
          Evidence: {standing.evidence.length} {standing.evidence.length === 1 ? 'credit counts' : 'credits count'}
        </summary>
        <EvidenceList evidence={standing.evidence} />
      </details>
      <details>
        <summary>All metrics</summary>
        <MetricTable metrics={standing.metrics} rankBy={criteria.rankBy} />
      </details>
      <p>
        <Link to={`/programs/${program.id}/people/${me.id}`}>Full standing in {program.name}</Link>
      </p>
      <DisputeButton
        about={{ subject: 'STANDING', programId: program.id, asOf: standing.asOf, knownAt: standing.knownAt }}
        label={`Dispute my standing in ${program.name}`}
      />
    </>
  );
}

/** A finalized program's winners are recorded; the live standing below may have moved since. */
function FinalizedNotice({ winners, me }: { winners: Winner[] | null; me: Contributor }) {
  const mine = winners?.find((winner) => winner.employee.id === me.id);
  return (
    <p className="notice">
      This program is finalized: its winners are recorded and no longer change.{' '}
      <strong>{mine ? `You are among its winners${mine.rank !== null ? `, rank ${mine.rank}` : ''}.` : 'You are not among its winners.'}</strong>
    </p>
  );
}
