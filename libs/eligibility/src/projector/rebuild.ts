import { quoted, type SqlClient, type SqlExecutor } from '@club-ledger/kernel';
import type { EventCatalog, EventStore, RecordedEvent } from '@club-ledger/event-store';
import { advanceCheckpoint } from './checkpoints';
import { deferIndexes } from './deferred-indexes';
import { ReadModelUpkeep } from './upkeep';
import { settleProjection, type AfterCommit, type Projection } from './projection';
import type { SessionDatabase } from './projection-lock';
import { rebuildAside } from './rebuild-aside';

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

export interface RebuildSummary {
  projection: string;
  /** Events read from the feed, whether the projection handles them or not. */
  events: number;
  /** The checkpoint the rebuilt read model stands at. */
  position: bigint;
  seconds: number;
}

/**
 * Rebuilds one projection's read model from the whole feed with its own `apply`. On PostgreSQL the live
 * tables keep serving until the rebuilt ones are swapped in (`rebuildAside`). On PGlite, which one process
 * holds, it rebuilds in place: the tables are emptied with the checkpoint reset, then each batch commits
 * with its checkpoint, so a crash midway leaves a read model that the next projector resumes from.
 */
export async function rebuildProjection(options: RebuildOptions): Promise<RebuildSummary> {
  const started = Date.now();
  const replay = new Replay(options);
  if (options.sql.engine === 'postgres') {
    if (!opensSessions(options.sql)) throw new Error('Rebuilding on PostgreSQL needs a client that opens sessions');
    await rebuildAside(options.sql, replay);
  } else {
    await rebuildInPlace(options.sql, replay);
  }
  return { projection: options.projection.name, events: replay.events, position: replay.position, seconds: (Date.now() - started) / 1000 };
}

function opensSessions(sql: SqlClient): sql is SqlClient & SessionDatabase {
  return 'session' in sql && 'schema' in sql;
}

async function rebuildInPlace(sql: SqlClient, replay: Replay): Promise<void> {
  const { projection } = replay;
  await sql.transaction(async (tx) => {
    await tx.query(`TRUNCATE ${projection.tables.map(quoted).join(', ')}`);
    await deferIndexes(tx, projection.tables);
    await tx.query(
      `INSERT INTO projection_checkpoints (name) VALUES ($1)
       ON CONFLICT (name) DO UPDATE SET position = 0, settled = true, updated_at = now()`,
      [projection.name],
    );
  });
  await replay.start();
  await replay.untilEnd(async (batch, from, to) => {
    const afterCommit = await sql.transaction(async (tx) => {
      const after = await replay.apply(batch, tx);
      await advanceCheckpoint(tx, projection.name, from, to, false);
      return after;
    });
    afterCommit?.();
  });
  const settled = await sql.transaction(async (tx) => {
    await advanceCheckpoint(tx, projection.name, replay.position, replay.position, true);
    return replay.settle(tx);
  });
  settled?.();
  await new ReadModelUpkeep(sql, projection.tables).afterSettle(replay.position);
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
  async untilEnd(each: (batch: readonly RecordedEvent[], from: bigint, to: bigint) => Promise<void>): Promise<number> {
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

  /** Builds the indexes put off and does what the batches applied so far put off. */
  settle(tx: SqlExecutor): Promise<AfterCommit | void> {
    return settleProjection(this.projection, tx, this.position);
  }
}
