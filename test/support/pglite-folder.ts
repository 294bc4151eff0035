import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A fresh PGlite data folder for a store under test: a copy of the empty cluster the run's global setup made, so that
 * opening it skips PostgreSQL's initdb (seconds) for a copy (milliseconds). The store's own migrations still run.
 */
export function pgliteFolder(name: string): string {
  const folder = mkdtempSync(join(tmpdir(), `club-ledger-${name}-`));
  const cluster = process.env.CLUB_LEDGER_TESTS_PGLITE_CLUSTER;
  if (cluster) cpSync(cluster, folder, { recursive: true });
  return folder;
}
