import { humanize } from '../../format';

const TONE: Record<string, string> = { DRAFT: ' warning', OPEN: ' good', FINALIZED: '' };

/** A program's status in words (the colour only repeats it). */
export function ProgramStatusBadge({ status }: { status: string }) {
  return <span className={`badge${TONE[status] ?? ''}`}>{humanize(status)}</span>;
}
