import type { RecordedEvent } from '@club-ledger/event-store';

const NOT_READY = Symbol('not ready');

/**
 * Groups a subscription into batches: waits for one event, then takes every event that is already
 * at hand (up to `maxSize`), so catch-up runs in large batches and a lone live event is applied as soon
 * as it arrives. Under load (the last batch held more than one event), it also waits up to `lingerMs`
 * for each next event: the writers still on their way join this batch instead of the next one, and a
 * batch's fixed cost is paid by more of them.
 */
export async function* batches(feed: AsyncIterable<RecordedEvent>, maxSize: number, lingerMs = 0): AsyncGenerator<RecordedEvent[]> {
  const iterator = feed[Symbol.asyncIterator]();
  let pending = nextOf(iterator);
  let underLoad = false;
  for (;;) {
    const first = await pending;
    if (first.done) return;
    const batch = [first.value];
    pending = nextOf(iterator);
    while (batch.length < maxSize) {
      const next = await Promise.race([pending, underLoad && lingerMs > 0 ? after(lingerMs) : nextTurn()]);
      if (next === NOT_READY) break;
      if (next.done) {
        yield batch;
        return;
      }
      batch.push(next.value);
      pending = nextOf(iterator);
    }
    underLoad = batch.length > 1;
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

function after(ms: number): Promise<typeof NOT_READY> {
  return new Promise((resolve) => setTimeout(() => resolve(NOT_READY), ms));
}

function nextTurn(): Promise<typeof NOT_READY> {
  return new Promise((resolve) => setImmediate(() => resolve(NOT_READY)));
}
