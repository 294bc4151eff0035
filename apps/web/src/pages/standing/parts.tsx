import { Link } from 'react-router-dom';
import { SortHeader, type Direction, type ListView, type SortPress } from '../../components/list-controls';
import { ProgressBar } from '../../components/status';
import { formatCreditedAt, formatDate, formatMoney, formatPercent, humanize } from '../../format';
import {
  beyondThresholds,
  formatMetricValue,
  kindLabel,
  metricLabel,
  missingSentence,
  type ContributionKind,
  type MetricValue,
  type Reader,
  type ThresholdResult,
} from './words';
import '../recognition/recognition.css';

export type { ContributionKind, MetricValue, Reader, ThresholdResult } from './words';
export { missingPhrase, missingSentence } from './words';

/** A credit that counts toward a standing; the richer fields are there when the page asked for them. */
export interface EvidenceCredit {
  id: string;
  kind: ContributionKind;
  note: string;
  status?: 'ACTIVE' | 'RETRACTED';
  flags?: string[];
  creditedAt?: string;
  creditedBy?: { name: string };
  deal: { id: string; name: string; amount: string; account?: string; closedOn?: string | null; type?: string };
}

/** Whether a person qualifies, in words (and colour only as a second cue). `standing` null: outside the audience. */
export function StandingBadge({ standing, finalized = false }: { standing: { qualifies: boolean; rank: number | null } | null; finalized?: boolean }) {
  if (!standing) return <span className="badge">Not in this program&rsquo;s audience</span>;
  if (standing.qualifies) return <span className="badge good">Qualifies{standing.rank !== null && ` · rank ${standing.rank}`}</span>;
  // "Not yet" promises a chance that a finalized program no longer gives.
  return <span className="badge warning">{finalized ? 'Did not qualify' : 'Not yet'}</span>;
}

/** The standing's progress: the least of its thresholds', so the bar shows the furthest gap. */
export function OverallProgress({ progress, qualifies = true }: { progress: number; qualifies?: boolean }) {
  return (
    <div className="overall-progress">
      <span className="threshold-name">Overall progress</span>
      <span className="threshold-figures">{formatPercent(progress)}</span>
      <ProgressBar value={progress} label="Overall progress" settled={qualifies} />
    </div>
  );
}

/**
 * One bar per threshold, labelled "actual of required", with met / not met said in words. For someone who does not
 * qualify, a met threshold is not shown green: with a cap, meeting it is not enough.
 */
export function ThresholdList({ thresholds, qualifies = true }: { thresholds: ThresholdResult[]; qualifies?: boolean }) {
  if (thresholds.length === 0) return <p className="hint">This program has no thresholds: everyone in its audience is ranked.</p>;
  return (
    <ul className="threshold-list">
      {thresholds.map((result) => {
        const { metric, kind, atLeast } = result.threshold;
        const name = metricLabel(metric, kind);
        const figures = `${formatMetricValue(metric, result.actual)} of ${formatMetricValue(metric, atLeast)}`;
        return (
          <li key={`${metric}-${kind ?? ''}`}>
            <div className="threshold-head">
              <span className="threshold-name">{name}</span>
              <span className="threshold-figures">{figures}</span>
              <span className={`badge ${result.met ? (qualifies ? 'good' : '') : 'warning'}`}>{result.met ? 'Met' : 'Not met'}</span>
            </div>
            <ProgressBar value={result.progress} label={`${name}: ${figures}`} settled={qualifies} />
          </li>
        );
      })}
    </ul>
  );
}

interface MissingProps {
  standing: { qualifies: boolean; rank: number | null; thresholds: ThresholdResult[] };
  /** The criteria the standing used: why meeting every threshold may still not be enough. */
  rules?: { maxWinners?: number | null; requireActive?: boolean; active?: boolean };
  reader?: Reader;
}

/** "Still missing: 2 more credited deals, $120,000 more influenced", or why met thresholds are not enough. */
export function MissingSentence({ standing, rules = {}, reader = 'self' }: MissingProps) {
  if (standing.qualifies) return <p className="missing">Every threshold is met.</p>;
  const missing = missingSentence(standing.thresholds, reader);
  if (missing) {
    return (
      <p className="missing">
        <strong>Still missing:</strong> {missing}.
      </p>
    );
  }
  return <p className="missing">{beyondThresholds(standing, rules, reader)}</p>;
}

export function FlagBadges({ flags = [], status }: { flags?: string[]; status?: string }) {
  if (flags.length === 0 && status !== 'RETRACTED') return <span className="hint">None</span>;
  return (
    <span className="flag-badges">
      {status === 'RETRACTED' && <span className="badge bad">Retracted</span>}
      {flags.map((flag) => (
        <span key={flag} className="badge warning">
          {humanize(flag)}
        </span>
      ))}
    </span>
  );
}

/** The credits that count, compact: each deal links to its page. */
export function EvidenceList({ evidence }: { evidence: EvidenceCredit[] }) {
  if (evidence.length === 0) return <p className="hint">No credit counts toward this program yet.</p>;
  return (
    <ul className="evidence-list">
      {evidence.map((credit) => (
        <li key={credit.id}>
          <Link to={`/deals/${credit.deal.id}`}>{credit.deal.name}</Link>
          <span className="evidence-facts">
            {' '}
            · {kindLabel(credit.kind)} · {formatMoney(credit.deal.amount)}
          </span>
          <span className="evidence-note">{credit.note}</span>
        </li>
      ))}
    </ul>
  );
}

