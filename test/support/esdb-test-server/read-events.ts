import type { ServerWritableStream } from '@grpc/grpc-js';
import { StreamIdentifier, UUID } from '@eventstore/db-client/generated/shared_pb';
import { ReadReq, ReadResp } from '@eventstore/db-client/generated/streams_pb';
import type { EventLog, StoredEvent } from './event-log';

type ReadCall = ServerWritableStream<ReadReq, ReadResp>;

/** Index into the log where a $all read starts: a position is inclusive for reads and exclusive for subscriptions. */
export function startIndex(
  log: EventLog,
  options: ReadReq.Options.AllOptions,
  backwards: boolean,
  bound: 'inclusive' | 'exclusive',
): number {
  if (options.hasStart()) return 0;
  if (options.hasEnd()) return log.all.length;
  const position = BigInt((options.getPosition() as ReadReq.Options.Position).getCommitPosition());
  const index = log.all.findIndex((event) => (bound === 'inclusive' ? event.position >= position : event.position > position));
  if (index === -1) return log.all.length;
  return backwards && bound === 'inclusive' && log.all[index].position === position ? index + 1 : index;
}

/** The server-side filter on event type or stream name, by prefixes or by a regular expression. */
export function filterOf(options: ReadReq.Options): (event: StoredEvent) => boolean {
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

/** Writes events, waiting for the client to drain when gRPC's buffer is full; stops if the call went away. */
export async function send(call: ReadCall, events: StoredEvent[]): Promise<void> {
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
