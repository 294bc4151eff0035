import type { SqlExecutor } from '@club-ledger/kernel';

/** Whose standings in which program a committed batch changed (a rank moved by someone else counts). */
export interface StandingsChanged {
  programId: string;
  employeeIds: string[];
}
export type StandingsListener = (changes: readonly StandingsChanged[]) => void;

/** The NOTIFY channel on which the standings of a schema's read models are announced to other processes. */
export const standingsChannel = (schema: string): string => `club_ledger_standings_${schema}`;

/** Under PostgreSQL's 8,000-byte limit for one notification payload. */
const NOTIFY_BYTES = 7_000;

/**
 * Tells APIs running without their own projector (PROJECTOR=off) whose standings changed: PostgreSQL delivers
 * the notifications when, and only if, this batch commits.
 */
export async function notifyOtherProcesses(tx: SqlExecutor, changes: readonly StandingsChanged[]): Promise<void> {
  await tx.query(`SELECT pg_notify('club_ledger_standings_' || current_schema(), payload) FROM unnest($1::text[]) AS payload`, [
    notificationPayloads(changes),
  ]);
}

/** The changes as JSON payloads of at most `maxBytes` each: a program's employees split across several when needed. */
export function notificationPayloads(changes: readonly StandingsChanged[], maxBytes = NOTIFY_BYTES): string[] {
  const payloads: string[] = [];
  for (const { programId, employeeIds } of changes) {
    // Counted as the payload grows (each id and the comma before it), not by writing it out again for every id.
    const empty = Buffer.byteLength(JSON.stringify({ programId, employeeIds: [] }));
    let chunk: string[] = [];
    let bytes = empty;
    for (const id of employeeIds) {
      const idBytes = Buffer.byteLength(JSON.stringify(id));
      if (chunk.length > 0 && bytes + 1 + idBytes > maxBytes) {
        payloads.push(JSON.stringify({ programId, employeeIds: chunk }));
        chunk = [];
        bytes = empty;
      }
      bytes += (chunk.length > 0 ? 1 : 0) + idBytes;
      chunk.push(id);
    }
    payloads.push(JSON.stringify({ programId, employeeIds: chunk }));
  }
  return payloads;
}
