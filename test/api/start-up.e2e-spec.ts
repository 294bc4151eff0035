import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { builtProduct, ROOT } from '@club-ledger/test-support';

const entryPoint = ['-r', 'tsconfig-paths/register', 'dist/apps/api/src/main.js'];
const builtEnv = (env: Record<string, string>) => ({ PATH: process.env.PATH, TS_NODE_BASEURL: 'dist', PORT: '0', ...env });
const tempDir = () => mkdtempSync(join(tmpdir(), 'club-ledger-start-'));

/** Runs the built entry point, as `npm start` does, and returns how it ended. */
function startBuilt(env: Record<string, string>) {
  const result = spawnSync(process.execPath, entryPoint, { cwd: ROOT, env: builtEnv(env), encoding: 'utf8', timeout: 30_000 });
  return { status: result.status, stderrLines: result.stderr.split('\n').filter((line) => line.length > 0) };
}

/** Everything the child printed up to its first line, or why it exited before printing one. */
async function firstLine(child: ChildProcessWithoutNullStreams, exited: Promise<unknown>): Promise<string> {
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const printed = new Promise<string>((resolve) => child.stdout.on('data', () => stdout.includes('\n') && resolve(stdout)));
  const failed = exited.then(() => Promise.reject(new Error(`the API exited before listening: ${stderr}`)));
  return Promise.race([printed, failed]);
}

describe('start-up of the built entry point', () => {
  // The child runs the compiled output, as `npm start` and the Docker image do; building once here keeps it current.
  beforeAll(builtProduct, 300_000);

  it('serves /health on the embedded default, with its migrations in dist, logging nothing below LOG_LEVEL', async () => {
    const child = spawn(process.execPath, entryPoint, { cwd: ROOT, env: builtEnv({ DATA_DIR: tempDir(), LOG_LEVEL: 'warn' }) });
    const exited = once(child, 'exit');
    try {
      const stdout = await firstLine(child, exited);
      const url = /listening on (\S+)\/graphql/.exec(stdout)?.[1];
      const response = await fetch(`${url}/health`);
      expect(await response.json()).toMatchObject({ status: 'ok', eventStore: 'pglite', readModels: 'pglite' });
      expect(stdout.trim().split('\n')).toEqual([`Club Ledger API listening on ${url}/graphql`]);
      // Run as `npm start` runs it, without NODE_ENV: a refusal names its code, never the server's stack.
      const refused = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ me { id } }' }) });
      const { errors } = (await refused.json()) as { errors: { extensions: unknown }[] };
      expect(errors.map((error) => error.extensions)).toEqual([{ code: 'UNAUTHENTICATED' }]);
    } finally {
      child.kill('SIGTERM');
      await exited;
    }
  }, 30_000);

  it('stops with one line naming DATABASE_URL when it is malformed', () => {
    const { status, stderrLines } = startBuilt({ DATABASE_URL: 'mysql://db/ledger' });
    expect(status).toBe(1);
    expect(stderrLines).toEqual(['Configuration error: DATABASE_URL must be a postgres:// or postgresql:// URL']);
  });

  it('stops with one line naming EVENTSTORE_CONNECTION_STRING when it is malformed', () => {
    const { status, stderrLines } = startBuilt({ EVENTSTORE_CONNECTION_STRING: 'tcp://eventstore' });
    expect(status).toBe(1);
    expect(stderrLines).toHaveLength(1);
    expect(stderrLines[0]).toMatch(/^Configuration error: EVENTSTORE_CONNECTION_STRING /);
  });

  it('stops with one line naming DATA_DIR when the folder cannot be created', () => {
    const file = join(tempDir(), 'not-a-folder');
    writeFileSync(file, '');
    const { status, stderrLines } = startBuilt({ DATA_DIR: join(file, 'data') });
    expect(status).toBe(1);
    expect(stderrLines).toHaveLength(1);
    expect(stderrLines[0]).toMatch(/^Configuration error: DATA_DIR must be a folder .*ENOTDIR/);
  });
});
