import { formatInstant } from '../format';

/** One recorded event, as `history` answers it for a deal or a program. */
export interface AuditEntry {
  position: string;
  type: string;
  occurredAt: string;
  recordedAt: string;
  actor: string;
  data?: unknown;
}

/** "AwardProgramDrafted" → "Award program drafted": stored event names read as sentences. */
export const describeEventType = (type: string) =>
  type.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/ ([A-Z])/g, (_, letter: string) => ` ${letter.toLowerCase()}`);

/** Events oldest first, with both times: "occurred" is business time, "recorded" when the ledger learned it. */
export function AuditTrailTable({ entries, labelledBy }: { entries: AuditEntry[]; labelledBy: string }) {
  const withData = entries.some((entry) => entry.data !== undefined);
  return (
    <div className="table-scroll">
      <table aria-labelledby={labelledBy}>
        <caption className="hint">Oldest first. “Occurred” is business time, “Recorded” is when the ledger learned it.</caption>
        <thead>
          <tr>
            <th scope="col">Event</th>
            <th scope="col">Occurred</th>
            <th scope="col" className="hide-narrow">
              Recorded
            </th>
            <th scope="col">Actor</th>
            {withData && (
              <th scope="col" className="hide-narrow">
                Details
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          {entries.map((entry) => (
            <tr key={entry.position}>
              <th scope="row">{describeEventType(entry.type)}</th>
              <td>
                <time dateTime={entry.occurredAt}>{formatInstant(entry.occurredAt)}</time>
              </td>
              <td className="hide-narrow">
                <time dateTime={entry.recordedAt}>{formatInstant(entry.recordedAt)}</time>
              </td>
              <td>{entry.actor}</td>
              {withData && (
                <td className="hide-narrow">
                  <code className="audit-data">{JSON.stringify(entry.data)}</code>
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
