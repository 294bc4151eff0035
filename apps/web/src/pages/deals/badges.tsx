import { humanize } from '../../format';
import type { DealStatus } from './types';

const STATUS_TONE: Record<DealStatus, string> = { CLOSED_WON: 'good', CLOSED_LOST: 'bad', OPEN: '' };

/** A deal's status in words, coloured as a second cue only. */
export function DealStatusBadge({ status }: { status: DealStatus }) {
  return <span className={`badge ${STATUS_TONE[status]}`}>{humanize(status)}</span>;
}

/** Flags such as LATE_CREDIT are shown, not enforced (SPEC "Deals"), so they read as warnings. */
export function Flags({ flags, none = null }: { flags: string[]; none?: string | null }) {
  if (flags.length === 0) return none === null ? null : <span className="hint">{none}</span>;
  return (
    <ul className="deal-flags" aria-label="Flags">
      {flags.map((flag) => (
        <li key={flag} className="badge warning">
          {humanize(flag)}
        </li>
      ))}
    </ul>
  );
}
