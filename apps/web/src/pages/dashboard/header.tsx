import { Link } from 'react-router-dom';
import { useQuery } from '../../api/use-query';
import { hasRole } from '../../auth/session';
import { useViewer } from '../../auth/use-viewer';
import { formatDate, humanize } from '../../format';
import { describeThreshold, metricName, type Threshold } from './metrics';
import { momentVariables, type Moment } from './moment';

export interface Criteria {
  version: number;
  thresholds: Threshold[];
  rankBy: string;
  maxWinners: number | null;
  /** When the ledger recorded this version (asked for where the page needs it). */
  revisedAt?: string;
}

export interface Program {
  id: string;
  name: string;
  description: string | null;
  status: 'DRAFT' | 'OPEN' | 'FINALIZED';
  periodStart: string;
  periodEnd: string;
  audienceDepartments: string[];
  criteria: Criteria;
  criteriaHistory: Criteria[];
}

/** Which criteria version the standings used at a past record time ("knownAt"): it may predate a revision. */
const VERSION_KNOWN_AT = /* GraphQL */ `
  query DashboardVersionKnownAt($id: ID!, $asOf: DateTime, $knownAt: DateTime) {
    awardProgram(id: $id) {
      id
      standings(first: 1, asOf: $asOf, knownAt: $knownAt) {
        nodes {
          criteriaVersion
        }
      }
    }
  }
`;

const STATUS_BADGE: Record<Program['status'], string> = { DRAFT: 'badge warning', OPEN: 'badge good', FINALIZED: 'badge' };

export const summarizeThresholds = (criteria: Criteria) => criteria.thresholds.map(describeThreshold).join(' · ') || 'No thresholds';

export function ProgramHeader({ program, moment, qualifying }: { program: Program; moment: Moment; qualifying: number | undefined }) {
  const viewer = useViewer();
  const { criteria } = program;
  return (
    <header className="dashboard-header">
      <div className="dashboard-title">
        <h1>{program.name}</h1>
        <span className={STATUS_BADGE[program.status]}>{humanize(program.status)}</span>
        {hasRole(viewer, 'HR', 'ADMIN') && program.status !== 'FINALIZED' && (
          <Link className="dashboard-edit" to={`/programs/${encodeURIComponent(program.id)}/edit`}>
            Edit criteria
          </Link>
        )}
      </div>
      {/* The headline first, so a phone's first screen answers "who qualifies?" before the program's facts. */}
      <p className="dashboard-headline" aria-live="polite">
        {qualifying === undefined ? (
          'Counting who qualifies…'
        ) : (
          <>
            <strong>{qualifying}</strong> {qualifying === 1 ? 'person qualifies' : 'people qualify'}
            {criteria.maxWinners ? ` of up to ${criteria.maxWinners} winners` : ''}
          </>
        )}
      </p>
      {program.description && <p className="hint">{program.description}</p>}
      <dl className="dashboard-facts">
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
        <div className="dashboard-criteria">
          <dt>Criteria in force (version {criteria.version})</dt>
          <dd>{summarizeThresholds(criteria)}</dd>
        </div>
        <div>
          <dt>Ranked by</dt>
          <dd>{metricName(criteria.rankBy)}</dd>
        </div>
        <div>
          <dt>Winners</dt>
          <dd>{criteria.maxWinners ? `Up to ${criteria.maxWinners}` : 'No cap'}</dd>
        </div>
      </dl>
      {moment.knownAt && <VersionAtMoment program={program} moment={moment} />}
    </header>
  );
}

/** Says so when the moment shown was judged under an earlier criteria version than the one in force. */
function VersionAtMoment({ program, moment }: { program: Program; moment: Moment }) {
  const state = useQuery<{ awardProgram: { standings: { nodes: { criteriaVersion: number }[] } } | null }>(VERSION_KNOWN_AT, {
    id: program.id,
    ...momentVariables(moment),
  });
  const used = state.data?.awardProgram?.standings.nodes[0]?.criteriaVersion;
  if (used === undefined || used === program.criteria.version) return null;
  const criteria = program.criteriaHistory.find((revision) => revision.version === used);
  return (
    <p className="dashboard-note">
      On {formatDate(moment.knownAt)} the ledger judged standings by criteria version {used}
      {criteria && `: ${summarizeThresholds(criteria)}`}.
    </p>
  );
}
