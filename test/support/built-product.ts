import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout } from 'node:timers/promises';

/** The repository, whose dist/ the build writes. */
export const ROOT = join(__dirname, '..', '..');

/**
 * The product built as `npm run build` does (the API, the projector and the CLI compiled into dist/ with their
 * migrations, and the web app into dist/web): once per test run, by whichever suite asks first. The suites that run
 * the compiled entry points or serve the web app ask for it; another asking meanwhile waits for that one build, so no
 * two builds ever write dist/ at once. Returns dist/.
 */
export async function builtProduct(): Promise<string> {
  const run = process.env.CLUB_LEDGER_TESTS_TMPDIR ?? mkdtempSync(join(tmpdir(), 'club-ledger-build-'));
  const done = join(run, 'build.done');
  const failed = join(run, 'build.failed');
  try {
    mkdirSync(join(run, 'build.lock'));
  } catch {
    return builtElsewhere(done, failed);
  }
  const { status, output } = await new Promise<{ status: number | null; output: string }>((resolve) => {
    const child = spawn('npm', ['run', 'build', '--silent'], { cwd: ROOT });
    let printed = '';
    child.stdout.on('data', (chunk) => (printed += chunk));
    child.stderr.on('data', (chunk) => (printed += chunk));
    child.on('close', (code) => resolve({ status: code, output: printed }));
  });
  if (status !== 0 || !existsSync(join(ROOT, 'dist', 'web', 'index.html'))) {
    const problem = `The product did not build (npm run build, exit ${status}):\n${output}`;
    writeFileSync(failed, problem);
    throw new Error(problem);
  }
  writeFileSync(done, '');
  return join(ROOT, 'dist');
}

async function builtElsewhere(done: string, failed: string): Promise<string> {
  for (;;) {
    if (existsSync(done)) return join(ROOT, 'dist');
    if (existsSync(failed)) throw new Error(readFileSync(failed, 'utf8'));
    await setTimeout(250);
  }
}
