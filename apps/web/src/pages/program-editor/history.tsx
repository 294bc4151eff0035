import { formatInstant, humanize } from '../../format';
import { thresholdsSummary, type Criteria } from './criteria';

export type CriteriaVersion = Pick<Criteria, 'version' | 'thresholds' | 'rankBy' | 'maxWinners'> & { reason: string | null; revisedAt: string };

/** Every criteria version, newest first, each with why it changed and what it asked for. */
export function CriteriaHistory({ history, inForce }: { history: CriteriaVersion[]; inForce: number }) {
  const newestFirst = [...history].sort((a, b) => b.version - a.version);
  return (
    <section aria-labelledby="criteria-history-title">
      <h2 id="criteria-history-title">Criteria history</h2>
      <ol className="criteria-history" reversed>
        {newestFirst.map((criteria) => (
          <li key={criteria.version}>
            <h3>
              Version {criteria.version}
              {criteria.version === inForce && <span className="badge good">In force</span>}
            </h3>
            <p className="criteria-history-meta">
              <time dateTime={criteria.revisedAt}>{formatInstant(criteria.revisedAt)}</time> · {criteria.reason ?? 'Criteria the program was drafted with'}
            </p>
            <p>
              {thresholdsSummary(criteria.thresholds)}
              <span className="hint">
                {' '}
                — ranked by {humanize(criteria.rankBy).toLowerCase()}
                {criteria.maxWinners !== null ? `, top ${criteria.maxWinners}` : ', no cap on winners'}
              </span>
            </p>
          </li>
        ))}
      </ol>
    </section>
  );
}
