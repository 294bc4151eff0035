import type { RecordedEvent } from '@club-ledger/event-store';

const NOT_READY = Symbol('not ready');

/**
 * Groups a subscription into batches: waits for one event, then takes every event that is already
 * at hand (up to `maxSize`) without waiting for more, so catch-up runs in large batches and live
 * events are applied as soon as they arrive.
 */
export async function* batches(feed: AsyncIterable<RecordedEvent>, maxSize: number): AsyncGenerator<RecordedEvent[]> {
  const iterator = feed[Symbol.asyncIterator]();
  let pending = nextOf(iterator);
  for (;;) {
    const first = await pending;
    if (first.done) return;
    const batch = [first.value];
    pending = nextOf(iterator);
    while (batch.length < maxSize) {
      const next = await Promise.race([pending, nextTurn()]);
      if (next === NOT_READY) break;
      if (next.done) {
        yield batch;
        return;
      }
      batch.push(next.value);
      pending = nextOf(iterator);
    }
    yield batch;
  }
}

/**
 * The next event, marked as observed: a batch can be yielded while this read is still out, and a consumer
 * that stops then (a stop, a lost lock) never awaits it, so its failure must not become an unhandled rejection.
 */
function nextOf(iterator: AsyncIterator<RecordedEvent>): Promise<IteratorResult<RecordedEvent>> {
  const next = iterator.next();
  next.catch(() => undefined);
  return next;
}

function nextTurn(): Promise<typeof NOT_READY> {
  return new Promise((resolve) => setImmediate(() => resolve(NOT_READY)));
}
