import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '@club-ledger/kernel';
import { openReadModels } from './storage';

describe('openReadModels on the embedded default', () => {
  // Opening PGlite on disk runs every migration: over jest's 5 s default on a loaded 2-core machine (seen in CI).
  jest.setTimeout(60_000);
  const folders: string[] = [];
  const dataDir = () => {
    const folder = mkdtempSync(join(tmpdir(), 'club-ledger-storage-'));
    folders.push(folder);
    return folder;
  };
  afterAll(() => folders.forEach((folder) => rmSync(folder, { recursive: true, force: true })));

  it.each([
    [{}, '64MB'],
    [{ PGLITE_SHARED_BUFFERS_MB: '48' }, '48MB'],
  ])("sizes PGlite's page cache from %j: %s", async (env, expected) => {
    const sql = await openReadModels(loadConfig({ DATA_DIR: dataDir(), ...env }));
    try {
      const [{ shared_buffers }] = await sql.query<{ shared_buffers: string }>('SHOW shared_buffers');
      expect(shared_buffers).toBe(expected);
    } finally {
      await sql.close();
    }
  });
});