/** A row's deal: its link (the deal page holds the audit trail), account and type; on a phone also its close date, whose column is hidden there. */
export function DealCell({ deal }: { deal: EvidenceCredit['deal'] }) {
  const facts = [deal.account, deal.type && humanize(deal.type)].filter(Boolean).join(' · ');
  return (
    <th scope="row">
      <Link to={`/deals/${deal.id}`}>{deal.name}</Link>
      {facts && <span className="evidence-account">{facts}</span>}
      <span className="evidence-account narrow-only">Closed {formatDate(deal.closedOn)}</span>
    </th>
  );
}

/** What a contributor did: the kind, then the note the rep wrote. */
export function Contribution({ credit }: { credit: { kind: ContributionKind; note: string } }) {
  return (
    <>
      <span className="contribution-kind">{kindLabel(credit.kind)}</span>
      <span className="evidence-note">{credit.note}</span>
    </>
  );
}

/** The credits that count, in full: the deal (where its audit trail is), who credited, when, and its flags. */
export function EvidenceTable({ evidence, caption }: { evidence: EvidenceCredit[]; caption: string }) {
  if (evidence.length === 0) return <p className="hint">No credit counts toward this standing.</p>;
  return <CreditTable credits={evidence} caption={caption} />;
}

/** Credits with their deals, one a row: a standing's evidence, or the credits a person received. */
export type CreditOrder = 'CREDITED_AT' | 'DEAL' | 'DEAL_CLOSED_ON' | 'KIND';

/** Credits in a table; with `sorting`, the deal, contribution and date headings order the list. */
export function CreditTable({
  credits,
  caption,
  sorting,
  highlight,
}: {
  credits: EvidenceCredit[];
  caption: string;
  sorting?: { sort: ListView<CreditOrder>['sort']; onSort: (press: SortPress<CreditOrder>) => void };
  highlight?: string;
}) {
  const heading = (field: CreditOrder, label: string, className?: string, first?: Direction) =>
    sorting ? <SortHeader field={field} label={label} className={className} first={first} {...sorting} /> : <th scope="col" className={className}>{label}</th>;
  return (
    <div className="table-scroll">
      <table className="credit-table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            {heading('DEAL', 'Deal')}
            {heading('KIND', 'Contribution')}
            <th scope="col" className="hide-narrow">
              Credited by
            </th>
            {heading('DEAL_CLOSED_ON', 'Closed', 'hide-narrow', 'DESC')}
            {heading('CREDITED_AT', 'Credited', 'hide-narrow', 'DESC')}
            <th scope="col" className="number hide-narrow">
              Amount
            </th>
            <th scope="col">Status</th>
          </tr>
        </thead>
        <tbody>
          {credits.map((credit) => (
            <tr key={credit.id} className={credit.id === highlight ? 'just-added' : undefined}>
              <DealCell deal={credit.deal} />
              <td>
                <Contribution credit={credit} />
              </td>
              <td className="hide-narrow">{credit.creditedBy?.name ?? '—'}</td>
              <td className="hide-narrow">{formatDate(credit.deal.closedOn)}</td>
              <td className="hide-narrow">{formatCreditedAt(credit)}</td>
              <td className="number hide-narrow">{formatMoney(credit.deal.amount)}</td>
              <td>{credit.status !== 'RETRACTED' && !credit.flags?.length ? 'Active' : <FlagBadges flags={credit.flags} status={credit.status} />}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Every metric the standing computed, whether or not a threshold uses it; the ranking metric is marked. */
export function MetricTable({ metrics, rankBy }: { metrics: MetricValue[]; rankBy?: string }) {
  return (
    <div className="table-scroll">
      <table className="metric-table">
        <thead>
          <tr>
            <th scope="col">Metric</th>
            <th scope="col" className="number">
              Value
            </th>
          </tr>
        </thead>
        <tbody>
          {metrics.map((value) => (
            <tr key={`${value.metric}-${value.kind ?? ''}`}>
              <th scope="row">
                {metricLabel(value.metric, value.kind)}
                {value.metric === rankBy && <span className="badge rank-badge">Ranks by</span>}
              </th>
              <td className="number">{formatMetricValue(value.metric, value.value)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** A won deal a seller owns that counts toward their standing. */
export interface WonDeal {
  id: string;
  name: string;
  account: string;
  amount: string;
  closedOn: string | null;
  type: string;
}

/** A seller's evidence: the won deals that count, with their close dates, and the quota they are measured against. */
export function WonDealsTable({ deals, quota, caption }: { deals: WonDeal[]; quota: string | null; caption: string }) {
  return (
    <>
      {quota !== null && (
        <p className="quota">
          Measured against a quota of <strong>{formatMoney(quota)}</strong> for the program&rsquo;s period.
        </p>
      )}
      {deals.length === 0 ? (
        <p className="hint">No won deal counts toward this standing.</p>
      ) : (
        <div className="table-scroll">
          <table className="credit-table">
            <caption className="visually-hidden">{caption}</caption>
            <thead>
              <tr>
                <th scope="col">Deal</th>
                <th scope="col">Closed</th>
                <th scope="col" className="number">
                  Amount
                </th>
              </tr>
            </thead>
            <tbody>
              {deals.map((deal) => (
                <tr key={deal.id}>
                  <DealCell deal={deal} />
                  <td>{formatDate(deal.closedOn)}</td>
                  <td className="number">{formatMoney(deal.amount)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
