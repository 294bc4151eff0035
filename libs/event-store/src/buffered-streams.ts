import { LRUCache } from 'lru-cache';
import { WrongExpectedRevisionError } from './event-store.errors';
import type { AppendOptions, AppendResult, EventStore, ExpectedRevision, NewEvent, ReadStreamOptions, RecordedEvent } from './event-store.port';

/**
 * The part of the store that deciding a command needs: its streams. `soleWriter`: nothing but its one reader appends
 * to it, so a stream that reader kept cannot have moved since (a batch's own buffer).
 */
export type StreamStore = Pick<EventStore, 'append' | 'readStream'> & { readonly soleWriter?: boolean };

export interface Held {
  /** The stream as the store had it when first read, in revision order. */
  read: RecordedEvent[];
  /** Appended here since, not yet written to the store. */
  pending: RecordedEvent[];
}

/**
 * What `flush` wrote: the streams another writer moved meanwhile, and the last position written. `stale`: the buffer
 * decided on streams an earlier buffer handed it whose write was refused, so it wrote nothing and refuses every stream.
 */
export interface Flushed {
  refused: Set<string>;
  position: bigint | undefined;
  stale?: boolean;
}

/**
 * What a flushed buffer hands the next: its streams as it left them, its write, which lands first, and the streams the
 * buffers before it left, kept once their writes landed.
 */
export interface HandedOver {
  held: ReadonlyMap<string, Promise<Held>>;
  flushed: Promise<Flushed>;
  kept: Kept;
}

/** Streams as written or read by earlier buffers of one chain, the most recently used, up to `KEPT_EVENTS` events. */
type Kept = LRUCache<string, RecordedEvent[]>;

/**
 * How many events a chain of buffers keeps of the streams it worked on: a large import decides each credit on its
 * contributor, and thousands of people's streams are read again batch after batch otherwise.
 */
const KEPT_EVENTS = 200_000;

/**
 * Streams read from the store once and then written in memory: a bulk import decides many commands on the
 * same aggregates (a deal and its credits) one after the other, then writes them all at once. A read is answered
 * from what the store had plus this buffer's own appends; an append is checked against the same and kept;
 * `flush` appends every stream at the revision it was read at, so a stream another writer moved meanwhile is
 * refused as a whole and nothing of it is written. Appended events carry no position until flushed (0n).
 *
 * A buffer can start from the one flushed before it (`earlier`) while that write is still under way: it takes the
 * streams the earlier one held as it left them instead of reading them, and its own write waits for the earlier one.
 * If the earlier write was refused on a stream it took, its decisions rest on events that were never recorded: it
 * writes nothing (`stale`). Such a chain also keeps the streams of the buffers before, as their writes left them: a
 * stream written again is still checked against the store's revision when flushed; one only read (a contributor's
 * facts) is as the chain last saw it, as a stream a batch read at its start is to the batch's last command.
 */
export class BufferedStreams implements StreamStore {
  /** One batch's runner decides and appends through this buffer alone. */
  readonly soleWriter = true;
  private held = new Map<string, Promise<Held>>();
  /** Streams in the order of their first append here: the order they are written in. */
  private written: string[] = [];
  /** Streams taken from the earlier buffer. */
  private readonly taken = new Set<string>();
  private handedOver: HandedOver | undefined;
  private readonly kept: Kept;

  constructor(
    private readonly store: EventStore,
    private readonly now: () => Date = () => new Date(),
    private earlier?: HandedOver,
  ) {
    this.kept = earlier?.kept ?? new LRUCache({ maxSize: KEPT_EVENTS, sizeCalculation: (events) => events.length + 1 });
  }

  async append(stream: string, events: NewEvent[], { expectedRevision }: AppendOptions): Promise<AppendResult> {
    if (events.length === 0) throw new Error('append needs at least one event');
    const held = await this.hold(stream);
    const head = headOf(held);
    if (!expected(expectedRevision, head)) throw new WrongExpectedRevisionError(stream, expectedRevision, head ?? 'no_stream');
    if (held.pending.length === 0) this.written.push(stream);
    const recordedAt = this.now();
    events.forEach(({ id, type, data, metadata }, n) => {
      held.pending.push({ id, stream, revision: (head ?? -1n) + 1n + BigInt(n), position: 0n, type, data, metadata, recordedAt });
    });
    return { nextRevision: headOf(held) as bigint, position: 0n };
  }

