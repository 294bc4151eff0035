import { EventEmitter } from 'node:events';
import DataLoader from 'dataloader';
import { PostgresClient, advisoryLockKey, type SqlClient, type SqlExecutor } from '@club-ledger/kernel';
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
  type StreamAppend,
  type SubscribeOptions,
  type Subscription,
} from '../event-store.port';
import { migrateEventStore } from './schema';
import { SqlSubscription } from './sql-subscription';

const APPEND_LOCK = advisoryLockKey('club-ledger:event-log:append');
/**
 * An event as a JSON array, bigints as text (exact in JavaScript). A page of events is read as one JSON document:
 * PGlite hands each row and column to JavaScript at a cost that outweighs the query's, and one document crosses once.
 */
const EVENT_TUPLE = `json_build_array(e.id, e.stream, e.revision::text, e.position::text, e.type, e.data, e.metadata, e.recorded_at)`;
type EventTuple = [id: string, stream: string, revision: string, position: string, type: string, data: unknown, metadata: RecordedEvent['metadata'], recordedAt: string];

export interface SqlEventStoreOptions {
  /** Rows fetched per query when reading; a read never holds more than one page. */
  pageSize?: number;
  /** How often an idle subscription looks for events appended by other processes. */
  pollIntervalMs?: number;
}

/** The NOTIFY channel of a schema's appends, for subscribers in other processes. */
const APPENDED_CHANNEL = 'club_ledger_appended_';
const appendedChannel = (schema: string): string => `${APPENDED_CHANNEL}${schema}`;

/** PostgreSQL's SQLSTATE for a row a unique index already holds. */
const UNIQUE_VIOLATION = '23505';

/** The most appends written in one transaction. */
const MAX_GROUP = 500;

interface StreamPage {
  stream: string;
  from: bigint;
}

interface QueuedAppend {
  stream: string;
  events: NewEvent[];
  expectedRevision: ExpectedRevision;
  resolve: (result: AppendResult) => void;
  reject: (error: unknown) => void;
}

export class SqlEventStore implements EventStore {
  /** Wakes this process's subscriptions as soon as one of its own appends commits. */
  private readonly appended = new EventEmitter().setMaxListeners(0);
  private readonly pageSize: number;
  private readonly pollIntervalMs: number;
  private readonly queued: QueuedAppend[] = [];
  private readonly firstPages = new DataLoader<StreamPage, RecordedEvent[]>((pages) => this.readFirstPages(pages), {
    cache: false,
    maxBatchSize: 500,
  });
  private writing: Promise<void> | undefined;
  private listening: Promise<{ close(): Promise<void> } | undefined> | undefined;

  private constructor(
    private readonly sql: SqlClient,
    options: SqlEventStoreOptions,
  ) {
    this.pageSize = options.pageSize ?? 500;
    this.pollIntervalMs = options.pollIntervalMs ?? 250;
  }

  static async open(sql: SqlClient, options: SqlEventStoreOptions = {}): Promise<SqlEventStore> {
    await migrateEventStore(sql);
    return new SqlEventStore(sql, options);
  }

  /**
   * Appends wait their turn in a queue and are written in groups: all the appends that arrived while the
   * previous group was being written go in one transaction (group commit), each checked against its
   * expected revision as if it ran alone, in arrival order. One refused append refuses only itself.
   */
  append(stream: string, events: NewEvent[], { expectedRevision }: AppendOptions): Promise<AppendResult> {
    if (events.length === 0) return Promise.reject(new Error('append needs at least one event'));
    return new Promise((resolve, reject) => {
      this.queued.push({ stream, events, expectedRevision, resolve, reject });
      this.writing ??= this.writeQueued();
    });
  }

  /** Every append joins the queue in the same turn, so they are written together, a group per transaction. */
  async appendMany(appends: readonly StreamAppend[]): Promise<Array<AppendResult | WrongExpectedRevisionError>> {
    const settled = await Promise.allSettled(appends.map(({ stream, events, expectedRevision }) => this.append(stream, events, { expectedRevision })));
    return settled.map((outcome) => {
      if (outcome.status === 'fulfilled') return outcome.value;
      if (outcome.reason instanceof WrongExpectedRevisionError) return outcome.reason;
      throw outcome.reason;
    });
  }

  private async writeQueued(): Promise<void> {
    // Let the appends started in the same turn of the event loop (a burst of commands) join the first group.
    await new Promise((resolve) => setImmediate(resolve));
    while (this.queued.length > 0) {
      const group = this.queued.splice(0, MAX_GROUP);
      try {
        const announce = this.sql instanceof PostgresClient;
        const outcomes = await this.sql
          .transaction((tx) => appendGroup(tx, group, announce, false))
          .catch((error: unknown) => {
            if ((error as { code?: unknown } | null)?.code !== UNIQUE_VIOLATION) throw error;
            return this.sql.transaction((tx) => appendGroup(tx, group, announce, true));
          });
        outcomes.forEach((outcome, n) => (outcome instanceof Error ? group[n].reject(outcome) : group[n].resolve(outcome)));
        this.appended.emit('appended');
      } catch (error) {
        for (const append of group) append.reject(error);
      }
    }
    this.writing = undefined;
  }

