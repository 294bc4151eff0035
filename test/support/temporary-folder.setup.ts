import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Jest's global setup: every folder a suite makes under the system's temporary folder (stores, configuration files,
 * web builds, the browser's profile), in its workers and in the processes they start, goes under one folder of this
 * run, which the global teardown removes.
 */
export default function makeRunFolder(): void {
  const run = mkdtempSync(join(tmpdir(), 'club-ledger-tests-'));
  process.env.CLUB_LEDGER_TESTS_TMPDIR = run;
  process.env.TMPDIR = run;
}
