import { advisoryLockKey, type SqlSession } from '@club-ledger/kernel';

/**
 * Who runs a projection when several projector processes share one read-model database: the process
 * holding its lock. A runner with a lock tries it, runs while it holds it, and waits when another has it.
 */
export interface ProjectionLock {
  /** Takes the lock if no other process holds it: resolves to a signal aborted when it is lost, or undefined. */
  tryAcquire(): Promise<AbortSignal | undefined>;
  /** Lets the lock go (a waiting process takes over) and frees what trying it needed. */
  release(): Promise<void>;
}

export type ProjectionLocks = (projection: string) => ProjectionLock;

/** What a PostgreSQL read-model database offers for locks (`PostgresClient` does). */
export interface SessionDatabase {
  readonly schema: string;
  session(): Promise<SqlSession>;
}

/** Advisory locks are per database, not per schema: two deployments (or test runs) in one database must not meet. */
export function projectionLockKey(schema: string, projection: string): string {
  return advisoryLockKey(`club-ledger:projection:${schema}:${projection}`);
}

/**
 * One PostgreSQL session advisory lock per projection, held on a connection of its own for as long as the
 * runner runs. The server releases it when that connection ends for any reason (a stop, a crash, a kill -9,
 * a network loss), so a waiting process can take over without anyone cleaning up.
 */
export function advisoryLocks(database: SessionDatabase): ProjectionLocks {
  return (projection) => new AdvisoryLock(database, projectionLockKey(database.schema, projection));
}

class AdvisoryLock implements ProjectionLock {
  // Kept between tries, so a waiting process asks on one connection rather than opening one per try.
  private session: SqlSession | undefined;

  constructor(
    private readonly database: SessionDatabase,
    private readonly key: string,
  ) {}

  async tryAcquire(): Promise<AbortSignal | undefined> {
    if (this.session?.lost.aborted) await this.release();
    this.session ??= await this.database.session();
    const [row] = await this.session.query<{ held: boolean }>('SELECT pg_try_advisory_lock($1) AS held', [this.key]);
    return row.held ? this.session.lost : undefined;
  }

  async release(): Promise<void> {
    const session = this.session;
    this.session = undefined;
    // Ending the session releases the lock with it; no unlock statement that a lost connection could not run.
    await session?.release();
  }
}
