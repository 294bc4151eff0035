import { EventEmitter } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import type { SqlClient } from '@club-ledger/kernel';
import type { EventCatalog, EventStore, RecordedEvent } from '@club-ledger/event-store';
import { batches } from './batches';
import { advanceCheckpoint, readCheckpoint } from './checkpoints';
import { deferIndexes, restoreIndexes } from './deferred-indexes';
import { settleProjection, type Projection } from './projection';
import type { ProjectionLock } from './projection-lock';
import { StallWatchdog } from './stall-watchdog';
import { ReadModelUpkeep } from './upkeep';

/** What happens to a runner's hold on its projection: it took it, found it held elsewhere, or let it go. */
export type LeaseChange = 'held' | 'waiting' | 'released';

export interface RunnerDependencies {
  store: EventStore;
  sql: SqlClient;
  catalog: EventCatalog;
  batchSize: number;
  /** Under load, how long a batch waits for each next event before it is applied (see `batches`). */
  batchLingerMs: number;
  /** With several projector processes: run only while holding this lock, else wait and try every `lockRetryMs`. */
  lock?: ProjectionLock;
  lockRetryMs: number;
  /** How long the feed may deliver nothing while the store holds newer events before it is resubscribed. */
  stallMs: number;
  onError(projection: string, error: unknown): void;
  onLease(projection: string, change: LeaseChange): void;
}

const NEVER_LOST = new AbortController().signal;
const MAX_RETRY_DELAY_MS = 5_000;
/** How long a runner that put work off waits for the next batch before it settles anyway (the feed may be over). */
const SETTLE_WHEN_IDLE_MS = 100;

/**
 * Runs one projection: from its checkpoint, over the whole feed, one transaction per batch holding both
 * the read-model changes and the new checkpoint. Any failure (a crash of the apply, a lost database)
 * rolls the batch back; the runner then resumes from the checkpoint, so each event counts exactly once.
 * With a lock, it runs only while it holds it; the checkpoint guard stays the second line of defence
 * for the moment between a lock being lost and this runner noticing.
 */
export class ProjectionRunner {
  readonly progress = new EventEmitter().setMaxListeners(0);
  private position = 0n;
  /** The last position every read model of the projection reflects: behind `position` while it owes a settle. */
  private reflected = 0n;
  /** Whether the projection put work off catching up (`settle`) and has not done it yet. */
  private owed = false;
  private holding = false;
  private readonly stopping = new AbortController();
  private running: Promise<void> | undefined;
  private readonly handles: ReadonlySet<string>;
  private readonly upkeep: ReadModelUpkeep;

  constructor(
    readonly projection: Projection,
    private readonly deps: RunnerDependencies,
  ) {
    this.handles = new Set(projection.handles);
    this.upkeep = new ReadModelUpkeep(deps.sql, projection.tables, projection.rewrittenOften);
  }

  /** The position of the last event this projection has applied or passed over, and settled (read-your-writes). */
  get passed(): bigint {
    return this.reflected;
  }

  /** The position of the last event applied or passed over, settled or not (progress). */
  get applied(): bigint {
    return this.position;
  }

  /** Whether this runner is the one applying its projection now (always, once started, without a lock). */
  get active(): boolean {
    return this.holding;
  }

  start(): void {
    this.running ??= this.run();
  }

  async stop(): Promise<void> {
    this.stopping.abort();
    await this.running;
  }

  private async run(): Promise<void> {
    let lost: AbortSignal | undefined;
    while (!this.stopping.signal.aborted) {
      // A runner that has just lost its lock (its session died) leaves the next turn to one that has been waiting.
      if (lost?.aborted) await this.pause(2 * this.deps.lockRetryMs, this.stopping.signal);
      lost = await this.acquire();
      if (!lost) return;
      this.holding = true;
      this.deps.onLease(this.projection.name, 'held');
      try {
        await this.followWhile(AbortSignal.any([this.stopping.signal, lost]));
      } finally {
        this.holding = false;
        await this.deps.lock?.release().catch((error: unknown) => this.deps.onError(this.projection.name, error));
        this.deps.onLease(this.projection.name, 'released');
      }
    }
  }

  /** Resolves once this runner may apply (a signal aborted if it loses the right), or undefined when stopped. */
  private async acquire(): Promise<AbortSignal | undefined> {
    const lock = this.deps.lock;
    if (!lock) return NEVER_LOST;
    let told = false;
    while (!this.stopping.signal.aborted) {
      try {
        const lost = await lock.tryAcquire();
        if (lost) return lost;
        if (!told) this.deps.onLease(this.projection.name, 'waiting');
        told = true;
      } catch (error) {
        this.deps.onError(this.projection.name, error);
      }
      await this.pause(this.deps.lockRetryMs, this.stopping.signal);
    }
    await lock.release().catch((error: unknown) => this.deps.onError(this.projection.name, error));
    return undefined;
  }

  /** Follows the feed until `tenure` ends, resuming from the checkpoint after each failure, with backoff. */
  private async followWhile(tenure: AbortSignal): Promise<void> {
    let failures = 0;
    while (!tenure.aborted) {
      const before = this.position;
      try {
        await this.follow(tenure);
      } catch (error) {
        if (tenure.aborted) return;
        this.deps.onError(this.projection.name, error);
        failures = this.position > before ? 1 : failures + 1;
        await this.pause(Math.min(25 * 2 ** failures, MAX_RETRY_DELAY_MS), tenure);
      }
    }
  }

