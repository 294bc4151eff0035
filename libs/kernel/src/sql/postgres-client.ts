import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import { Pool, type PoolClient } from 'pg';
import { advisoryLockKey, type SqlClient, type SqlExecutor } from './sql-client';

export interface PostgresOptions {
  /** A schema of its own (created if missing), e.g. one per test file on a shared database. */
  schema?: string;
  maxConnections?: number;
}

export class PostgresClient implements SqlClient {
  readonly engine = 'postgres';

  private constructor(
    private readonly pool: Pool,
    private readonly schema: string,
  ) {}

  static async open(connectionString: string, options: PostgresOptions = {}): Promise<PostgresClient> {
    const schema = options.schema ?? 'public';
    if (schema !== 'public') {
      const setup = new Pool({ connectionString, max: 1 });
      try {
        await setup.query(`CREATE SCHEMA IF NOT EXISTS "${schema.replace(/"/g, '""')}"`);
      } finally {
        await setup.end();
      }
    }
    const pool = new Pool({
      connectionString,
      max: options.maxConnections ?? 10,
      options: `-c search_path=${schema}`,
    });
    // An idle client that loses its server must not crash the process: the next query reports the error.
    pool.on('error', () => undefined);
    const client = new PostgresClient(pool, schema);
    await client.query('SELECT 1');
    return client;
  }

  async query<Row>(text: string, params?: readonly unknown[]): Promise<Row[]> {
    return (await this.pool.query(text, params as unknown[])).rows as Row[];
  }

  async transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    const connection = await this.pool.connect();
    try {
      await connection.query('BEGIN');
      const result = await work(wrap(connection));
      await connection.query('COMMIT');
      return result;
    } catch (error) {
      await connection.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      connection.release();
    }
  }

  async migrate(folder: string, table: string): Promise<void> {
    // drizzle's migrator does not lock; two processes starting together must not both apply a migration.
    const lock = await this.pool.connect();
    const key = advisoryLockKey(`migrate:${this.schema}:${table}`);
    try {
      await lock.query('SELECT pg_advisory_lock($1)', [key]);
      await migrate(drizzle({ client: this.pool }), {
        migrationsFolder: folder,
        migrationsTable: table,
        migrationsSchema: this.schema,
      });
    } finally {
      await lock.query('SELECT pg_advisory_unlock($1)', [key]).catch(() => undefined);
      lock.release();
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

function wrap(connection: PoolClient): SqlExecutor {
  return {
    query: async <Row>(text: string, params?: readonly unknown[]) =>
      (await connection.query(text, params as unknown[])).rows as Row[],
  };
}
