import { EventEmitter } from 'node:events';
import { join } from 'node:path';
import { advisoryLockKey, type SqlClient, type SqlExecutor } from '@club-ledger/kernel';
import { WrongExpectedRevisionError } from '../event-store.errors';
import {
  matchesFilter,
  type AppendOptions,
  type AppendResult,
  type EventFilter,
  type EventStore,
  type ExpectedRevision,
  type NewEvent,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
  type SubscribeOptions,
  type Subscription,
} from '../event-store.port';
import { SqlSubscription } from './sql-subscription';

const MIGRATIONS = join(__dirname, 'migrations');
const APPEND_LOCK = advisoryLockKey('club-ledger:event-log:append');
// Bigint columns are read as text (exact in JavaScript), so ORDER BY names the table column, not the alias.
const COLUMNS = `id, stream, revision::text AS revision, position::text AS position, type, data, metadata, recorded_at`;

export interface SqlEventStoreOptions {
  /** Rows fetched per query when reading; a read never holds more than one page. */
  pageSize?: number;
  /** How often an idle subscription looks for events appended by other processes. */
  pollIntervalMs?: number;
}

interface EventRow {
  id: string;
  stream: string;
  revision: string;
  position: string;
  type: string;
  data: unknown;
  metadata: RecordedEvent['metadata'];
  recorded_at: Date;
}

export class SqlEventStore implements EventStore {
  /** Wakes this process's subscriptions as soon as one of its own appends commits. */
  private readonly appended = new EventEmitter().setMaxListeners(0);
  private readonly pageSize: number;
  private readonly pollIntervalMs: number;

  private constructor(
    private readonly sql: SqlClient,
    options: SqlEventStoreOptions,
  ) {
    this.pageSize = options.pageSize ?? 500;
    this.pollIntervalMs = options.pollIntervalMs ?? 250;
  }

  static async open(sql: SqlClient, options: SqlEventStoreOptions = {}): Promise<SqlEventStore> {
    await sql.migrate(MIGRATIONS, 'event_store_migrations');
    return new SqlEventStore(sql, options);
  }

  async append(stream: string, events: NewEvent[], { expectedRevision }: AppendOptions): Promise<AppendResult> {
    if (events.length === 0) throw new Error('append needs at least one event');
    const result = await this.sql.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [APPEND_LOCK]);
      const earlier = await findEarlierAppend(tx, stream, events, expectedRevision);
      if (earlier) return earlier;
      const current = await currentRevision(tx, stream);
      assertExpected(stream, expectedRevision, current);
      const rows = await tx.query<{ revision: string; position: string }>(
        `INSERT INTO event_log (id, stream, revision, type, data, metadata)
         SELECT (e.event->>'id')::uuid, $1, $2::bigint + e.n, e.event->>'type', e.event->'data', e.event->'metadata'
           FROM jsonb_array_elements($3::jsonb) WITH ORDINALITY AS e(event, n)
          ORDER BY e.n
         RETURNING revision::text AS revision, position::text AS position`,
        [stream, String(current ?? -1n), JSON.stringify(events.map(({ id, type, data, metadata }) => ({ id, type, data, metadata })))],
      );
      return lastOf(rows);
    });
    this.appended.emit('appended');
    return result;
  }

  async *readStream(stream: string, options: ReadStreamOptions = {}): AsyncIterable<RecordedEvent> {
    const backwards = options.direction === 'backwards';
    let remaining = options.maxCount ?? Infinity;
    let from = options.fromRevision ?? (backwards ? BigInt(Number.MAX_SAFE_INTEGER) : 0n);
    while (remaining > 0) {
      const limit = Math.min(this.pageSize, remaining);
      const rows = await this.sql.query<EventRow>(
        `SELECT ${COLUMNS} FROM event_log
          WHERE stream = $1 AND revision ${backwards ? '<=' : '>='} $2::bigint
          ORDER BY event_log.revision ${backwards ? 'DESC' : 'ASC'} LIMIT $3`,
        [stream, String(from), limit],
      );
      for (const row of rows) yield toRecorded(row);
      if (rows.length < limit) return;
      remaining -= rows.length;
      from = BigInt(rows[rows.length - 1].revision) + (backwards ? -1n : 1n);
    }
  }

  async *readAll(options: ReadAllOptions = {}): AsyncIterable<RecordedEvent> {
    let remaining = options.maxCount ?? Infinity;
    let after = (options.fromPosition ?? 1n) - 1n;
    for (;;) {
      const page = await this.readPageAfter(after, options.filter);
      for (const event of page.events) {
        if (remaining <= 0) return;
        remaining -= 1;
        yield event;
      }
      if (page.exhausted || remaining <= 0) return;
      after = page.lastPosition;
    }
  }

  subscribeToAll(options: SubscribeOptions = {}): Subscription {
    return new SqlSubscription({
      after: options.afterPosition ?? 0n,
      readPage: (after) => this.readPageAfter(after, options.filter),
      appended: this.appended,
      pollIntervalMs: this.pollIntervalMs,
    });
  }

  async headPosition(): Promise<bigint> {
    const [row] = await this.sql.query<{ head: string }>(`SELECT coalesce(max(position), 0)::text AS head FROM event_log`);
    return BigInt(row.head);
  }

  async close(): Promise<void> {
    this.appended.removeAllListeners();
  }

  /**
   * One page of the feed after a position. The page is cut by rows scanned and filtered here, so a
   * sparse filter still moves `lastPosition` forward and a subscriber never rescans what it skipped.
   */
  private async readPageAfter(after: bigint, filter?: EventFilter) {
    const rows = await this.sql.query<EventRow>(
      `SELECT ${COLUMNS} FROM event_log WHERE position > $1::bigint ORDER BY event_log.position LIMIT $2`,
      [String(after), this.pageSize],
    );
    const scanned = rows.map(toRecorded);
    return {
      events: scanned.filter((event) => matchesFilter(event, filter)),
      lastPosition: scanned.length > 0 ? scanned[scanned.length - 1].position : after,
      exhausted: rows.length < this.pageSize,
    };
  }
}

