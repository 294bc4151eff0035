import { randomUUID } from 'node:crypto';
import { PgliteClient, PostgresClient, type SqlClient } from '@club-ledger/kernel';
import { pgliteFolder } from './pglite-folder';

export interface SqlEngine {
  name: string;
  open(): Promise<SqlClient>;
}

/**
 * The SQL engines a suite runs against: PGlite always, PostgreSQL when DATABASE_URL is set (each
 * opening in a schema of its own). Says so, under `suite`, when PostgreSQL is left out.
 */
export function sqlEngines(suite: string): SqlEngine[] {
  const engines: SqlEngine[] = [{ name: 'PGlite', open: () => PgliteClient.open(pgliteFolder('sql')) }];
  const databaseUrl = process.env.DATABASE_URL;
  if (databaseUrl) {
    engines.push({ name: 'PostgreSQL', open: () => PostgresClient.open(databaseUrl, { schema: `t_${randomUUID().replace(/-/g, '').slice(0, 12)}` }) });
  } else {
    process.stdout.write(`${suite}: PostgreSQL skipped for want of DATABASE_URL\n`);
  }
  return engines;
}
