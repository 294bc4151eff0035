import type { SqlExecutor } from '@club-ledger/kernel';
import type { NotificationKind } from '@club-ledger/domain';
import { HR_RECIPIENT, type Notice } from './messages';

/** Which channels outside the app this deployment has (SMTP_URL, CHAT_WEBHOOK_URL), and where HR's mail goes. */
export interface DeliveryChannels {
  email: boolean;
  chat: boolean;
  hrEmail: string | null;
}

/** A notification as the app shows it; `read` is the reader's own. */
export interface NotificationRecord {
  id: string;
  seq: string;
  recipient: string;
  kind: NotificationKind;
  at: Date;
  text: string;
  link: string | null;
}

/**
 * Records notices not recorded before (their ids derive from the event and the recipient, so a replay adds none)
 * and queues their deliveries in the same transaction: email and chat to a person as their settings allow (a muted
 * kind, an offboarded person: the app only), email to HR_EMAIL for HR's; none for history. Returns those it added,
 * history left out: it is news to no one.
 */
export async function recordNotices(tx: SqlExecutor, notices: readonly Notice[], channels: DeliveryChannels, now: Date): Promise<NotificationRecord[]> {
  if (notices.length === 0) return [];
  const added = await tx.query<NotificationRecord>(
    `WITH added AS (
       INSERT INTO notifications (id, recipient, kind, at, text, link, past)
       SELECT id, recipient, kind, at, text, link, coalesce(past, false)
         FROM jsonb_to_recordset($1::jsonb) AS n(id uuid, recipient text, kind text, at timestamptz, text text, link text, past boolean)
       ON CONFLICT (id) DO NOTHING
       RETURNING id, seq, recipient, kind, at, text, link, past
     ), news AS (
       SELECT * FROM added WHERE NOT past
     ), addressed AS (
       SELECT a.id, c.channel, p.email AS address
         FROM news a JOIN notification_people p ON p.employee_id = a.recipient
        CROSS JOIN (VALUES ('EMAIL'), ('CHAT')) AS c(channel)
        WHERE p.active AND NOT (a.kind = ANY (p.muted))
          AND ((c.channel = 'EMAIL' AND $2::boolean AND p.by_email) OR (c.channel = 'CHAT' AND $3::boolean AND p.by_chat))
       UNION ALL
       SELECT a.id, 'EMAIL', $4::text FROM news a WHERE a.recipient = $5 AND $2::boolean AND $4::text IS NOT NULL
     ), queued AS (
       INSERT INTO deliveries (id, notification_id, channel, address, next_attempt_at)
       SELECT md5(id::text || '/' || channel)::uuid, id, channel, address, $6::timestamptz FROM addressed
     )
     SELECT id, seq::text AS seq, recipient, kind, at, text, link FROM news ORDER BY seq`,
    [JSON.stringify(notices), channels.email, channels.chat, channels.hrEmail, HR_RECIPIENT, now.toISOString()],
  );
  if (added.length > 0) await announce(tx, added.map((notification) => notification.id));
  return added;
}

/** The NOTIFY channel on which a schema's new notifications are announced to APIs without a projector of their own. */
export const notificationsChannel = (schema: string): string => `club_ledger_notifications_${schema}`;

/** Ids per NOTIFY payload: well under PostgreSQL's 8,000 bytes. */
const IDS_PER_PAYLOAD = 150;

/** Tells other processes (PROJECTOR=off) which notifications were added; PostgreSQL delivers it only if this commits. */
async function announce(tx: SqlExecutor, ids: readonly string[]): Promise<void> {
  const payloads: string[] = [];
  for (let start = 0; start < ids.length; start += IDS_PER_PAYLOAD) payloads.push(ids.slice(start, start + IDS_PER_PAYLOAD).join(','));
  await tx.query(`SELECT pg_notify('club_ledger_notifications_' || current_schema(), payload) FROM unnest($1::text[]) AS payload`, [payloads]);
}

/** Notifications by id, as recorded: what a process told of them by NOTIFY pushes to its subscribers. */
export function readAddedNotifications(sql: SqlExecutor, ids: readonly string[]): Promise<NotificationRecord[]> {
  return sql.query<NotificationRecord>(
    `SELECT id, seq::text AS seq, recipient, kind, at, text, link FROM notifications WHERE id = ANY ($1::uuid[]) ORDER BY seq`,
    [ids],
  );
}
