import {
  ANY,
  BACKWARDS,
  END,
  EventStoreDBClient,
  FORWARDS,
  NO_STREAM,
  START,
  STREAM_EXISTS,
  StreamNotFoundError,
  eventTypeFilter,
  excludeSystemEvents,
  jsonEvent,
  streamNameFilter,
  type AppendExpectedRevision,
  type Filter,
  type JSONType,
  type StreamingRead,
} from '@eventstore/db-client';
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
import { WrongExpectedRevisionError } from '../event-store.errors';
import { toPortError } from './esdb-errors';
import { packPosition, unpackPosition } from './esdb-position';
import { toRecorded } from './esdb-recorded';
import { EsdbSubscription } from './esdb-subscription';

/** Enough appends in flight to keep the connection busy without queueing thousands of gRPC calls. */
const APPENDS_IN_FLIGHT = 64;

/** The EventStore port on EventStoreDB/KurrentDB, through `@eventstore/db-client`. */
export class EsdbEventStore implements EventStore {
  private constructor(private readonly client: EventStoreDBClient) {}

  static connect(connectionString: string): EsdbEventStore {
    return new EsdbEventStore(EventStoreDBClient.connectionString(connectionString));
  }

  async append(stream: string, events: NewEvent[], { expectedRevision }: AppendOptions): Promise<AppendResult> {
    if (events.length === 0) throw new Error('append needs at least one event');
    const proposed = events.map(({ id, type, data, metadata }) =>
      jsonEvent({ id, type, data: data as JSONType, metadata: metadata as JSONType }),
    );
    let result;
    try {
      result = await this.client.appendToStream(stream, proposed, {
        expectedRevision: toClientRevision(expectedRevision),
      });
    } catch (error) {
      throw toPortError(error);
    }
    const nextRevision = result.nextExpectedRevision;
    if (result.position) return { nextRevision, position: packPosition(result.position) };
    // A server may answer an idempotent retry without a position: the last event it reports has one.
    for await (const event of this.readStream(stream, { fromRevision: nextRevision, maxCount: 1 })) {
      return { nextRevision, position: event.position };
    }
    throw new Error(`EventStoreDB reported no position for the append to ${stream}`);
  }

  /** EventStoreDB appends one stream per call: the calls go out `APPENDS_IN_FLIGHT` at a time, in the order given. */
  async appendMany(appends: readonly StreamAppend[]): Promise<Array<AppendResult | WrongExpectedRevisionError>> {
    const outcomes: Array<AppendResult | WrongExpectedRevisionError> = [];
    for (let from = 0; from < appends.length; from += APPENDS_IN_FLIGHT) {
      const wave = appends.slice(from, from + APPENDS_IN_FLIGHT);
      const settled = await Promise.allSettled(wave.map(({ stream, events, expectedRevision }) => this.append(stream, events, { expectedRevision })));
      for (const outcome of settled) {
        if (outcome.status === 'fulfilled') outcomes.push(outcome.value);
        else if (outcome.reason instanceof WrongExpectedRevisionError) outcomes.push(outcome.reason);
        else throw outcome.reason;
      }
    }
    return outcomes;
  }

  async *readStream(stream: string, options: ReadStreamOptions = {}): AsyncIterable<RecordedEvent> {
    const backwards = options.direction === 'backwards';
    const read = this.client.readStream(stream, {
      direction: backwards ? BACKWARDS : FORWARDS,
      fromRevision: options.fromRevision ?? (backwards ? END : START),
      maxCount: options.maxCount,
    });
    try {
      for await (const resolved of read) {
        const event = toRecorded(resolved);
        if (event) yield event;
      }
    } catch (error) {
      if (error instanceof StreamNotFoundError) return;
      throw toPortError(error);
    } finally {
      await release(read);
    }
  }

  async *readAll(options: ReadAllOptions = {}): AsyncIterable<RecordedEvent> {
    // $all reads take no server-side filter in this client: filter here, and count what passes.
    let remaining = options.maxCount ?? Infinity;
    if (remaining <= 0) return;
    const read = this.client.readAll({
      direction: FORWARDS,
      fromPosition: options.fromPosition === undefined ? START : unpackPosition(options.fromPosition),
    });
    try {
      for await (const resolved of read) {
        const event = toRecorded(resolved);
        if (!event || !matchesFilter(event, options.filter)) continue;
        yield event;
        remaining -= 1;
        if (remaining === 0) return;
      }
    } catch (error) {
      throw toPortError(error);
    } finally {
      await release(read);
    }
  }

  subscribeToAll(options: SubscribeOptions = {}): Subscription {
    const filter = serverFilter(options.filter);
    return new EsdbSubscription(
      (after) =>
        this.client.subscribeToAll({ fromPosition: after === undefined ? START : unpackPosition(after), filter }),
      options.afterPosition,
      options.filter,
    );
  }

  async headPosition(): Promise<bigint> {
    for await (const event of this.readLast()) return event.position;
    return 0n;
  }

  async close(): Promise<void> {
    await this.client.dispose();
  }

  private async *readLast(): AsyncIterable<RecordedEvent> {
    const read = this.client.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: 1 });
    try {
      for await (const resolved of read) {
        const event = toRecorded(resolved);
        if (event) yield event;
      }
    } catch (error) {
      throw toPortError(error);
    } finally {
      await release(read);
    }
  }
}

/** Stops a read the caller left early: cancelling the gRPC call frees it, destroying the wrapper alone would not. */
async function release(read: StreamingRead<unknown>): Promise<void> {
  if (!read.readableEnded) await read.cancel();
  read.destroy();
}

function toClientRevision(expected: ExpectedRevision): AppendExpectedRevision {
  if (expected === 'any') return ANY;
  if (expected === 'no_stream') return NO_STREAM;
  if (expected === 'stream_exists') return STREAM_EXISTS;
  return expected;
}

/** The port's filter on the server, so sparse subscriptions are not shipped every event; `$` types are dropped here too. */
function serverFilter(filter: EventFilter | undefined): Filter {
  if (!filter) return excludeSystemEvents();
  if ('eventTypePrefixes' in filter) return eventTypeFilter({ prefixes: filter.eventTypePrefixes });
  return streamNameFilter({ prefixes: filter.streamPrefixes });
}