  private async follow(tenure: AbortSignal): Promise<void> {
    const checkpoint = await readCheckpoint(this.deps.sql, this.projection.name);
    this.position = checkpoint.position;
    // A runner before this one may have stopped halfway through a catch-up.
    this.owed = !checkpoint.settled;
    // The checkpoint may be ahead of what this runner applied (a rebuild swapped its read model in): say so to
    // whoever waits on a position it covers, rather than leave them until the next event.
    if (!this.owed) this.reached();
    await this.keepUp(() => this.upkeep.atStart(this.position));
    const subscription = this.deps.store.subscribeToAll({ afterPosition: this.position });
    const watchdog = new StallWatchdog(this.deps.store, this.projection.name, this.deps.stallMs, () => this.position);
    const abandon = AbortSignal.any([tenure, watchdog.stalled]);
    const feed = batches(subscription, this.deps.batchSize, this.deps.batchLingerMs)[Symbol.asyncIterator]();
    try {
      for (;;) {
        const pending = unlessAborted(feed.next(), abandon);
        if (this.owed && !(await settlesWithin(pending, SETTLE_WHEN_IDLE_MS))) await this.settle();
        const next = await watchdog.whileWaiting(pending);
        if (!next) break;
        if (next.done) throw new Error(`The feed of ${this.projection.name} ended; resuming from its checkpoint`);
        await this.apply(next.value);
      }
    } finally {
      watchdog.stop();
      await subscription.close();
    }
    if (watchdog.stalled.aborted && !tenure.aborted) throw watchdog.stalled.reason;
  }

  /**
   * A full batch means the feed had more at hand: the projection is catching up and may put work off. The first
   * batch after that settles it in the same transaction, so no one waiting on a position sees it unsettled.
   */
  private async apply(batch: RecordedEvent[]): Promise<void> {
    const handled = batch.filter((event) => this.handles.has(event.type)).map((e) => this.deps.catalog.decode(e));
    const to = batch[batch.length - 1].position;
    this.upkeep.counted(batch.length);
    const catchingUp = batch.length >= this.deps.batchSize && this.projection.settle !== undefined;
    const settles = this.owed && !catchingUp;
    const filled = settles && (await restoreIndexes(this.deps.sql)) > 0;
    const analyzes = filled || (settles && this.upkeep.analysisDue(to));
    const afterCommit = await this.deps.sql.transaction(async (tx) => {
      // Filling empty tables: their secondary indexes are built once, when the catch-up settles.
      if (catchingUp && this.position === 0n) await deferIndexes(tx, this.projection.tables);
      // Owing a settle anyway, the projection may put this batch off too: the settle covers it.
      const after = handled.length > 0 ? await this.projection.apply(handled, tx, { catchingUp: catchingUp || this.owed }) : undefined;
      const settled = settles ? await settleProjection(this.projection, tx, to, analyzes) : undefined;
      await advanceCheckpoint(tx, this.projection.name, this.position, to, !catchingUp);
      return () => [after, settled].forEach((done) => done?.());
    });
    afterCommit();
    this.owed = catchingUp;
    this.position = to;
    if (!this.owed) this.reached();
    await this.keepUp(() => (settles ? this.upkeep.afterSettle(to, analyzes, filled) : this.upkeep.afterBatch(to, catchingUp)));
  }

  /** Settles at the position reached, which must still be the checkpoint (another runner may have taken over). */
  private async settle(): Promise<void> {
    const filled = (await restoreIndexes(this.deps.sql)) > 0;
    const analyzes = filled || this.upkeep.analysisDue(this.position);
    const afterCommit = await this.deps.sql.transaction(async (tx) => {
      await advanceCheckpoint(tx, this.projection.name, this.position, this.position, true);
      return settleProjection(this.projection, tx, this.position, analyzes);
    });
    afterCommit?.();
    this.owed = false;
    this.reached();
    await this.keepUp(() => this.upkeep.afterSettle(this.position, analyzes, filled));
  }

  /** Upkeep of committed tables: a failure is reported, and leaves the feed to go on. */
  private async keepUp(upkeep: () => Promise<void>): Promise<void> {
    await upkeep().catch((error: unknown) => this.deps.onError(this.projection.name, error));
  }

  private reached(): void {
    this.reflected = this.position;
    this.progress.emit('passed', this.position);
  }

  private async pause(ms: number, signal: AbortSignal): Promise<void> {
    await sleep(ms, undefined, { signal }).catch(() => undefined);
  }
}

/** Whether `work` settles (either way) within `ms`; it is left running otherwise. */
async function settlesWithin(work: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const done = await Promise.race([
    work.then(() => true, () => true),
    new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms))),
  ]);
  clearTimeout(timer);
  return done;
}

/**
 * Settles with `work`, or with undefined as soon as `signal` aborts: a stalled feed may never settle, and
 * a stop or a lost lock must not wait for it. A result that comes later is dropped.
 */
function unlessAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T | undefined> {
  return new Promise((resolve, reject) => {
    const onAbort = () => resolve(undefined);
    if (signal.aborted) onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
