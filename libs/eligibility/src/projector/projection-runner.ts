import { EventEmitter } from 'node:events';
import { backOff } from 'exponential-backoff';
import type { SqlClient } from '@club-ledger/kernel';
import type { EventCatalog, EventStore, RecordedEvent, Subscription } from '@club-ledger/event-store';
import { batches } from './batches';
import { advanceCheckpoint, loadCheckpoint } from './checkpoints';
import type { Projection } from './projection';

export interface RunnerDependencies {
  store: EventStore;
  sql: SqlClient;
  catalog: EventCatalog;
  batchSize: number;
  onError(projection: string, error: unknown): void;
}

/**
 * Runs one projection: from its checkpoint, over the whole feed, one transaction per batch holding both
 * the read-model changes and the new checkpoint. Any failure (a crash of the apply, a lost database)
 * rolls the batch back; the runner then resumes from the checkpoint, so each event counts exactly once.
 */
export class ProjectionRunner {
  readonly progress = new EventEmitter().setMaxListeners(0);
  private position = 0n;
  private stopped = false;
  private subscription: Subscription | undefined;
  private running: Promise<void> | undefined;
  private readonly handles: ReadonlySet<string>;

  constructor(
    readonly projection: Projection,
    private readonly deps: RunnerDependencies,
  ) {
    this.handles = new Set(projection.handles);
  }

  /** The position of the last event this projection has applied or passed over. */
  get passed(): bigint {
    return this.position;
  }

  start(): void {
    this.running ??= backOff(() => this.follow(), {
      numOfAttempts: Number.MAX_SAFE_INTEGER,
      startingDelay: 50,
      maxDelay: 5_000,
      retry: (error) => {
        this.deps.onError(this.projection.name, error);
        return !this.stopped;
      },
    }).catch(() => undefined);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.subscription?.close();
    await this.running;
  }

  private async follow(): Promise<void> {
    if (this.stopped) return;
    this.position = await loadCheckpoint(this.deps.sql, this.projection.name);
    this.subscription = this.deps.store.subscribeToAll({ afterPosition: this.position });
    try {
      for await (const batch of batches(this.subscription, this.deps.batchSize)) {
        if (this.stopped) return;
        await this.apply(batch);
      }
      if (!this.stopped) throw new Error(`The feed of ${this.projection.name} ended; resuming from its checkpoint`);
    } finally {
      await this.subscription.close();
    }
  }

  private async apply(batch: RecordedEvent[]): Promise<void> {
    const handled = batch.filter((event) => this.handles.has(event.type)).map((e) => this.deps.catalog.decode(e));
    const to = batch[batch.length - 1].position;
    const afterCommit = await this.deps.sql.transaction(async (tx) => {
      const after = handled.length > 0 ? await this.projection.apply(handled, tx) : undefined;
      await advanceCheckpoint(tx, this.projection.name, this.position, to);
      return after;
    });
    afterCommit?.();
    this.position = to;
    this.progress.emit('passed', to);
  }
}
