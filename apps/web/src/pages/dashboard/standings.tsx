import { useId, useState } from 'react';
import { useDepartments } from '../../api/departments';
import { DepartmentFilter, SearchBox, SortHeader, orderByOf, useListView, type ListView, type SortPress } from '../../components/list-controls';
import { Link } from 'react-router-dom';
import { useQuery } from '../../api/use-query';
import { Async, ProgressBar } from '../../components/status';
import { formatNumber, formatPercent } from '../../format';
import { THRESHOLD_RESULTS } from '../../api/fragments';
import { useRefetchOn } from './live';
import { formatMetric, scoreHeading, shortfall, type EmployeeRef, type ThresholdResult } from './metrics';
import { momentVariables, type Moment } from './moment';
import { personLink } from './qualifiers';
import { ExportCsvButton } from '../../components/ExportCsvButton';

const STANDINGS_PAGE = /* GraphQL */ `
  query DashboardStandings(
    $id: ID!
    $after: String
    $asOf: DateTime
    $knownAt: DateTime
    $onlyQualified: Boolean
    $search: String
    $department: String
    $orderBy: StandingOrder
  ) {
    awardProgram(id: $id) {
      id
      standings(
        first: 25
        after: $after
        asOf: $asOf
        knownAt: $knownAt
        onlyQualified: $onlyQualified
        search: $search
        department: $department
        orderBy: $orderBy
      ) {
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
const ORDERS = ['RANK', 'NAME', 'PROGRESS', 'SCORE'] as const;
type Order = (typeof ORDERS)[number];

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

/** The moment as an export's query string: the same instants the dashboard asks the API about. */
export function exportSearch(moment: Moment): string {
  const search = new URLSearchParams(momentVariables(moment)).toString();
  return search ? `?${search}` : '';
}

export function Standings(props: Props & { audience: string[] }) {
  const [onlyQualified, setOnlyQualified] = useState(false);
  const [view, changeView] = useListView(ORDERS);
  const departments = useDepartments({ skip: props.audience.length > 0 });
  const checkboxId = useId();
  const { moment, audience } = props;
  // The audience's departments when it has some; everyone's otherwise.
  const choices = audience.length > 0 ? audience : (departments.data?.departments.map((department) => department.name) ?? []);
  return (
    <section aria-labelledby="standings-heading">
      <div className="dashboard-section-head">
        <h2 id="standings-heading">Standings</h2>
        <ExportCsvButton path={`/exports/programs/${encodeURIComponent(props.programId)}/standings.csv${exportSearch(moment)}`} filename={`${props.programId}-standings.csv`} label="Export standings CSV" />
        <ExportCsvButton path={`/exports/programs/${encodeURIComponent(props.programId)}/evidence.csv${exportSearch(moment)}`} filename={`${props.programId}-evidence.csv`} label="Export evidence CSV" />
        <div className="dashboard-check">
          <input id={checkboxId} type="checkbox" checked={onlyQualified} onChange={(event) => setOnlyQualified(event.target.checked)} />
          <label htmlFor={checkboxId}>Only qualified</label>
        </div>
      </div>
      <div className="toolbar list-controls">
        <SearchBox label="Find a person" placeholder="Name or id" value={view.search} onChange={(search) => changeView({ search })} />
        {choices.length > 1 && <DepartmentFilter departments={choices} value={view.department} onChange={(department) => changeView({ department })} />}
      </div>
      {/* A new moment, filter or order starts again at page 1: the cursors of the old list mean nothing in the new one. */}
      <StandingsPages
        key={`${moment.asOf}|${moment.knownAt}|${onlyQualified}|${view.search}|${view.department}|${view.sort?.field}.${view.sort?.direction}`}
        {...props}
        onlyQualified={onlyQualified}
        view={view}
        onSort={(press) => changeView({ press })}
      />
    </section>
  );
}

function StandingsPages({
  programId,
  moment,
  revision,
  rankBy,
  maxWinners,
  onlyQualified,
  view,
  onSort,
}: Props & { onlyQualified: boolean; view: ListView<Order>; onSort: (press: SortPress<Order>) => void }) {
  // The cursor each visited page started after (null for the first), so Previous goes back exactly.
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const after = cursors[cursors.length - 1];
  const state = useQuery<StandingsAnswer>(STANDINGS_PAGE, {
    id: programId,
    after,
    onlyQualified,
    ...momentVariables(moment),
    ...(view.search && { search: view.search }),
    ...(view.department && { department: view.department }),
    orderBy: orderByOf(view.sort),
  });
  useRefetchOn(revision, state.refetch);
  const sortable = { sort: view.sort, onSort };
  return (
    <Async state={state}>
      {(data) => {
        const standings = data.awardProgram?.standings;
        if (!standings || standings.totalCount === 0) {
          if (view.search || view.department) return <p>Nobody here matches {[view.search && `“${view.search}”`, view.department].filter(Boolean).join(' in ')}.</p>;
          return <p>{onlyQualified ? 'Nobody qualifies yet.' : 'Nobody is in this program yet.'}</p>;
        }
        const pageCount = Math.max(1, Math.ceil(standings.totalCount / PAGE_SIZE));
        return (
          <>
            <div className="table-scroll">
              <table aria-labelledby="standings-heading" aria-busy={state.loading}>
                <thead>
                  <tr>
                    <SortHeader field="RANK" label="Rank" className="number" {...sortable} />
                    <SortHeader field="NAME" label="Name" {...sortable} />
                    <th scope="col" className="hide-narrow">Department</th>
                    <SortHeader field="SCORE" label={scoreHeading(rankBy)} className="number hide-narrow" first="DESC" {...sortable} />
                    <SortHeader field="PROGRESS" label="Progress" first="DESC" {...sortable} />
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
