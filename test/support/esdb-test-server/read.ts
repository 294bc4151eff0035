import { randomUUID } from 'node:crypto';
import type { ServerWritableStream } from '@grpc/grpc-js';
import { StreamIdentifier, UUID } from '@eventstore/db-client/generated/shared_pb';
import { ReadReq, ReadResp } from '@eventstore/db-client/generated/streams_pb';
import { streamName } from './append';
import type { EventLog, StoredEvent } from './event-log';

type ReadCall = ServerWritableStream<ReadReq, ReadResp>;

/** Streams.Read: a stream or $all, forwards or backwards, or a catch-up-then-live subscription to $all. */
export function handleRead(log: EventLog, subscriptions: Map<ReadCall, () => void>) {
  return (call: ReadCall): void => {
    const options = call.request.getOptions() as ReadReq.Options;
    const backwards = options.getReadDirection() === ReadReq.Options.ReadDirection.BACKWARDS;
    const count = options.getCount() ? Number(BigInt(options.getCount())) : Number.MAX_SAFE_INTEGER;
    if (options.hasStream()) {
      void readStream(log, call, options.getStream() as ReadReq.Options.StreamOptions, backwards, count);
    } else if (options.hasSubscription()) {
      subscribe(log, call, options, subscriptions);
    } else {
      const from = startIndex(log, options.getAll() as ReadReq.Options.AllOptions, backwards, 'inclusive');
      const events = backwards ? log.all.slice(0, from).reverse() : log.all.slice(from);
      void send(call, events.filter(filterOf(options)).slice(0, count)).then(() => call.end());
    }
  };
}

async function readStream(log: EventLog, call: ReadCall, options: ReadReq.Options.StreamOptions, backwards: boolean, count: number) {
  const name = streamName(options.getStreamIdentifier());
  const events = log.stream(name);
  if (!events) {
    const notFound = new ReadResp.StreamNotFound();
    notFound.setStreamIdentifier(options.getStreamIdentifier() as StreamIdentifier);
    call.write(new ReadResp().setStreamNotFound(notFound));
    call.end();
    return;
  }
  const last = events.length - 1;
  const from = options.hasRevision() ? Number(BigInt(options.getRevision())) : options.hasEnd() ? last : backwards ? last : 0;
  const selected = backwards ? events.slice(0, Math.min(from, last) + 1).reverse() : events.slice(from);
  await send(call, selected.slice(0, count));
  call.end();
}

function subscribe(log: EventLog, call: ReadCall, options: ReadReq.Options, subscriptions: Map<ReadCall, () => void>): void {
  const matches = filterOf(options);
  let next = startIndex(log, options.getAll() as ReadReq.Options.AllOptions, false, 'exclusive');
  let sending = Promise.resolve();
  const pump = () => {
    sending = sending.then(async () => {
      const batch = log.all.slice(next);
      next += batch.length;
      await send(call, batch.filter(matches));
    });
  };
  const confirmation = new ReadResp.SubscriptionConfirmation();
  confirmation.setSubscriptionId(randomUUID());
  call.write(new ReadResp().setConfirmation(confirmation));
  pump();
  sending = sending.then(() => {
    call.write(new ReadResp().setCaughtUp(new ReadResp.CaughtUp()));
  });
  log.appended.on('appended', pump);
  const stop = () => {
    log.appended.off('appended', pump);
    subscriptions.delete(call);
  };
  subscriptions.set(call, stop);
  call.on('cancelled', stop);
  call.on('close', stop);
}

/** Index into the log where a read starts: a position is inclusive for reads and exclusive for subscriptions. */
function startIndex(log: EventLog, options: ReadReq.Options.AllOptions, backwards: boolean, bound: 'inclusive' | 'exclusive'): number {
  if (options.hasStart()) return 0;
  if (options.hasEnd()) return log.all.length;
  const position = BigInt((options.getPosition() as ReadReq.Options.Position).getCommitPosition());
  const index = log.all.findIndex((event) => (bound === 'inclusive' ? event.position >= position : event.position > position));
  if (backwards) return index === -1 ? log.all.length : index + (bound === 'inclusive' ? 1 : 0);
  return index === -1 ? log.all.length : index;
}

function filterOf(options: ReadReq.Options): (event: StoredEvent) => boolean {
  if (!options.hasFilter()) return () => true;
  const filter = options.getFilter() as ReadReq.Options.FilterOptions;
  const onType = filter.hasEventType();
  const expression = (onType ? filter.getEventType() : filter.getStreamIdentifier()) as ReadReq.Options.FilterOptions.Expression;
  const prefixes = expression.getPrefixList();
  const regex = expression.getRegex() ? new RegExp(expression.getRegex()) : undefined;
  return (event) => {
    const subject = onType ? event.type : event.stream;
    return prefixes.length > 0 ? prefixes.some((prefix) => subject.startsWith(prefix)) : (regex?.test(subject) ?? true);
  };
}

/** Writes events, waiting for the client to drain when gRPC's buffer is full. */
async function send(call: ReadCall, events: StoredEvent[]): Promise<void> {
  for (const event of events) {
    if (call.cancelled || call.destroyed || call.writableEnded) return;
    if (!call.write(new ReadResp().setEvent(readEvent(event)))) await new Promise((resolve) => call.once('drain', resolve));
  }
}

function readEvent(event: StoredEvent): ReadResp.ReadEvent {
  const identifier = new StreamIdentifier();
  identifier.setStreamName(Buffer.from(event.stream, 'utf8'));
  const id = new UUID();
  id.setString(event.id);
  const recorded = new ReadResp.ReadEvent.RecordedEvent();
  recorded.setId(id);
  recorded.setStreamIdentifier(identifier);
  recorded.setStreamRevision(event.revision.toString());
  recorded.setCommitPosition(event.position.toString());
  recorded.setPreparePosition(event.position.toString());
  recorded.getMetadataMap().set('type', event.type);
  recorded.getMetadataMap().set('content-type', event.contentType);
  recorded.getMetadataMap().set('created', event.created.toString());
  recorded.setCustomMetadata(event.customMetadata);
  recorded.setData(event.data);
  const read = new ReadResp.ReadEvent();
  read.setEvent(recorded);
  read.setCommitPosition(event.position.toString());
  return read;
}
