import { fdatasyncSync } from 'node:fs';
import { setImmediate as ioTurn } from 'node:timers/promises';
import { Mutex, PGlite, type Transaction } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import type { SqlClient, SqlExecutor } from './sql-client';

/**
 * PGlite: one connection in this process. PGlite runs a plain query in the middle of an open
 * transaction of another caller (it would see uncommitted rows, or break the transaction), so every
 * statement and transaction here takes turns. PostgreSQL runs on this thread, and a statement's promise settles
 * without going back to the event loop: each turn first lets waiting I/O in, so that `/health` and the requests of
 * others are read while a request runs statement after statement.
 */
export class PgliteClient implements SqlClient {
  readonly engine = 'pglite';
  private readonly turn = new Mutex();

  private constructor(private readonly db: PGlite) {}

  /**
   * `dataDir` is a folder on disk. `sharedBuffersMb` sizes PostgreSQL's page cache inside PGlite's WebAssembly memory,
   * which the process holds for good (the folder's postgresql.conf decides when not given: 128 MB, PostgreSQL's own
   * default, in a new folder); pages outside it are read from the operating system's file cache.
   */
  static async open(dataDir: string, { sharedBuffersMb, sync = fdatasyncSync }: { sharedBuffersMb?: number; sync?: (fd: number) => void } = {}): Promise<PgliteClient> {
    const buffers = sharedBuffersMb === undefined ? [] : ['-c', `shared_buffers=${sharedBuffersMb}MB`];
    // Durable commits: PGlite starts PostgreSQL with fsync off (-F), and its file system answers fsync without syncing.
    // With fsync on and WAL synced by fsync(), PostgreSQL syncs the WAL before a commit returns (and the data files at
    // each checkpoint); the file system's fsync is made to reach the disk below.
    const durable = ['-c', 'fsync=on', '-c', 'wal_sync_method=fsync'];
    const startParams = [...PGlite.defaultStartParams.filter((param) => param !== '-F'), ...durable, ...buffers];
    const db = await PGlite.create(dataDir, { startParams });
    syncFilesOf(db, sync);
    return new PgliteClient(db);
  }

  async query<Row>(text: string, params?: readonly unknown[]): Promise<Row[]> {
    return this.turn.runExclusive(async () => {
      await ioTurn();
      return (await this.db.query<Row>(text, params as unknown[])).rows;
    });
  }

  transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    return this.turn.runExclusive(async () => {
      await ioTurn();
      return this.db.transaction((tx) => work(wrap(tx)));
    });
  }

  async migrate(folder: string, table: string): Promise<void> {
    const db = drizzle({ client: this.db });
    await this.turn.runExclusive(() =>
      migrate(db, { migrationsFolder: folder, migrationsTable: table, migrationsSchema: 'public' }),
    );
  }

  async close(): Promise<void> {
    await this.turn.runExclusive(async () => {
      if (!this.db.closed) await this.db.close();
    });
  }
}

/** The Emscripten file system under PGlite's data folder (NODEFS), whose files are the operating system's. */
interface NodeFileSystem {
  NODEFS: { stream_ops: { fsync?: (stream: { nfd?: number }) => number } };
}

/** PostgreSQL's fsync() reaches the file on disk: NODEFS has no fsync of its own and would report success untouched. */
function syncFilesOf(db: PGlite, sync: (fd: number) => void): void {
  const { NODEFS } = (db as unknown as { Module: NodeFileSystem }).Module;
  NODEFS.stream_ops.fsync = (stream) => {
    if (stream.nfd !== undefined) sync(stream.nfd);
    return 0;
  };
}

function wrap(tx: Transaction): SqlExecutor {
  return {
    query: async <Row>(text: string, params?: readonly unknown[]) => (await tx.query<Row>(text, params as unknown[])).rows,
  };
}
