import type { ServerWritableStream } from '@grpc/grpc-js';
import type { StreamIdentifier } from '@eventstore/db-client/generated/shared_pb';
import { ReadReq, ReadResp } from '@eventstore/db-client/generated/streams_pb';
import { streamName } from './append';
import type { EventLog } from './event-log';
import { filterOf, send, startIndex } from './read-events';
import { subscribe } from './subscribe';

type ReadCall = ServerWritableStream<ReadReq, ReadResp>;

/**
 * Streams.Read: a stream or $all, forwards or backwards, or a catch-up-then-live subscription to $all.
 * `subscriptions` holds, for each open subscription call, the function that ends it cleanly.
 */
export function handleRead(log: EventLog, subscriptions: Set<() => void>) {
  return (call: ReadCall): void => {
    const options = call.request.getOptions() as ReadReq.Options;
    if (options.hasSubscription()) {
      const end = subscribe(log, call, options);
      subscriptions.add(end);
      call.on('close', () => subscriptions.delete(end));
      return;
    }
    const backwards = options.getReadDirection() === ReadReq.Options.ReadDirection.BACKWARDS;
    const count = Number(BigInt(options.getCount()));
    if (options.hasStream()) {
      void readStream(log, call, options.getStream() as ReadReq.Options.StreamOptions, backwards, count);
      return;
    }
    const from = startIndex(log, options.getAll() as ReadReq.Options.AllOptions, backwards, 'inclusive');
    const events = backwards ? log.all.slice(0, from).reverse() : log.all.slice(from);
    void send(call, events.filter(filterOf(options)).slice(0, count)).then(() => call.end());
  };
}

async function readStream(
  log: EventLog,
  call: ReadCall,
  options: ReadReq.Options.StreamOptions,
  backwards: boolean,
  count: number,
): Promise<void> {
  const events = log.stream(streamName(options.getStreamIdentifier()));
  if (!events) {
    const notFound = new ReadResp.StreamNotFound();
    notFound.setStreamIdentifier(options.getStreamIdentifier() as StreamIdentifier);
    call.write(new ReadResp().setStreamNotFound(notFound));
    call.end();
    return;
  }
  const last = events.length - 1;
  const revision = options.hasRevision() ? Number(BigInt(options.getRevision())) : undefined;
  // Forwards from the end reads nothing, as on a real server.
  const selected = backwards
    ? events.slice(0, Math.min(revision ?? last, last) + 1).reverse()
    : options.hasEnd()
      ? []
      : events.slice(revision ?? 0);
  await send(call, selected.slice(0, count));
  call.end();
}
