import { useId, useState } from 'react';
import { Link } from 'react-router-dom';
import { useQuery } from '../../api/use-query';
import { Async, ProgressBar } from '../../components/status';
import { formatNumber, formatPercent } from '../../format';
import { THRESHOLD_RESULTS } from '../../api/fragments';
import { useRefetchOn } from './live';
import { formatMetric, scoreHeading, shortfall, type EmployeeRef, type ThresholdResult } from './metrics';
import { momentVariables, type Moment } from './moment';
import { personLink } from './qualifiers';

const STANDINGS_PAGE = /* GraphQL */ `
  query DashboardStandings($id: ID!, $after: String, $asOf: DateTime, $knownAt: DateTime, $onlyQualified: Boolean) {
    awardProgram(id: $id) {
      id
      standings(first: 25, after: $after, asOf: $asOf, knownAt: $knownAt, onlyQualified: $onlyQualified) {
        totalCount
        pageInfo {
          hasNextPage
          endCursor
        }
        nodes {
          rank
          qualifies
          progress
          score
          employee {
            id
            name
            department
          }
          ...ThresholdResults
        }
      }
    }
  }
  ${THRESHOLD_RESULTS}
`;

const PAGE_SIZE = 25;

interface Standing {
  rank: number | null;
  qualifies: boolean;
  progress: number;
  score: number;
  employee: EmployeeRef;
  thresholds: ThresholdResult[];
}

interface StandingsAnswer {
  awardProgram: {
    standings: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string | null }; nodes: Standing[] };
  } | null;
}

interface Props {
  programId: string;
  moment: Moment;
  revision: number;
  rankBy: string;
  maxWinners: number | null;
}

export function Standings(props: Props) {
  const [onlyQualified, setOnlyQualified] = useState(false);
  const checkboxId = useId();
  const { moment } = props;
  return (
    <section aria-labelledby="standings-heading">
      <div className="dashboard-section-head">
        <h2 id="standings-heading">Standings</h2>
        <div className="dashboard-check">
          <input id={checkboxId} type="checkbox" checked={onlyQualified} onChange={(event) => setOnlyQualified(event.target.checked)} />
          <label htmlFor={checkboxId}>Only qualified</label>
        </div>
      </div>
      {/* A new moment or filter starts again at page 1: the cursors of the old list mean nothing in the new one. */}
      <StandingsPages key={`${moment.asOf}|${moment.knownAt}|${onlyQualified}`} {...props} onlyQualified={onlyQualified} />
    </section>
  );
}

function StandingsPages({ programId, moment, revision, rankBy, maxWinners, onlyQualified }: Props & { onlyQualified: boolean }) {
  // The cursor each visited page started after (null for the first), so Previous goes back exactly.
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const after = cursors[cursors.length - 1];
  const state = useQuery<StandingsAnswer>(STANDINGS_PAGE, { id: programId, after, onlyQualified, ...momentVariables(moment) });
  useRefetchOn(revision, state.refetch);
  return (
    <Async state={state}>
      {(data) => {
        const standings = data.awardProgram?.standings;
        if (!standings || standings.totalCount === 0) return <p>{onlyQualified ? 'Nobody qualifies yet.' : 'Nobody is in this program yet.'}</p>;
        const pageCount = Math.max(1, Math.ceil(standings.totalCount / PAGE_SIZE));
        return (
          <>
            <div className="table-scroll">
              <table aria-labelledby="standings-heading" aria-busy={state.loading}>
                <thead>
                  <tr>
                    <th scope="col" className="number">Rank</th>
                    <th scope="col">Name</th>
                    <th scope="col" className="hide-narrow">Department</th>
                    <th scope="col" className="number hide-narrow">{scoreHeading(rankBy)}</th>
                    <th scope="col">Progress</th>
                    <th scope="col">Status</th>
                  </tr>
                </thead>
                <tbody>
                  {standings.nodes.map((standing) => (
                    <tr key={standing.employee.id}>
                      <td className="number">{standing.rank ?? '—'}</td>
                      <th scope="row">
                        <Link to={personLink(programId, standing.employee.id, moment)}>{standing.employee.name}</Link>
                      </th>
                      <td className="hide-narrow">{standing.employee.department}</td>
                      <td className="number hide-narrow">{formatMetric(rankBy, standing.score)}</td>
                      <td>
                        <div className="dashboard-progress">
                          <ProgressBar value={standing.progress} label={`${standing.employee.name}'s progress`} />
                          <span>{formatPercent(standing.progress)}</span>
                        </div>
                      </td>
                      <td>
                        {standing.qualifies ? (
                          <span className="badge good">Qualifies</span>
                        ) : (
                          <>
                            <span className="badge">Not yet</span>
                            <small className="hint hide-narrow dashboard-shortfall">{shortfall(standing.thresholds, maxWinners)}</small>
                          </>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <nav className="dashboard-pager" aria-label="Standings pages">
              <button type="button" disabled={cursors.length === 1 || state.loading} onClick={() => setCursors(cursors.slice(0, -1))}>
                Previous
              </button>
              <span aria-live="polite">
                Page {cursors.length} of {pageCount} · {formatNumber(standings.totalCount)} people
              </span>
              <button
                type="button"
                disabled={!standings.pageInfo.hasNextPage || state.loading}
                onClick={() => setCursors([...cursors, standings.pageInfo.endCursor])}
              >
                Next
              </button>
            </nav>
          </>
        );
      }}
    </Async>
  );
}
