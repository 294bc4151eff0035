import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * PostgreSQL's page cache inside a test's PGlite: a test's few rows fit many times over, and PostgreSQL clears the
 * whole cache in WebAssembly memory as it starts, so a small one starts PGlite much sooner than the product's 64 MB. The
 * run's empty cluster has it in its postgresql.conf, so every store opened on a copy of it starts so unless told
 * otherwise; an app under test is told through `pgliteStore`.
 */
export const TEST_SHARED_BUFFERS_MB = '16';

/**
 * A fresh PGlite data folder for a store under test: a copy of the empty cluster the run's global setup made, so that
 * opening it skips PostgreSQL's initdb (seconds) for a copy (milliseconds). The store's own migrations still run.
 */
export function pgliteFolder(name: string): string {
  return copyOf(process.env.CLUB_LEDGER_TESTS_PGLITE_CLUSTER, name);
}

/**
 * The settings of an app under test on a fresh PGlite store: a copy of the run's cluster with the product's tables
 * already migrated (the app's start checks them and finds nothing to do), and the test's page cache.
 */
export function pgliteStore(name: string): { DATA_DIR: string; PGLITE_SHARED_BUFFERS_MB: string } {
  return { DATA_DIR: copyOf(process.env.CLUB_LEDGER_TESTS_PGLITE_MIGRATED_CLUSTER, name), PGLITE_SHARED_BUFFERS_MB: TEST_SHARED_BUFFERS_MB };
}

function copyOf(cluster: string | undefined, name: string): string {
  const folder = mkdtempSync(join(tmpdir(), `club-ledger-${name}-`));
  if (cluster) cpSync(cluster, folder, { recursive: true });
  return folder;
}
