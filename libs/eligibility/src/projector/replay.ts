import type { SqlClient, SqlExecutor } from '@club-ledger/kernel';
import type { EventCatalog, EventStore, RecordedEvent } from '@club-ledger/event-store';
import { settleProjection, type AfterCommit, type Projection } from './projection';

/** Where a rebuild is: replaying the feed, catching up with what was appended meanwhile, or swapping the result in. */
export type RebuildPhase = 'replay' | 'catch-up' | 'swap';

export interface RebuildProgress {
  phase: RebuildPhase;
  /** Events read from the feed so far. */
  events: number;
  position: bigint;
  /** The store's head when the rebuild began. */
  head: bigint;
}

export interface RebuildOptions {
  store: EventStore;
  /** The read-model database; PostgreSQL must also open sessions (`PostgresClient` does). */
  sql: SqlClient;
  catalog: EventCatalog;
  projection: Projection;
  /** Events per transaction (default 5,000): a replay has no live reader waiting on small batches. */
  batchSize?: number;
  onProgress?(progress: RebuildProgress): void;
  /** Told, and awaited, as each phase begins. */
  onPhase?(phase: RebuildPhase): Promise<void> | void;
}

/** A read of the whole feed, in batches, remembering how far it got. */
export class Replay {
  readonly projection: Projection;
  events = 0;
  position = 0n;
  private head = 0n;
  private phase: RebuildPhase = 'replay';
  private readonly batchSize: number;
  private readonly handles: ReadonlySet<string>;

  constructor(private readonly options: RebuildOptions) {
    this.projection = options.projection;
    this.batchSize = options.batchSize ?? 5_000;
    this.handles = new Set(options.projection.handles);
  }

  async start(): Promise<void> {
    this.head = await this.options.store.headPosition();
    await this.enter('replay');
  }

  async enter(phase: RebuildPhase): Promise<void> {
    this.phase = phase;
    await this.options.onPhase?.(phase);
  }

  /**
   * Reads from the last position to the end of the feed, handing over each batch with the positions it
   * moves between, and returns how many events it read.
   */
  async untilEnd(each: (batch: readonly RecordedEvent[], from: bigint, to: bigint) => Promise<unknown>): Promise<number> {
    let read = 0;
    let batch: RecordedEvent[] = [];
    const flush = async () => {
      const to = batch[batch.length - 1].position;
      await each(batch, this.position, to);
      read += batch.length;
      this.events += batch.length;
      this.position = to;
      batch = [];
      this.options.onProgress?.({ phase: this.phase, events: this.events, position: this.position, head: this.head });
    };
    // Inclusive, and an EventStoreDB position plus one need not be a position: read from the last one and skip it.
    const feed = this.options.store.readAll(this.position > 0n ? { fromPosition: this.position } : {});
    for await (const event of feed) {
      if (event.position <= this.position) continue;
      batch.push(event);
      if (batch.length >= this.batchSize) await flush();
    }
    if (batch.length > 0) await flush();
    return read;
  }

  /**
   * Applies the events of `batch` the projection handles, decoded as the live runner decodes them; as a
   * catch-up unless told otherwise, leaving what it puts off to `settle`.
   */
  async apply(batch: readonly RecordedEvent[], tx: SqlExecutor, catchingUp = true): Promise<AfterCommit | void> {
    const handled = batch.filter((event) => this.handles.has(event.type)).map((event) => this.options.catalog.decode(event));
    return handled.length > 0 ? this.projection.apply(handled, tx, { catchingUp }) : undefined;
  }

  /** Does what the batches applied so far put off, once the indexes they put off are built (`restoreIndexes`). */
  settle(tx: SqlExecutor): Promise<AfterCommit | void> {
    return settleProjection(this.projection, tx, this.position);
  }
}
