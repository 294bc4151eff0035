/**
 * One SQL dialect (PostgreSQL) over two engines: PGlite embedded in the process, and PostgreSQL via `pg`.
 * Every query, schema and migration is shared; only opening, transactions and migration wiring differ.
 */
export interface SqlExecutor {
  query<Row = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<Row[]>;
}

/**
 * One database connection kept for a single caller, for state that lives as long as a session does
 * (a session advisory lock): the server drops that state when the connection ends, whoever ends it.
 */
export interface SqlSession extends SqlExecutor {
  /** Aborted when the connection ends without `release()` (a restarted server, a terminated backend). */
  readonly lost: AbortSignal;
  /** Ends the connection, and with it everything the session held. */
  release(): Promise<void>;
}

export interface SqlClient extends SqlExecutor {
  readonly engine: 'pglite' | 'postgres';
  /** Runs `work` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  /**
   * Applies the versioned migrations of `folder` (drizzle's format: `meta/_journal.json` + `NNNN_name.sql`),
   * recording them in `table`, so that every library keeps its own history. Safe to call from several processes.
   */
  migrate(folder: string, table: string): Promise<void>;
  close(): Promise<void>;
}

/** A statement the database cancelled because it ran past its time (DATABASE_STATEMENT_TIMEOUT_MS): nothing it began holds. */
export class StatementTimeoutError extends Error {
  constructor(
    readonly timeoutMs: number | undefined,
    cause: unknown,
  ) {
    super(`The database stopped a statement that ran past ${timeoutMs ?? 'its'} ms`, { cause });
    this.name = 'StatementTimeoutError';
  }
}

/** Advisory lock keys are 64-bit; derive them from names so each use is readable where it is taken. */
export function advisoryLockKey(name: string): string {
  let hash = 0xcbf29ce484222325n;
  for (const byte of Buffer.from(name)) {
    hash ^= BigInt(byte);
    hash = (hash * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return BigInt.asIntN(64, hash).toString();
}

/** Table, index and schema names come from the code or the catalog, never from input; quoting keeps each a single identifier. */
export function quoted(identifier: string): string {
  return `"${identifier.replace(/"/g, '""')}"`;
}
