import type { ExpectedRevision, WrongExpectedRevisionError } from './event-store.errors';

export type { ExpectedRevision };

/**
 * The EventStore port: what the domain and the projector need from an event store, and nothing more.
 * Adapters: SQL (PGlite or PostgreSQL) and EventStoreDB. Both pass `testing/event-store.contract.ts`.
 *
 * Revisions count events within one stream from 0. Positions order every event of the store (the
 * global feed); they are bigints because EventStoreDB's position is a (commit, prepare) pair of
 * 64-bit numbers, which the EventStoreDB adapter packs into one order-preserving bigint.
 */

export type EventMetadata = {
  /** Who caused the event: an employee id or a service name. */
  actor: string;
  correlationId: string;
  causationId: string;
  /** When it happened in the world (ISO-8601); `recordedAt` is when the store took it. */
  occurredAt: string;
} & Record<string, unknown>;

export interface NewEvent {
  /** A UUID; deterministic when derived from an idempotency key, so that a retry appends nothing. */
  id: string;
  type: string;
  data: unknown;
  metadata: EventMetadata;
}

export interface RecordedEvent {
  id: string;
  stream: string;
  revision: bigint;
  position: bigint;
  type: string;
  data: unknown;
  metadata: EventMetadata;
  recordedAt: Date;
}

export interface AppendResult {
  /** The revision of the stream's last event after the append. */
  nextRevision: bigint;
  /** The global position of the last appended event: wait for projections to pass it. */
  position: bigint;
}

export interface AppendOptions {
  expectedRevision: ExpectedRevision;
}

/** One stream's share of `appendMany`. */
export interface StreamAppend extends AppendOptions {
  stream: string;
  events: NewEvent[];
}

export interface ReadStreamOptions {
  direction?: 'forwards' | 'backwards';
  /** Inclusive. Defaults to the start (forwards) or the end (backwards). */
  fromRevision?: bigint;
  maxCount?: number;
}

/**
 * Which events a feed reader wants, by event type or by stream name prefix (one of the two, as
 * EventStoreDB filters). System events (types starting with `$`) are always skipped, filter or not.
 */
export type EventFilter = { eventTypePrefixes: string[] } | { streamPrefixes: string[] };

export const isSystemEvent = (type: string): boolean => type.startsWith('$');

export function matchesFilter(event: { type: string; stream: string }, filter?: EventFilter): boolean {
  if (isSystemEvent(event.type)) return false;
  if (!filter) return true;
  if ('eventTypePrefixes' in filter) return filter.eventTypePrefixes.some((prefix) => event.type.startsWith(prefix));
  return filter.streamPrefixes.some((prefix) => event.stream.startsWith(prefix));
}

export interface ReadAllOptions {
  /** Inclusive. Defaults to the start of the feed. */
  fromPosition?: bigint;
  maxCount?: number;
  filter?: EventFilter;
}

export interface SubscribeOptions {
  /** Exclusive: the position of the last event the subscriber has handled. Omit to start at the beginning. */
  afterPosition?: bigint;
  filter?: EventFilter;
}

/**
 * A catch-up-then-live subscription. Iterate it to receive events in global order; it never completes
 * on its own: a dropped connection is resumed from the last delivered position. `close()` ends it.
 */
export interface Subscription extends AsyncIterable<RecordedEvent> {
  close(): Promise<void>;
}

export interface EventStore {
  append(stream: string, events: NewEvent[], options: AppendOptions): Promise<AppendResult>;
  /**
   * Appends to many streams at once (a bulk import): each append is decided as if it ran alone, and a refused one
   * (a `WrongExpectedRevisionError` in its place) refuses only itself. The SQL store writes them in the order given,
   * in as few transactions as its group commit takes; EventStoreDB stream by stream, many in flight at once, so
   * their positions may interleave.
   */
  appendMany(appends: readonly StreamAppend[]): Promise<Array<AppendResult | WrongExpectedRevisionError>>;
  /** Pages through the stream lazily; a stream that does not exist reads as empty. */
  readStream(stream: string, options?: ReadStreamOptions): AsyncIterable<RecordedEvent>;
  /** Pages through the global feed lazily, in position order. */
  readAll(options?: ReadAllOptions): AsyncIterable<RecordedEvent>;
  subscribeToAll(options?: SubscribeOptions): Subscription;
  /** The position of the newest event in the feed (0n when empty); for lag and the stall watchdog. */
  headPosition(): Promise<bigint>;
  close(): Promise<void>;
}

export const EVENT_STORE = Symbol('EventStore');
