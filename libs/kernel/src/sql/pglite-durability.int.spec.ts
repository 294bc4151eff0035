import { readlinkSync } from 'node:fs';
import { pgliteFolder } from '@club-ledger/test-support';
import { PgliteClient } from './pglite-client';

jest.setTimeout(60_000);

describe('PGlite on disk', () => {
  it('syncs the write-ahead log to disk before each acknowledged commit', async () => {
    process.stdout.write('pglite durability: running against PGlite\n');
    const synced: string[] = [];
    const sql = await PgliteClient.open(pgliteFolder('durable'), {
      sync: (fd) => synced.push(readlinkSync(`/proc/self/fd/${fd}`)),
    });
    try {
      expect(await sql.query('SHOW fsync')).toEqual([{ fsync: 'on' }]);
      await sql.query('CREATE TABLE acknowledged (n int)');
      for (let n = 0; n < 5; n += 1) {
        synced.length = 0;
        await sql.transaction((tx) => tx.query('INSERT INTO acknowledged VALUES ($1)', [n]));
        // By the time the commit is acknowledged, the WAL segment holding it has been synced.
        expect(synced.filter((path) => path.includes('/pg_wal/'))).toHaveLength(1);
      }
    } finally {
      await sql.close();
    }
  });
});
