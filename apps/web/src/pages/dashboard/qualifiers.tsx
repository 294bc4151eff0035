import { useId, useState } from 'react';
import { Link } from 'react-router-dom';
import { useQuery, type QueryState } from '../../api/use-query';
import { Async, ProgressBar } from '../../components/status';
import { formatNumber, formatPercent } from '../../format';
import { METRIC_VALUES, THRESHOLD_RESULTS } from '../../api/fragments';
import type { Criteria } from './header';
import { useRefetchOn } from './live';
import { formatMetric, metricName, scoreHeading, shortfall, type EmployeeRef, type Threshold, type ThresholdResult } from './metrics';
import { momentSearch, momentVariables, type Moment } from './moment';
import { rankRow, type Cutoff, type Metric } from '../standing/words';

const QUALIFIERS = /* GraphQL */ `
  query DashboardQualifiers($id: ID!, $asOf: DateTime, $knownAt: DateTime) {
    awardProgram(id: $id) {
      id
      qualifiers(asOf: $asOf, knownAt: $knownAt) {
        rank
        employee {
          id
          name
          department
        }
        score
        progress
        ...MetricValues
      }
    }
  }
  ${METRIC_VALUES}
`;

const NEAR_MISSES = /* GraphQL */ `
  query DashboardNearMisses($id: ID!, $within: Float!, $asOf: DateTime, $knownAt: DateTime) {
    awardProgram(id: $id) {
      id
      nearMisses(within: $within, asOf: $asOf, knownAt: $knownAt) {
        progress
        rank
        qualifies
        cutoff {
          rank
          value
          behind
        }
        employee {
          id
          name
          department
        }
        ...ThresholdResults
      }
    }
  }
  ${THRESHOLD_RESULTS}
`;

export interface Qualifier {
  rank: number | null;
  employee: EmployeeRef;
  score: number;
  progress: number;
  metrics: { metric: string; kind: string | null; value: number }[];
}

export type QualifiersAnswer = { awardProgram: { qualifiers: Qualifier[] } | null };

interface NearMiss {
  progress: number;
  rank: number | null;
  qualifies: boolean;
  cutoff: Cutoff | null;
  employee: EmployeeRef;
  thresholds: ThresholdResult[];
}

const WITHIN_CHOICES = [0.1, 0.2, 0.3];
const NEAR_MISSES_AT_FIRST = 15;

/** Where a person's standing (the "why") lives, at the moment the dashboard shows. */
export const personLink = (programId: string, employeeId: string, moment: Moment) =>
  `/programs/${encodeURIComponent(programId)}/people/${encodeURIComponent(employeeId)}${momentSearch(moment)}`;

const thresholdKey = (threshold: Threshold) => `${threshold.metric}:${threshold.kind ?? ''}`;

function metricValue(qualifier: Qualifier, threshold: Threshold): string {
  const value = qualifier.metrics.find((metric) => metric.metric === threshold.metric && (metric.kind ?? null) === (threshold.kind ?? null));
  return value ? formatMetric(threshold.metric, value.value) : '—';
}

/** The page holds the qualifiers (live updates say who *now* qualifies by comparing with them). */
export function useQualifiers(programId: string, moment: Moment, revision: number): QueryState<QualifiersAnswer> {
  const state = useQuery<QualifiersAnswer>(QUALIFIERS, { id: programId, ...momentVariables(moment) });
  useRefetchOn(revision, state.refetch);
  return state;
}

