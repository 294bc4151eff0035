import type { SqlExecutor } from '@club-ledger/kernel';
import type { EventStore } from '@club-ledger/event-store';

/** The names of the notifications' projection and of the read models' (whose checkpoint says how far the standings are). */
export const NOTIFICATIONS_PROJECTION = 'notifications';
export const LEDGER_PROJECTION = 'ledger';

/**
 * Fixes, once, where history ends: the feed's last position when notifications first run on a ledger (deployed on
 * years of events, or rebuilt from nothing). What was recorded up to it is history: people find it in the app, already
 * read, and are never mailed or posted about it. A ledger whose notifications ran before this was kept has no history
 * to hold back: what they told stays told (ids), and what they did not is news. To be called before the projector
 * starts, and so before the read models' own tables may exist.
 */
export async function holdBackHistory(sql: SqlExecutor, store: Pick<EventStore, 'headPosition'>): Promise<bigint> {
  const head = await store.headPosition();
  await sql.query(
    `INSERT INTO notification_history (horizon)
     SELECT CASE WHEN EXISTS (SELECT 1 FROM notifications) THEN 0 ELSE $1::numeric END
     ON CONFLICT DO NOTHING`,
    [head.toString()],
  );
  return historyHorizon(sql);
}

/** Where history ends; nothing is history where it was never fixed. */
export async function historyHorizon(sql: SqlExecutor): Promise<bigint> {
  const [row] = await sql.query<{ horizon: string }>(`SELECT horizon::text AS horizon FROM notification_history`);
  return row ? BigInt(row.horizon) : 0n;
}

/** Whether the standings have not yet passed the end of history: a change of place seen in them is history too. */
export async function standingsAreHistory(sql: SqlExecutor): Promise<boolean> {
  const [row] = await sql.query<{ past: boolean | null }>(
    `SELECT (SELECT position FROM projection_checkpoints WHERE name = $1) <= (SELECT horizon FROM notification_history) AS past`,
    [LEDGER_PROJECTION],
  );
  return row?.past === true;
}
