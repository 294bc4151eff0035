import { join } from 'node:path';
import type { SqlClient } from '@club-ledger/kernel';

/** Brings the event log's tables up to date, with a migration history of their own. */
export function migrateEventStore(sql: SqlClient): Promise<void> {
  return sql.migrate(join(__dirname, 'migrations'), 'event_store_migrations');
}
