import { join } from 'node:path';
import type { SqlClient } from '@club-ledger/kernel';

/** Brings the notifications' tables up to date, with a migration history of their own. */
export function migrateNotifications(sql: SqlClient): Promise<void> {
  return sql.migrate(join(__dirname, 'migrations'), 'notification_migrations');
}