export function Qualifiers({ state, criteria, programId, moment }: { state: QueryState<QualifiersAnswer>; criteria: Criteria; programId: string; moment: Moment }) {
  return (
    <section aria-labelledby="qualifiers-heading" aria-busy={state.loading}>
      <h2 id="qualifiers-heading">Qualifiers</h2>
      <Async state={state}>
        {(data) => {
          const qualifiers = data.awardProgram?.qualifiers ?? [];
          if (qualifiers.length === 0) return <p>Nobody qualifies yet.</p>;
          // The score column already shows the rank metric; the other thresholds' values say how far past them each is.
          const columns = criteria.thresholds.filter((threshold) => threshold.kind || threshold.metric !== criteria.rankBy);
          return (
            <>
              <p className="dashboard-count">
                {formatNumber(qualifiers.length)} {qualifiers.length === 1 ? 'qualifies' : 'qualify'}
              </p>
              <div className="table-scroll">
                <table aria-labelledby="qualifiers-heading">
                  <thead>
                    <tr>
                      <th scope="col" className="number">Rank</th>
                      <th scope="col">Name</th>
                      <th scope="col" className="hide-narrow">Department</th>
                      <th scope="col" className="number">{scoreHeading(criteria.rankBy)}</th>
                      {columns.map((threshold) => (
                        <th key={thresholdKey(threshold)} scope="col" className="number hide-narrow">
                          {metricName(threshold.metric, threshold.kind)}
                        </th>
                      ))}
                    </tr>
                  </thead>
                  <tbody>
                    {qualifiers.map((qualifier) => (
                      <tr key={qualifier.employee.id}>
                        <td className="number">{qualifier.rank ?? '—'}</td>
                        <th scope="row">
                          <Link to={personLink(programId, qualifier.employee.id, moment)}>{qualifier.employee.name}</Link>
                        </th>
                        <td className="hide-narrow">{qualifier.employee.department}</td>
                        <td className="number">{formatMetric(criteria.rankBy, qualifier.score)}</td>
                        {columns.map((threshold) => (
                          <td key={thresholdKey(threshold)} className="number hide-narrow">
                            {metricValue(qualifier, threshold)}
                          </td>
                        ))}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </>
          );
        }}
      </Async>
    </section>
  );
}

/** Near misses as the API orders them, those who miss by least first: a threshold nearly met, or the cutoff nearly reached. */
export function NearMisses({ programId, moment, revision, maxWinners, rankBy }: { programId: string; moment: Moment; revision: number; maxWinners: number | null; rankBy: string }) {
  const [within, setWithin] = useState(WITHIN_CHOICES[0]);
  const [showAll, setShowAll] = useState(false);
  const withinId = useId();
  const state = useQuery<{ awardProgram: { nearMisses: NearMiss[] } | null }>(NEAR_MISSES, { id: programId, within, ...momentVariables(moment) });
  useRefetchOn(revision, state.refetch);
  return (
    <section aria-labelledby="near-misses-heading" aria-busy={state.loading}>
      <div className="dashboard-section-head">
        <h2 id="near-misses-heading">Near misses</h2>
        <div className="dashboard-inline-field">
          <label htmlFor={withinId}>Within</label>
          <select id={withinId} value={within} onChange={(event) => setWithin(Number(event.target.value))}>
            {WITHIN_CHOICES.map((choice) => (
              <option key={choice} value={choice}>
                {formatPercent(choice)}
              </option>
            ))}
          </select>
        </div>
      </div>
      <Async state={state}>
        {(data) => {
          const misses = data.awardProgram?.nearMisses ?? [];
          if (misses.length === 0) return <p>Nobody is within {formatPercent(within)} of qualifying.</p>;
          const shown = showAll ? misses : misses.slice(0, NEAR_MISSES_AT_FIRST);
          return (
            <>
              <p className="dashboard-count">
                {formatNumber(misses.length)} within {formatPercent(within)} of qualifying
              </p>
              <ul className="dashboard-near-misses">
                {shown.map((miss) => (
                  <li key={miss.employee.id}>
                    <div className="dashboard-near-miss-name">
                      <Link to={personLink(programId, miss.employee.id, moment)}>{miss.employee.name}</Link>
                      <span>{formatPercent(miss.progress)}</span>
                    </div>
                    <ProgressBar value={miss.progress} label={`${miss.employee.name}'s progress`} settled={false} />
                    <small className="hint">{miss.thresholds.every((result) => result.met) ? rankRow(miss, rankBy as Metric) : shortfall(miss.thresholds, maxWinners)}</small>
                  </li>
                ))}
              </ul>
              {misses.length > shown.length && (
                <button type="button" className="link" onClick={() => setShowAll(true)}>
                  Show all {formatNumber(misses.length)} near misses
                </button>
              )}
            </>
          );
        }}
      </Async>
    </section>
  );
}