  async *readStream(stream: string, options: ReadStreamOptions = {}): AsyncIterable<RecordedEvent> {
    const backwards = options.direction === 'backwards';
    let remaining = options.maxCount ?? Infinity;
    let from = options.fromRevision ?? (backwards ? BigInt(Number.MAX_SAFE_INTEGER) : 0n);
    let first = !backwards && remaining === Infinity;
    const order = backwards ? 'DESC' : 'ASC';
    while (remaining > 0) {
      const limit = Math.min(this.pageSize, remaining);
      // The first page of a whole forward read (loading an aggregate) is read together with the others asked for at the same moment.
      const events = first
        ? await this.firstPages.load({ stream, from })
        : await eventPage(
            this.sql,
            `SELECT * FROM event_log WHERE stream = $1 AND revision ${backwards ? '<=' : '>='} $2::bigint ORDER BY revision ${order} LIMIT $3`,
            `e.revision ${order}`,
            [stream, String(from), limit],
          );
      first = false;
      yield* events;
      if (events.length < limit) return;
      remaining -= events.length;
      from = events[events.length - 1].revision + (backwards ? -1n : 1n);
    }
  }

  /** The first page of each stream from its revision, for many streams in one query. */
  private async readFirstPages(pages: readonly StreamPage[]): Promise<RecordedEvent[][]> {
    const [{ page }] = await this.sql.query<{ page: string }>(
      `SELECT coalesce(json_agg(json_build_array(r.n, ${EVENT_TUPLE}) ORDER BY r.n, e.revision), '[]')::text AS page
         FROM unnest($1::text[], $2::bigint[]) WITH ORDINALITY AS r(stream, from_revision, n)
         CROSS JOIN LATERAL (
           SELECT * FROM event_log
            WHERE event_log.stream = r.stream AND event_log.revision >= r.from_revision
            ORDER BY event_log.revision LIMIT $3
         ) e`,
      [pages.map((page) => page.stream), pages.map((page) => String(page.from)), this.pageSize],
    );
    const byPage = pages.map((): RecordedEvent[] => []);
    for (const [n, event] of JSON.parse(page) as [number, EventTuple][]) byPage[n - 1].push(toRecorded(event));
    return byPage;
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
    // On PostgreSQL, other processes' appends are announced (see appendGroup): a subscriber hears them at once
    // rather than at its next poll, which a standalone projector's read-your-writes would otherwise wait for.
    if (this.sql instanceof PostgresClient) this.listening ??= this.sql.listen(appendedChannel(this.sql.schema), () => this.appended.emit('appended')).catch(() => undefined);
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
    await (await this.listening)?.close();
  }

  /**
   * One page of the feed after a position. The page is cut by rows scanned and filtered here, so a
   * sparse filter still moves `lastPosition` forward and a subscriber never rescans what it skipped.
   */
  private async readPageAfter(after: bigint, filter?: EventFilter) {
    const scanned = await eventPage(
      this.sql,
      `SELECT * FROM event_log WHERE position > $1::bigint ORDER BY position LIMIT $2`,
      'e.position',
      [String(after), this.pageSize],
    );
    return {
      events: scanned.filter((event) => matchesFilter(event, filter)),
      lastPosition: scanned.length > 0 ? scanned[scanned.length - 1].position : after,
      exhausted: scanned.length < this.pageSize,
    };
  }
}

/** The event_log rows `rows` selects, as one JSON document of event tuples in `order` (of the rows, named `e`). */
async function eventPage(sql: SqlExecutor, rows: string, order: string, params: readonly unknown[]): Promise<RecordedEvent[]> {
  const [{ page }] = await sql.query<{ page: string }>(
    `SELECT coalesce(json_agg(${EVENT_TUPLE} ORDER BY ${order}), '[]')::text AS page FROM (${rows}) e`,
    params,
  );
  return (JSON.parse(page) as EventTuple[]).map(toRecorded);
}

function toRecorded([id, stream, revision, position, type, data, metadata, recordedAt]: EventTuple): RecordedEvent {
  return { id, stream, revision: BigInt(revision), position: BigInt(position), type, data, metadata, recordedAt: new Date(recordedAt) };
}

/**
 * Writes a group of appends in the caller's transaction, under the append lock: reads the revision of every stream,
 * then the events already stored under the ids of the appends that may be retries, decides each append in order
 * (accepted, a retry of one already stored, or refused), and inserts the accepted ones in one statement.
 *
 * An append that finds its stream exactly where it expects it cannot have landed before (it would have moved the
 * stream): its ids are not looked up, which in a bulk write was most of the statement. Its ids can then only be stored
 * in another stream, which the unique id refuses at the insert; `everyId` writes the group again looking up every id.
 */
