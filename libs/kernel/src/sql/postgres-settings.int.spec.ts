import { randomUUID } from 'node:crypto';
import { PostgresClient } from './postgres-client';
import { StatementTimeoutError } from './sql-client';

const databaseUrl = process.env.DATABASE_URL;
const onPostgres = databaseUrl ? describe : describe.skip;
if (!databaseUrl) process.stdout.write('postgres settings: PostgreSQL skipped for want of DATABASE_URL\n');

onPostgres('PostgreSQL connection settings: statement timeout, no JIT', () => {
  let sql: PostgresClient;

  beforeAll(async () => {
    process.stdout.write('postgres settings: running against PostgreSQL\n');
    sql = await PostgresClient.open(databaseUrl!, { schema: `t_${randomUUID().replace(/-/g, '').slice(0, 12)}`, statementTimeoutMs: 200 });
  });
  afterAll(async () => sql?.close());

  it('stops a statement that runs past the timeout with a typed error', async () => {
    await expect(sql.query('SELECT pg_sleep(2)')).rejects.toBeInstanceOf(StatementTimeoutError);
  });

  it('stops it inside a transaction too, and the transaction takes nothing with it', async () => {
    await sql.query('CREATE TABLE IF NOT EXISTS written (n int)');
    const slow = sql.transaction(async (tx) => {
      await tx.query('INSERT INTO written VALUES (1)');
      await tx.query('SELECT pg_sleep(2)');
    });
    await expect(slow).rejects.toBeInstanceOf(StatementTimeoutError);
    expect(await sql.query('SELECT count(*)::int AS n FROM written')).toEqual([{ n: 0 }]);
  });

  it('compiles no statement (JIT off) on the pool, in a transaction or in a session', async () => {
    expect(await sql.query('SHOW jit')).toEqual([{ jit: 'off' }]);
    expect(await sql.transaction((tx) => tx.query('SHOW jit'))).toEqual([{ jit: 'off' }]);
    const session = await sql.session();
    try {
      expect(await session.query('SHOW jit')).toEqual([{ jit: 'off' }]);
    } finally {
      await session.release();
    }
  });

  it('lets statements within the timeout and a session (which waits for locks) run as before', async () => {
    expect(await sql.query('SELECT 1 AS one')).toEqual([{ one: 1 }]);
    const session = await sql.session();
    try {
      expect(await session.query('SELECT 1 AS waited FROM pg_sleep(0.4)')).toEqual([{ waited: 1 }]);
    } finally {
      await session.release();
    }
  });
});