  async *readStream(stream: string, options: ReadStreamOptions = {}): AsyncIterable<RecordedEvent> {
    const held = await this.hold(stream);
    const backwards = options.direction === 'backwards';
    const all = backwards ? [...held.read, ...held.pending].reverse() : [...held.read, ...held.pending];
    const from = options.fromRevision;
    const after = from === undefined ? all : all.filter((event) => (backwards ? event.revision <= from : event.revision >= from));
    yield* after.slice(0, options.maxCount ?? after.length);
  }

  /** Reads these streams, all at once (on SQL, a few hundred a query). */
  async prefetch(streams: Iterable<string>): Promise<void> {
    await Promise.all([...streams].map((stream) => this.hold(stream)));
  }

  /** Writes every stream appended to, each at the revision it was read at, and empties the buffer. */
  flush(): Promise<Flushed> {
    const [held, written] = [this.held, this.written];
    this.held = new Map();
    this.written = [];
    const flushed = this.write(held, written);
    this.handedOver = { held, flushed, kept: this.kept };
    return flushed;
  }

  /** The streams as the last `flush` left them and that write, for the buffer that goes on from here. */
  handOver(): HandedOver {
    if (!this.handedOver) throw new Error('Only a flushed buffer hands over its streams');
    return this.handedOver;
  }

  private async write(held: ReadonlyMap<string, Promise<Held>>, written: readonly string[]): Promise<Flushed> {
    const appends = await Promise.all(
      written.map(async (stream) => {
        const { read, pending } = await (held.get(stream) as Promise<Held>);
        const expectedRevision: ExpectedRevision = read.length === 0 ? 'no_stream' : read[read.length - 1].revision;
        return { stream, events: pending.map(({ id, type, data, metadata }) => ({ id, type, data, metadata })), expectedRevision };
      }),
    );
    if (this.earlier) {
      const before = await this.earlier.flushed;
      this.earlier = undefined;
      if (before.stale || [...this.taken].some((stream) => before.refused.has(stream))) return { refused: new Set(written), position: undefined, stale: true };
    }
    const outcomes = appends.length === 0 ? [] : await this.store.appendMany(appends);
    const refused = new Set<string>();
    let position: bigint | undefined;
    outcomes.forEach((outcome, n) => {
      if (outcome instanceof WrongExpectedRevisionError) refused.add(appends[n].stream);
      else if (position === undefined || outcome.position > position) position = outcome.position;
    });
    for (const [stream, streamHeld] of held) {
      if (refused.has(stream)) continue;
      const { read, pending } = await streamHeld;
      this.kept.set(stream, pending.length === 0 ? read : [...read, ...pending]);
    }
    return { refused, position };
  }

  /** The stream, read from the store the first time it is asked for (concurrent askers share the read). */
  private hold(stream: string): Promise<Held> {
    let held = this.held.get(stream);
    if (!held) {
      const carried = this.earlier?.held.get(stream);
      const kept = carried ? undefined : this.kept.get(stream);
      if (carried || kept) this.taken.add(stream);
      held = carried
        ? carried.then(({ read, pending }) => ({ read: [...read, ...pending], pending: [] }))
        : kept
          ? Promise.resolve({ read: kept, pending: [] })
          : this.load(stream);
      this.held.set(stream, held);
    }
    return held;
  }

  private async load(stream: string): Promise<Held> {
    const read: RecordedEvent[] = [];
    for await (const event of this.store.readStream(stream)) read.push(event);
    return { read, pending: [] };
  }
}

function headOf({ read, pending }: Held): bigint | undefined {
  const last = pending[pending.length - 1] ?? read[read.length - 1];
  return last?.revision;
}

function expected(expectedRevision: ExpectedRevision, head: bigint | undefined): boolean {
  switch (expectedRevision) {
    case 'any':
      return true;
    case 'no_stream':
      return head === undefined;
    case 'stream_exists':
      return head !== undefined;
    default:
      return expectedRevision === head;
  }
}
