import { formatInstant } from '../format';

/** One recorded event, as `history` answers it for a deal or a program. */
export interface AuditEntry {
  position: string;
  type: string;
  occurredAt: string;
  recordedAt: string;
  actor: string;
  /** The event as a sentence with people's names. */
  summary: string;
  data?: unknown;
}

/** "AwardProgramDrafted" → "Award program drafted": stored event names read as sentences. */
export const describeEventType = (type: string) =>
  type.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/ ([A-Z])/g, (_, letter: string) => ` ${letter.toLowerCase()}`);

/**
 * Events oldest first, each as a sentence with people's names and both times: "occurred" is business time,
 * "recorded" when the ledger learned it. The event as recorded is one click away.
 */
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
            {withData && (
              <th scope="col">
                Recorded event
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          {entries.map((entry) => (
            <tr key={entry.position}>
              <th scope="row" className="audit-summary">
                {entry.summary}
              </th>
              <td>
                <time dateTime={entry.occurredAt}>{formatInstant(entry.occurredAt)}</time>
              </td>
              <td className="hide-narrow">
                <time dateTime={entry.recordedAt}>{formatInstant(entry.recordedAt)}</time>
              </td>
              {withData && (
                <td>
                  <details>
                    <summary>
                      {describeEventType(entry.type)} by {entry.actor}
                    </summary>
                    <pre className="audit-data">{JSON.stringify({ position: entry.position, type: entry.type, actor: entry.actor, data: entry.data }, null, 2)}</pre>
                  </details>
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
