import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');

/** Runs the built entry point, as `npm start` does, and returns how it ended. */
function startBuilt(env: Record<string, string>) {
  const result = spawnSync(process.execPath, ['-r', 'tsconfig-paths/register', 'dist/apps/api/src/main.js'], {
    cwd: root,
    env: { PATH: process.env.PATH, TS_NODE_BASEURL: 'dist', PORT: '0', ...env },
    encoding: 'utf8',
    timeout: 30_000,
  });
  return { status: result.status, stderrLines: result.stderr.split('\n').filter((line) => line.length > 0) };
}

describe('start-up with bad configuration', () => {
  beforeAll(() => {
    execFileSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'pipe' });
  }, 120_000);

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
    const file = join(mkdtempSync(join(tmpdir(), 'club-ledger-start-')), 'not-a-folder');
    writeFileSync(file, '');
    const { status, stderrLines } = startBuilt({ DATA_DIR: join(file, 'data') });
    expect(status).toBe(1);
    expect(stderrLines).toHaveLength(1);
    expect(stderrLines[0]).toMatch(/^Configuration error: DATA_DIR must be a folder .*ENOTDIR/);
  });
});
