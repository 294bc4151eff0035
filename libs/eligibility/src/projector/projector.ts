import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import type { SqlClient } from '@club-ledger/kernel';
import type { EventCatalog, EventStore } from '@club-ledger/event-store';
import type { Projection } from './projection';
import type { ProjectionLocks } from './projection-lock';
import { ProjectionRunner, type LeaseChange } from './projection-runner';

const LOCK_RETRY_MS = 250;
const STALL_MS = 30_000;
/** How often an API without its own projector looks at the standalone projector's checkpoints (read-your-writes). */
const CHECKPOINT_POLL_MS = 25;
/**
 * Long enough for concurrent commands to share a batch (one commit for several), short enough not to hold back
 * read-your-writes; chosen with the benchmark's command path (see bench/results).
 */
const BATCH_LINGER_MS = 3;

export interface ProjectorOptions {
  store: EventStore;
  /** The read-model database: migrated before the projector starts. */
  sql: SqlClient;
  catalog: EventCatalog;
  projections: readonly Projection[];
  batchSize?: number;
  /** Under load, how long a batch waits for each next event before it is applied (default 3 ms; see `batches`). */
  batchLingerMs?: number;
  /**
   * For several projector processes on one read-model database (`advisoryLocks`): each projection runs in
   * the one process holding its lock, the others wait and take over when it is let go. Leave it out for a
   * single process (the API's embedded projector on PGlite).
   */
  locks?: ProjectionLocks;
  /** How often a waiting runner tries the lock again (default 250 ms). */
  lockRetryMs?: number;
  /** How long a silent feed may lag the store's head before it is resubscribed (default 30 s). */
  stallMs?: number;
  onError?(projection: string, error: unknown): void;
  /** Told when this process takes a projection, finds it held elsewhere, or lets it go. */
  onLease?(projection: string, change: LeaseChange): void;
}

export interface ProjectionStatus {
  name: string;
  position: bigint;
}

/** Runs named projections over the ordered feed and tells callers how far they have got. */
export class Projector {
  private readonly runners: ProjectionRunner[];
  private readonly sql: ProjectorOptions['sql'];
  private started = false;

  constructor(options: ProjectorOptions) {
    this.sql = options.sql;
    const names = new Set(options.projections.map((projection) => projection.name));
    if (names.size !== options.projections.length) throw new Error('Projection names must be unique');
    for (const projection of options.projections) {
      const unknown = projection.handles.filter((type) => !options.catalog.has(type));
      if (unknown.length > 0) throw new Error(`Projection ${projection.name} handles unknown events: ${unknown.join(', ')}`);
    }
    this.runners = options.projections.map(
      (projection) =>
        new ProjectionRunner(projection, {
          store: options.store,
          sql: options.sql,
          catalog: options.catalog,
          batchSize: options.batchSize ?? 500,
          batchLingerMs: options.batchLingerMs ?? BATCH_LINGER_MS,
          lock: options.locks?.(projection.name),
          lockRetryMs: options.lockRetryMs ?? LOCK_RETRY_MS,
          stallMs: options.stallMs ?? STALL_MS,
          onError: options.onError ?? (() => undefined),
          onLease: options.onLease ?? (() => undefined),
        }),
    );
  }

  start(): void {
    this.started = true;
    for (const runner of this.runners) runner.start();
  }

  async stop(): Promise<void> {
    await Promise.all(this.runners.map((runner) => runner.stop()));
  }

  status(): ProjectionStatus[] {
    return this.runners.map((runner) => ({ name: runner.projection.name, position: runner.applied }));
  }

  /** The projections this process applies now; with locks, those whose lock it holds. */
  active(): string[] {
    return this.runners.filter((runner) => runner.active).map((runner) => runner.projection.name);
  }

  /**
   * Resolves true once every projection has passed `position` (read-your-writes), or false when
   * `timeoutMs` runs out first; the caller's write is done either way.
   */
  async waitUntilPassed(position: bigint, timeoutMs: number): Promise<boolean> {
    const deadline = AbortSignal.timeout(timeoutMs);
    if (!this.started) return this.checkpointsPass(position, deadline);
    try {
      await Promise.all(
        this.runners.map(async (runner) => {
          while (runner.passed < position) await once(runner.progress, 'passed', { signal: deadline });
        }),
      );
      return true;
    } catch (error) {
      if (deadline.aborted) return false;
      throw error;
    }
  }

  /**
   * When another process projects (PROJECTOR=off, a standalone projector), its progress is its checkpoints:
   * committed in the same transaction as the read models, so passing them means the write is readable.
   */
  private async checkpointsPass(position: bigint, deadline: AbortSignal): Promise<boolean> {
    const names = this.runners.map((runner) => runner.projection.name);
    while (!deadline.aborted) {
      const rows = await this.sql.query<{ position: string; settled: boolean }>(
        `SELECT position::text AS position, settled FROM projection_checkpoints WHERE name = ANY($1::text[])`,
        [names],
      );
      if (rows.length === names.length && rows.every((row) => row.settled && BigInt(row.position) >= position)) return true;
      await sleep(CHECKPOINT_POLL_MS, undefined, { signal: deadline }).catch(() => undefined);
    }
    return false;
  }
}
