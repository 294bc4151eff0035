import { rmSync } from 'node:fs';

/** Jest's global teardown: removes the run's temporary folder (see temporary-folder.setup.ts). */
export default function removeRunFolder(): void {
  const run = process.env.CLUB_LEDGER_TESTS_TMPDIR;
  if (run) rmSync(run, { recursive: true, force: true });
}
