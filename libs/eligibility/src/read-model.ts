import { join } from 'node:path';
import type { SqlClient } from '@club-ledger/kernel';

/** Brings the read-model schema (checkpoints and every projection's tables) up to date. */
export function migrateReadModels(sql: SqlClient): Promise<void> {
  return sql.migrate(join(__dirname, 'migrations'), 'read_model_migrations');
}
