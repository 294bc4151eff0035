import { useCallback, useEffect, useRef, useState } from 'react';
import { Bar, BarChart, CartesianGrid, Cell, Tooltip, XAxis, YAxis } from 'recharts';
import { ApiError, request } from '../../api/graphql';
import { Async } from '../../components/status';
import { formatNumber } from '../../format';
import { useRefetchOn } from './live';
import { momentVariables, type Moment } from './moment';

/** Only what the histogram needs, in big pages: the whole program in a few requests. */
const PROGRESS_PAGE = /* GraphQL */ `
  query DashboardProgressPage($id: ID!, $after: String, $asOf: DateTime, $knownAt: DateTime) {
    awardProgram(id: $id) {
      id
      standings(first: 200, after: $after, asOf: $asOf, knownAt: $knownAt) {
        totalCount
        pageInfo {
          hasNextPage
          endCursor
        }
        nodes {
          progress
          qualifies
        }
      }
    }
  }
`;

const MAX_PAGES = 5;

interface ProgressPage {
  awardProgram: {
    standings: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string | null }; nodes: { progress: number; qualifies: boolean }[] };
  } | null;
}

interface Bin {
  label: string;
  people: number;
  qualified: boolean;
}

interface Distribution {
  bins: Bin[];
  counted: number;
  totalCount: number;
}

/** Ten progress bands of people who do not qualify (progress 1 beyond a cap lands in 90–100%), then the qualified. */
function distribute(standings: { progress: number; qualifies: boolean }[]): Bin[] {
  const bins: Bin[] = Array.from({ length: 10 }, (_, band) => ({ label: `${band * 10}–${band * 10 + 10}%`, people: 0, qualified: false }));
  const qualified: Bin = { label: 'Qualified', people: 0, qualified: true };
  for (const standing of standings) {
    if (standing.qualifies) qualified.people++;
    else bins[Math.min(9, Math.max(0, Math.floor(standing.progress * 10)))].people++;
  }
  return [...bins, qualified];
}

/** Pages through the program's standings (at most MAX_PAGES) and counts them into bands; the latest run wins. */
function useDistribution(programId: string, moment: Moment) {
  const [data, setData] = useState<Distribution>();
  const [error, setError] = useState<ApiError>();
  const [loading, setLoading] = useState(true);
  const latest = useRef(0);
  const variables = JSON.stringify({ id: programId, ...momentVariables(moment) });

  const refetch = useCallback(async () => {
    const ticket = ++latest.current;
    setLoading(true);
    try {
      const standings: { progress: number; qualifies: boolean }[] = [];
      let after: string | null = null;
      let totalCount = 0;
      for (let page = 0; page < MAX_PAGES; page++) {
        const answer: ProgressPage = await request<ProgressPage>(PROGRESS_PAGE, { ...JSON.parse(variables), after });
        const connection = answer.awardProgram?.standings;
        if (!connection) break;
        totalCount = connection.totalCount;
        standings.push(...connection.nodes);
        if (!connection.pageInfo.hasNextPage) break;
        after = connection.pageInfo.endCursor;
      }
      if (ticket !== latest.current) return;
      setData({ bins: distribute(standings), counted: standings.length, totalCount });
      setError(undefined);
    } catch (caught) {
      if (ticket !== latest.current) return;
      setError(caught instanceof ApiError ? caught : new ApiError(String(caught), 'CLIENT'));
    } finally {
      if (ticket === latest.current) setLoading(false);
    }
  }, [variables]);

  useEffect(() => {
    void refetch();
  }, [refetch]);

  return { data, error, loading, refetch };
}

export function ProgressChart({ programId, moment, revision }: { programId: string; moment: Moment; revision: number }) {
  const state = useDistribution(programId, moment);
  useRefetchOn(revision, state.refetch);
  return (
    <section aria-labelledby="chart-heading" aria-busy={state.loading}>
      <h2 id="chart-heading">Standings by progress</h2>
      <Async state={state}>
        {({ bins, counted, totalCount }) => {
          const summary = bins.map((bin) => `${bin.label}: ${bin.people}`).join(', ');
          return (
            <figure className="dashboard-figure">
              <div role="img" aria-label={`How many people are at each level of progress. ${summary}.`} className="dashboard-chart">
                <BarChart responsive style={{ width: '100%', height: '100%' }} data={bins} accessibilityLayer={false} margin={{ top: 8, right: 8, bottom: 8, left: 0 }}>
                  <CartesianGrid vertical={false} stroke="#d4dae3" />
                  <XAxis dataKey="label" tick={{ fontSize: 11 }} interval="preserveStartEnd" />
                  <YAxis allowDecimals={false} width={40} tick={{ fontSize: 12 }} />
                  <Tooltip formatter={(value) => [formatNumber(Number(value)), 'People']} />
                  <Bar dataKey="people" name="People" isAnimationActive={false}>
                    {bins.map((bin) => (
                      <Cell key={bin.label} fill={bin.qualified ? '#1c6b3a' : '#1f4fb8'} />
                    ))}
                  </Bar>
                </BarChart>
              </div>
              <figcaption className="hint">
                {formatNumber(counted)} people by progress toward every threshold; the last bar counts those who qualify.
                {counted < totalCount && ` The chart counts the first ${formatNumber(counted)} of ${formatNumber(totalCount)}.`}
              </figcaption>
              <details>
                <summary>Chart data as a table</summary>
                <table>
                  <caption className="visually-hidden">People at each level of progress</caption>
                  <thead>
                    <tr>
                      <th scope="col">Progress</th>
                      <th scope="col" className="number">People</th>
                    </tr>
                  </thead>
                  <tbody>
                    {bins.map((bin) => (
                      <tr key={bin.label}>
                        <th scope="row">{bin.label}</th>
                        <td className="number">{formatNumber(bin.people)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </details>
            </figure>
          );
        }}
      </Async>
    </section>
  );
}
