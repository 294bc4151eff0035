import { loadConfig } from '@club-ledger/kernel';
import { pgliteFolder } from '@club-ledger/test-support';
import { openReadModels } from './storage';

describe('openReadModels on the embedded default', () => {
  // Opening PGlite on disk runs every migration: over jest's 5 s default on a loaded 2-core machine (seen in CI).
  jest.setTimeout(60_000);

  it.each([
    [{}, '64MB'],
    [{ PGLITE_SHARED_BUFFERS_MB: '48' }, '48MB'],
  ])("sizes PGlite's page cache from %j: %s", async (env, expected) => {
    // The copied cluster's postgresql.conf asks for the tests' page cache: the setting must win over it.
    const sql = await openReadModels(loadConfig({ DATA_DIR: pgliteFolder('storage'), ...env }));
    try {
      const [{ shared_buffers }] = await sql.query<{ shared_buffers: string }>('SHOW shared_buffers');
      expect(shared_buffers).toBe(expected);
    } finally {
      await sql.close();
    }
  });
});