async function appendGroup(tx: SqlExecutor, group: readonly QueuedAppend[], announce: boolean, everyId: boolean): Promise<Array<AppendResult | Error>> {
  // On PostgreSQL the group is announced with the lock, heard by other processes' subscriptions at commit (PGlite has
  // no other process); a group that appends nothing wakes them for an empty read, and costs no round trip of its own.
  await tx.query(`SELECT pg_advisory_xact_lock($1)${announce ? `, pg_notify('${APPENDED_CHANNEL}' || current_schema(), '')` : ''}`, [APPEND_LOCK]);
  // Each stream's last revision from the end of its index. Grouped over `stream = ANY(...)`, the planner, which takes
  // a stream for thousands of events, scanned the whole log in parallel once a group named a hundred streams.
  const headRows = await tx.query<{ stream: string; revision: string | null }>(
    `SELECT s.stream, (SELECT revision FROM event_log e WHERE e.stream = s.stream ORDER BY revision DESC LIMIT 1)::text AS revision
       FROM unnest($1::text[]) AS s(stream)`,
    [[...new Set(group.map((append) => append.stream))]],
  );
  const heads = new Map(headRows.flatMap((row) => (row.revision === null ? [] : [[row.stream, BigInt(row.revision)] as const])));
  const unsure = everyId ? group : group.filter(({ stream, expectedRevision }) => !isExactly(expectedRevision, heads.get(stream)));
  const ids = unsure.flatMap((append) => append.events.map((event) => event.id));
  const storedRows = ids.length === 0 ? [] : await tx.query<StoredRow>(`SELECT stream, id, revision::text, position::text FROM event_log WHERE id = ANY($1::uuid[])`, [ids]);
  const stored = new Map(storedRows.map((row) => [row.id, row]));
  const claimed = new Set<string>();
  const outcomes: Array<AppendResult | Error | { first: bigint }> = [];
  const rows: { id: string; stream: string; revision: string; type: string; data: unknown; metadata: unknown }[] = [];
  for (const { stream, events, expectedRevision } of group) {
    const current = heads.get(stream);
    try {
      const earlier = events.flatMap((event) => stored.get(event.id) ?? []).sort((a, b) => Number(BigInt(a.position) - BigInt(b.position)));
      if (earlier.length > 0) {
        outcomes.push(earlierAppend(stream, events, expectedRevision, current, earlier));
        continue;
      }
      // The same ids twice in one group: the first claims them; the other is decided again after it.
      if (events.some((event) => claimed.has(event.id))) throw new WrongExpectedRevisionError(stream, expectedRevision, current ?? 'no_stream');
      assertExpected(stream, expectedRevision, current);
      const first = (current ?? -1n) + 1n;
      events.forEach(({ id, type, data, metadata }, n) => {
        claimed.add(id);
        rows.push({ id, stream, revision: String(first + BigInt(n)), type, data, metadata });
      });
      heads.set(stream, first + BigInt(events.length - 1));
      outcomes.push({ first });
    } catch (error) {
      if (!(error instanceof WrongExpectedRevisionError)) throw error;
      outcomes.push(error);
    }
  }
  const inserted = rows.length === 0 ? [] : await tx.query<{ stream: string; revision: string; position: string }>(
    `INSERT INTO event_log (id, stream, revision, type, data, metadata)
     SELECT (e.event->>'id')::uuid, e.event->>'stream', (e.event->>'revision')::bigint, e.event->>'type', e.event->'data', e.event->'metadata'
       FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS e(event, n)
      ORDER BY e.n
     RETURNING stream, revision::text AS revision, position::text AS position`,
    [JSON.stringify(rows)],
  );
  const positions = new Map(inserted.map((row) => [`${row.stream}@${row.revision}`, BigInt(row.position)]));
  return outcomes.map((outcome, n) => {
    if (!('first' in outcome)) return outcome;
    const nextRevision = outcome.first + BigInt(group[n].events.length - 1);
    return { nextRevision, position: positions.get(`${group[n].stream}@${nextRevision}`) as bigint };
  });
}

interface StoredRow {
  id: string;
  stream: string;
  revision: string;
  position: string;
}

/** Whether an append names the revision the stream stands at, or that there is no stream and there is none. */
function isExactly(expected: ExpectedRevision, current: bigint | undefined): boolean {
  return expected === 'no_stream' ? current === undefined : typeof expected === 'bigint' && expected === current;
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
function earlierAppend(
  stream: string,
  events: NewEvent[],
  expected: ExpectedRevision,
  current: bigint | undefined,
  rows: StoredRow[],
): AppendResult {
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
  throw new WrongExpectedRevisionError(stream, expected, current ?? 'no_stream');
}

function lastOf(rows: { revision: string; position: string }[]): AppendResult {
  const last = rows[rows.length - 1];
  return { nextRevision: BigInt(last.revision), position: BigInt(last.position) };
}
