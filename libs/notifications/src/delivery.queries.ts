import type { SqlExecutor } from '@club-ledger/kernel';
import type { DeliveryChannel } from './channels/channel';
import { isUuid } from './notification.queries';

export type DeliveryStatus = 'PENDING' | 'DELIVERED' | 'FAILED';

export interface DeliveryRecord {
  id: string;
  notificationId: string;
  channel: DeliveryChannel;
  status: DeliveryStatus;
  attempts: number;
  lastError: string | null;
  lastAttemptAt: Date | null;
}

const COLUMNS = `id, notification_id AS "notificationId", channel, status, attempts, last_error AS "lastError", last_attempt_at AS "lastAttemptAt"`;

/** Deliveries, newest first, of one status or all. */
export async function readDeliveries(
  sql: SqlExecutor,
  { status, offset, limit }: { status: DeliveryStatus | null; offset: number; limit: number },
): Promise<{ nodes: DeliveryRecord[]; totalCount: number }> {
  const nodes = await sql.query<DeliveryRecord>(
    `SELECT ${COLUMNS} FROM deliveries WHERE $1::text IS NULL OR status = $1 ORDER BY seq DESC OFFSET $2 LIMIT $3`,
    [status, offset, limit],
  );
  const [{ total }] = await sql.query<{ total: number }>(`SELECT count(*)::int AS total FROM deliveries WHERE $1::text IS NULL OR status = $1`, [status]);
  return { nodes, totalCount: total };
}

/**
 * Makes a failed delivery due now, for one more attempt (its attempts keep counting: one more failure fails it
 * again); a delivered or pending one is left as it is (retrying it would send twice, or it is already on its way).
 * Undefined when there is no such delivery.
 */
export async function retryDelivery(sql: SqlExecutor, id: string, now: Date): Promise<DeliveryRecord | undefined> {
  if (!isUuid(id)) return undefined;
  const [retried] = await sql.query<DeliveryRecord>(
    `UPDATE deliveries SET status = 'PENDING', next_attempt_at = $2::timestamptz
      WHERE id = $1::uuid AND status = 'FAILED' RETURNING ${COLUMNS}`,
    [id, now.toISOString()],
  );
  if (retried) return retried;
  const [kept] = await sql.query<DeliveryRecord>(`SELECT ${COLUMNS} FROM deliveries WHERE id = $1::uuid`, [id]);
  return kept;
}