function toRecorded(row: EventRow): RecordedEvent {
  return {
    id: row.id,
    stream: row.stream,
    revision: BigInt(row.revision),
    position: BigInt(row.position),
    type: row.type,
    data: row.data,
    metadata: row.metadata,
    recordedAt: row.recorded_at,
  };
}

async function currentRevision(tx: SqlExecutor, stream: string): Promise<bigint | undefined> {
  const [row] = await tx.query<{ revision: string }>(
    `SELECT revision::text AS revision FROM event_log WHERE stream = $1 ORDER BY event_log.revision DESC LIMIT 1`,
    [stream],
  );
  return row ? BigInt(row.revision) : undefined;
}

function assertExpected(stream: string, expected: ExpectedRevision, current: bigint | undefined): void {
  const ok =
    expected === 'any' ||
    (expected === 'no_stream' && current === undefined) ||
    (expected === 'stream_exists' && current !== undefined) ||
    expected === current;
  if (!ok) throw new WrongExpectedRevisionError(stream, expected, current ?? 'no_stream');
}

/**
 * A retried append (same event ids) reports what the first one did and appends nothing, provided it
 * landed where this one expects to land; anything else that reuses an id is a conflict.
 */
async function findEarlierAppend(
  tx: SqlExecutor,
  stream: string,
  events: NewEvent[],
  expected: ExpectedRevision,
): Promise<AppendResult | undefined> {
  const rows = await tx.query<{ id: string; stream: string; revision: string; position: string }>(
    `SELECT id, stream, revision::text AS revision, position::text AS position
       FROM event_log WHERE id = ANY($1::uuid[]) ORDER BY event_log.position`,
    [events.map((event) => event.id)],
  );
  if (rows.length === 0) return undefined;
  const firstRevision = BigInt(rows[0].revision);
  const sameBatch =
    rows.length === events.length &&
    rows.every(
      (row, n) => row.stream === stream && row.id === events[n].id && BigInt(row.revision) === firstRevision + BigInt(n),
    );
  const sameStart =
    expected === 'any' ||
    expected === 'stream_exists' ||
    (expected === 'no_stream' ? firstRevision === 0n : firstRevision === expected + 1n);
  if (sameBatch && sameStart) return lastOf(rows);
  throw new WrongExpectedRevisionError(stream, expected, (await currentRevision(tx, stream)) ?? 'no_stream');
}

function lastOf(rows: { revision: string; position: string }[]): AppendResult {
  const last = rows[rows.length - 1];
  return { nextRevision: BigInt(last.revision), position: BigInt(last.position) };
}
