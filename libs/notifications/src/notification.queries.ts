import type { SqlExecutor } from '@club-ledger/kernel';
import { DEFAULT_NOTIFICATION_SETTINGS, type NotificationKind, type NotificationSettings } from '@club-ledger/domain';
import { HR_RECIPIENT } from './messages';
import type { NotificationRecord } from './record-notices';

/** Who reads: a person sees their own notifications, and with the HR role also HR's. */
export interface Reader {
  id: string;
  hr: boolean;
}

export const recipientsOf = (reader: Reader): string[] => (reader.hr ? [reader.id, HR_RECIPIENT] : [reader.id]);

export type ReadNotification = Omit<NotificationRecord, 'seq' | 'recipient'> & { read: boolean };

/** Notifications and deliveries have UUIDs: anything else names none of them (and would be an error in SQL). */
export const isUuid = (id: string): boolean => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);

/** History is read by everyone it is for (`holdBackHistory`); anything else once its reader marks it. */
const UNREAD = `(r.reader IS NULL AND NOT n.past)`;
const LISTED = `n.recipient = ANY ($1::text[]) AND ($2::boolean = false OR ${UNREAD})`;
const WITH_READS = `notifications n LEFT JOIN notification_reads r ON r.notification_id = n.id AND r.reader = $3`;

/** A reader's notifications, newest first, with how many there are and how many are unread. */
export async function readNotifications(
  sql: SqlExecutor,
  reader: Reader,
  { unreadOnly, offset, limit }: { unreadOnly: boolean; offset: number; limit: number },
): Promise<{ nodes: ReadNotification[]; totalCount: number; unread: number }> {
  const params = [recipientsOf(reader), unreadOnly, reader.id];
  const nodes = await sql.query<ReadNotification>(
    `SELECT n.id, n.kind, n.at, n.text, n.link, NOT ${UNREAD} AS read FROM ${WITH_READS}
      WHERE ${LISTED} ORDER BY n.seq DESC OFFSET $4 LIMIT $5`,
    [...params, offset, limit],
  );
  const [counts] = await sql.query<{ total: number; unread: number }>(
    `SELECT count(*) FILTER (WHERE ${LISTED})::int AS total, count(*) FILTER (WHERE ${UNREAD})::int AS unread
       FROM ${WITH_READS} WHERE n.recipient = ANY ($1::text[])`,
    params,
  );
  return { nodes, totalCount: counts.total, unread: counts.unread };
}

/** One notification, if it is among `recipients` (any recipient's when null: ADMIN reading a delivery's); `read` is the reader's. */
export async function readNotification(sql: SqlExecutor, readerId: string, recipients: readonly string[] | null, id: string): Promise<ReadNotification | undefined> {
  if (!isUuid(id)) return undefined;
  const [row] = await sql.query<ReadNotification>(
    `SELECT n.id, n.kind, n.at, n.text, n.link, NOT ${UNREAD} AS read FROM ${WITH_READS}
      WHERE ($1::text[] IS NULL OR n.recipient = ANY ($1::text[])) AND n.id = $2::uuid`,
    [recipients, id, readerId],
  );
  return row;
}

/**
 * Marks the reader's notifications read (these ids, or all when none are given); ids of someone else's notifications
 * or of none are passed over. Answers how many changed.
 */
export async function markNotificationsRead(sql: SqlExecutor, reader: Reader, ids: readonly string[] | null): Promise<number> {
  const named = ids?.filter(isUuid) ?? null;
  const rows = await sql.query(
    `INSERT INTO notification_reads (notification_id, reader)
     SELECT id, $2 FROM notifications WHERE recipient = ANY ($1::text[]) AND NOT past AND ($3::uuid[] IS NULL OR id = ANY ($3::uuid[]))
     ON CONFLICT DO NOTHING RETURNING notification_id`,
    [recipientsOf(reader), reader.id, named],
  );
  return rows.length;
}

/** A person's settings as last recorded; the defaults for someone who never changed them. */
export async function readNotificationSettings(sql: SqlExecutor, employeeId: string): Promise<NotificationSettings> {
  const [row] = await sql.query<{ by_email: boolean; by_chat: boolean; muted: NotificationKind[] }>(
    `SELECT by_email, by_chat, muted FROM notification_people WHERE employee_id = $1`,
    [employeeId],
  );
  return row ? { email: row.by_email, chat: row.by_chat, muted: row.muted } : DEFAULT_NOTIFICATION_SETTINGS;
}
