import { randomUUID } from 'node:crypto';
import type { ServerWritableStream } from '@grpc/grpc-js';
import { ReadReq, ReadResp } from '@eventstore/db-client/generated/streams_pb';
import type { EventLog, StoredEvent } from './event-log';
import { filterOf, send, startIndex } from './read-events';

type ReadCall = ServerWritableStream<ReadReq, ReadResp>;

/** EventStoreDB's search window when a filter asks for `count` rather than a `max`. */
const DEFAULT_SEARCH_WINDOW = 32;

/**
 * A catch-up-then-live subscription to $all: a confirmation, every event after the start (a position is
 * exclusive, as on a real server), `caught_up`, then each append as it lands. A filtered subscription
 * also gets a checkpoint every `window × multiplier` events scanned, so a sparse filter still moves on.
 * Returns the function that ends the call cleanly (status OK), as a server dropping its subscribers does.
 */
export function subscribe(log: EventLog, call: ReadCall, options: ReadReq.Options): () => void {
  const matches = filterOf(options);
  const interval = checkpointInterval(options);
  let next = startIndex(log, options.getAll() as ReadReq.Options.AllOptions, false, 'exclusive');
  let scanned = 0;
  let sending = Promise.resolve();
  const open = () => !call.cancelled && !call.destroyed && !call.writableEnded;
  const pump = () => {
    sending = sending.then(async () => {
      const batch = log.all.slice(next);
      next += batch.length;
      for (const event of batch) {
        if (!open()) return;
        if (matches(event)) await send(call, [event]);
        scanned += 1;
        if (interval !== undefined && scanned % interval === 0) call.write(checkpoint(event));
      }
    });
  };
  const stop = () => log.appended.off('appended', pump);

  const confirmation = new ReadResp.SubscriptionConfirmation();
  confirmation.setSubscriptionId(randomUUID());
  call.write(new ReadResp().setConfirmation(confirmation));
  pump();
  sending = sending.then(() => {
    if (open()) call.write(new ReadResp().setCaughtUp(new ReadResp.CaughtUp()));
  });
  log.appended.on('appended', pump);
  call.on('cancelled', stop);
  call.on('close', stop);
  return () => {
    stop();
    // Ends after what is already queued, so a drop never cuts an event in half.
    void sending.then(() => open() && call.end());
  };
}

function checkpointInterval(options: ReadReq.Options): number | undefined {
  if (!options.hasFilter()) return undefined;
  const filter = options.getFilter() as ReadReq.Options.FilterOptions;
  const window = filter.hasMax() ? filter.getMax() : DEFAULT_SEARCH_WINDOW;
  return window * Math.max(1, filter.getCheckpointintervalmultiplier());
}

function checkpoint(event: StoredEvent): ReadResp {
  const reached = new ReadResp.Checkpoint();
  reached.setCommitPosition(event.position.toString());
  reached.setPreparePosition(event.position.toString());
  return new ReadResp().setCheckpoint(reached);
}
