import { WrongExpectedRevisionError } from './event-store.errors';
import type { AppendOptions, AppendResult, EventStore, ExpectedRevision, NewEvent, ReadStreamOptions, RecordedEvent } from './event-store.port';

/** The part of the store that deciding a command needs: its streams. */
export type StreamStore = Pick<EventStore, 'append' | 'readStream'>;

interface Held {
  /** The stream as the store had it when first read, in revision order. */
  read: RecordedEvent[];
  /** Appended here since, not yet written to the store. */
  pending: RecordedEvent[];
}

/** What `flush` wrote: the streams another writer moved meanwhile, and the last position written. */
export interface Flushed {
  refused: Set<string>;
  position: bigint | undefined;
}

/**
 * Streams read from the store once and then written in memory: a bulk import decides many commands on the
 * same aggregates (a deal and its credits) one after the other, then writes them all at once. A read is answered
 * from what the store had plus this buffer's own appends; an append is checked against the same and kept;
 * `flush` appends every stream at the revision it was read at, so a stream another writer moved meanwhile is
 * refused as a whole and nothing of it is written. Appended events carry no position until flushed (0n).
 */
export class BufferedStreams implements StreamStore {
  private readonly held = new Map<string, Promise<Held>>();
  /** Streams in the order of their first append here: the order they are written in. */
  private readonly written: string[] = [];

  constructor(
    private readonly store: EventStore,
    private readonly now: () => Date = () => new Date(),
  ) {}

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
  async flush(): Promise<Flushed> {
    const appends = await Promise.all(
      this.written.map(async (stream) => {
        const { read, pending } = await this.hold(stream);
        const expectedRevision: ExpectedRevision = read.length === 0 ? 'no_stream' : read[read.length - 1].revision;
        return { stream, events: pending.map(({ id, type, data, metadata }) => ({ id, type, data, metadata })), expectedRevision };
      }),
    );
    this.held.clear();
    this.written.length = 0;
    const outcomes = appends.length === 0 ? [] : await this.store.appendMany(appends);
    const refused = new Set<string>();
    let position: bigint | undefined;
    outcomes.forEach((outcome, n) => {
      if (outcome instanceof WrongExpectedRevisionError) refused.add(appends[n].stream);
      else if (position === undefined || outcome.position > position) position = outcome.position;
    });
    return { refused, position };
  }

  /** The stream, read from the store the first time it is asked for (concurrent askers share the read). */
  private hold(stream: string): Promise<Held> {
    let held = this.held.get(stream);
    if (!held) {
      held = this.load(stream);
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
