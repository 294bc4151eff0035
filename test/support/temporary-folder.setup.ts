import { accessSync, appendFileSync, constants, cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
// By relative path, each to the one file it needs: jest's module mapping (the @club-ledger names) does not apply here.
import { PgliteClient } from '../../libs/kernel/src/sql/pglite-client';
import { migrateEventStore } from '../../libs/event-store/src/sql/schema';
import { migrateReadModels } from '../../libs/eligibility/src/read-model';
import { migrateNotifications } from '../../libs/notifications/src/schema';
import { TEST_SHARED_BUFFERS_MB } from './pglite-folder';

/** Memory-backed where the machine has it: the stores sync every commit, and a test run needs none of it on disk. */
const MEMORY_FOLDER = '/dev/shm';

/**
 * Jest's global setup: every folder a suite makes under the system's temporary folder (stores, configuration files,
 * web builds, the browser's profile), in its workers and in the processes they start, goes under one folder of this
 * run, which the global teardown removes. It also leaves there two PGlite clusters with the tests' page cache
 * (`TEST_SHARED_BUFFERS_MB`): an empty one (see `pgliteFolder`), and one with every table of the product migrated in
 * (see `pgliteStore`), which an app's start then finds up to date instead of migrating it again.
 */
export default async function makeRunFolder(): Promise<void> {
  const run = mkdtempSync(join(writable(MEMORY_FOLDER) ? MEMORY_FOLDER : tmpdir(), 'club-ledger-tests-'));
  process.env.CLUB_LEDGER_TESTS_TMPDIR = run;
  process.env.TMPDIR = run;
  const cluster = join(run, 'pglite-cluster');
  await (await PGlite.create(cluster)).close();
  appendFileSync(join(cluster, 'postgresql.conf'), `shared_buffers = ${TEST_SHARED_BUFFERS_MB}MB\n`);
  process.env.CLUB_LEDGER_TESTS_PGLITE_CLUSTER = cluster;
  const migrated = join(run, 'pglite-migrated-cluster');
  cpSync(cluster, migrated, { recursive: true });
  const sql = await PgliteClient.open(migrated);
  try {
    await migrateEventStore(sql);
    await migrateReadModels(sql);
    await migrateNotifications(sql);
  } finally {
    await sql.close();
  }
  process.env.CLUB_LEDGER_TESTS_PGLITE_MIGRATED_CLUSTER = migrated;
}

function writable(folder: string): boolean {
  try {
    accessSync(folder, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}
