import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import { Client, Pool, type ClientConfig, type PoolClient, type QueryResult } from 'pg';
import { advisoryLockKey, StatementTimeoutError, type SqlClient, type SqlExecutor, type SqlSession } from './sql-client';

export interface PostgresOptions {
  /** A schema of its own (created if missing), e.g. one per test file on a shared database. */
  schema?: string;
  maxConnections?: number;
  /** How long the server lets a pooled statement run before it cancels it (DATABASE_STATEMENT_TIMEOUT_MS); no limit without. */
  statementTimeoutMs?: number;
}

/** PostgreSQL's SQLSTATE for a statement it cancelled, here because it ran past `statement_timeout`. */
const QUERY_CANCELED = '57014';

/** A statement's rows; a statement the server cancelled fails as the typed error callers map, anything else as it was. */
async function rowsOf<Row>(result: Promise<QueryResult>, timeoutMs: number | undefined): Promise<Row[]> {
  try {
    return (await result).rows as Row[];
  } catch (error) {
    throw (error as { code?: unknown } | null)?.code === QUERY_CANCELED ? new StatementTimeoutError(timeoutMs, error) : error;
  }
}

export class PostgresClient implements SqlClient {
  readonly engine = 'postgres';

  private constructor(
    private readonly pool: Pool,
    /** The schema every connection works in; names that must not clash across schemas (lock keys) include it. */
    readonly schema: string,
    private readonly connection: ClientConfig,
    private readonly statementTimeoutMs: number | undefined,
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
    // No JIT compilation: the ledger's statements each run once over at most a year of rows, and compiling the large ones
    // (on by default above a planner cost, optimized and inlined above a higher one) took longer than running them: a
    // past moment's count, compiled so at medium, went from 0.17 s to 0.9 s, and a large year's past moments are that size.
    const connection: ClientConfig = { connectionString, options: `-c search_path=${schema} -c jit=off` };
    // Only the pool's statements are bounded: a session waits for its lock for as long as it takes, on purpose.
    const pool = new Pool({ ...connection, max: options.maxConnections ?? 10, statement_timeout: options.statementTimeoutMs ?? false });
    // An idle client that loses its server must not crash the process: the next query reports the error.
    pool.on('error', () => undefined);
    const client = new PostgresClient(pool, schema, connection, options.statementTimeoutMs);
    await client.query('SELECT 1');
    return client;
  }

  async query<Row>(text: string, params?: readonly unknown[]): Promise<Row[]> {
    return rowsOf<Row>(this.pool.query(text, params as unknown[]), this.statementTimeoutMs);
  }

  async transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    const connection = await this.pool.connect();
    try {
      await connection.query('BEGIN');
      const result = await work(wrap(connection, this.statementTimeoutMs));
      await connection.query('COMMIT');
      return result;
    } catch (error) {
      await connection.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      connection.release();
    }
  }

  /**
   * A connection of its own, outside the pool, so that holding it for hours (a session lock) takes nothing
   * from the queries. TCP keep-alive lets a vanished server surface as `lost` rather than as silence.
   */
  async session(): Promise<SqlSession> {
    return (await this.connectSession()).session;
  }

  private async connectSession(): Promise<{ client: Client; session: SqlSession }> {
    const client = new Client({ ...this.connection, keepAlive: true, keepAliveInitialDelayMillis: 10_000 });
    const lost = new AbortController();
    let released = false;
    const onLost = (error?: Error) => {
      if (!released) lost.abort(error ?? new Error('The PostgreSQL session ended'));
    };
    client.on('error', onLost);
    client.on('end', () => onLost());
    try {
      await client.connect();
    } catch (error) {
      released = true;
      await client.end().catch(() => undefined);
      throw error;
    }
    const session: SqlSession = {
      lost: lost.signal,
      query: async <Row>(text: string, params?: readonly unknown[]) => (await client.query(text, params as unknown[])).rows as Row[],
      release: async () => {
        released = true;
        await client.end().catch(() => undefined);
      },
    };
    return { client, session };
  }

  /**
   * Hears NOTIFY on a channel over a connection of its own, reconnecting (every second) when it is lost.
   * A notification sent while the connection is down is not heard: listeners must treat them as hints.
   */
  async listen(channel: string, onMessage: (payload: string) => void): Promise<{ close(): Promise<void> }> {
    let closed = false;
    let current: SqlSession | undefined;
    const connect = async (): Promise<void> => {
      const { client, session } = await this.connectSession();
      client.on('notification', (message) => {
        if (message.channel === channel && message.payload !== undefined) onMessage(message.payload);
      });
      await session.query(`LISTEN "${channel.replace(/"/g, '""')}"`);
      current = session;
      session.lost.addEventListener('abort', () => void reconnect());
    };
    const reconnect = async (): Promise<void> => {
      while (!closed) {
        await new Promise((resolve) => setTimeout(resolve, 1_000));
        if (closed) return;
        try {
          return await connect();
        } catch {
          // The server is still away; try again.
        }
      }
    };
    await connect();
    return {
      close: async () => {
        closed = true;
        await current?.release();
      },
    };
  }

  async migrate(folder: string, table: string): Promise<void> {
    // drizzle's migrator does not lock; two processes starting together must not both apply a migration.
    const lock = await this.pool.connect();
    const key = advisoryLockKey(`migrate:${this.schema}:${table}`);
    try {
      // A migration (an index over a large table) and the wait for another process's may rightly outlast the timeout.
      await lock.query('SET statement_timeout = 0');
      await lock.query('SELECT pg_advisory_lock($1)', [key]);
      await migrate(drizzle({ client: lock }), {
        migrationsFolder: folder,
        migrationsTable: table,
        migrationsSchema: this.schema,
      });
    } finally {
      await lock.query('SELECT pg_advisory_unlock($1)', [key]).catch(() => undefined);
      await lock.query('RESET statement_timeout').catch(() => undefined);
      lock.release();
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

function wrap(connection: PoolClient, timeoutMs: number | undefined): SqlExecutor {
  return {
    query: <Row>(text: string, params?: readonly unknown[]) => rowsOf<Row>(connection.query(text, params as unknown[]), timeoutMs),
  };
}
