import { randomUUID } from 'node:crypto';
import { WrongExpectedRevisionError } from '../event-store.errors';
import type { EventFilter, EventStore, NewEvent, RecordedEvent, Subscription } from '../event-store.port';

/**
 * The behaviour every EventStore adapter must have. Tests never assume an empty store: each works in
 * streams of its own (a fresh prefix) so the suite also runs against a long-lived EventStoreDB.
 */
export interface ContractTarget {
  name: string;
  open(): Promise<EventStore>;
}

const WAIT_MS = 15_000;

export function newEvent(type = 'ThingHappened', data: unknown = {}): NewEvent {
  return {
    id: randomUUID(),
    type,
    data,
    metadata: {
      actor: 'contract-suite',
      correlationId: randomUUID(),
      causationId: randomUUID(),
      occurredAt: '2026-03-01T12:00:00.000Z',
    },
  };
}

export function numbered(count: number, type = 'ThingHappened'): NewEvent[] {
  return Array.from({ length: count }, (_, n) => newEvent(type, { n }));
}

export async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

const iterators = new WeakMap<Subscription, AsyncIterator<RecordedEvent>>();

/** Takes the next `count` events from a subscription, failing clearly instead of hanging. */
export async function take(subscription: Subscription, count: number): Promise<RecordedEvent[]> {
  const seen: RecordedEvent[] = [];
  if (count === 0) return seen;
  const iterator = iterators.get(subscription) ?? subscription[Symbol.asyncIterator]();
  iterators.set(subscription, iterator);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`subscription gave ${seen.length} of ${count} events`)), WAIT_MS);
  });
  try {
    while (seen.length < count) {
      const next = await Promise.race([iterator.next(), timeout]);
      if (next.done) throw new Error(`subscription completed after ${seen.length} of ${count} events`);
      seen.push(next.value);
    }
    return seen;
  } finally {
    clearTimeout(timer);
  }
}

export function runEventStoreContract(target: ContractTarget): void {
  describe(`EventStore contract on ${target.name}`, () => {
    jest.setTimeout(30_000);
    let store: EventStore;
    let prefix: string;
    const stream = (name: string) => `${prefix}${name}-${randomUUID().slice(0, 8)}`;
    const only = (): EventFilter => ({ streamPrefixes: [prefix] });

    beforeAll(async () => {
      store = await target.open();
      process.stdout.write(`event store contract: running against ${target.name}\n`);
    });
    afterAll(async () => store?.close());
    beforeEach(() => {
      prefix = `ct${randomUUID().replace(/-/g, '').slice(0, 12)}`;
    });

    describe('appending and reading a stream', () => {
      it('appends to a new stream and reads back every field', async () => {
        const name = stream('thing');
        const events = [newEvent('ThingCreated', { a: 1 }), newEvent('ThingRenamed', { name: 'x' })];
        const result = await store.append(name, events, { expectedRevision: 'no_stream' });
        expect(result.nextRevision).toBe(1n);

        const read = await collect(store.readStream(name));
        expect(read.map((e) => [e.id, e.type, e.revision, e.stream])).toEqual([
          [events[0].id, 'ThingCreated', 0n, name],
          [events[1].id, 'ThingRenamed', 1n, name],
        ]);
        expect(read[0].data).toEqual({ a: 1 });
        expect(read[1].metadata).toEqual(events[1].metadata);
        expect(read[0].recordedAt).toBeInstanceOf(Date);
        expect(read[1].position).toBeGreaterThan(read[0].position);
        expect(result.position).toBe(read[1].position);
      });

      it('reads a stream that does not exist as empty', async () => {
        expect(await collect(store.readStream(stream('missing')))).toEqual([]);
      });

      it('reads backwards, from a revision, and up to a count', async () => {
        const name = stream('paged');
        await store.append(name, numbered(5), { expectedRevision: 'no_stream' });
        const revisions = async (options: Parameters<EventStore['readStream']>[1]) =>
          (await collect(store.readStream(name, options))).map((e) => e.revision);

        expect(await revisions({ direction: 'backwards' })).toEqual([4n, 3n, 2n, 1n, 0n]);
        expect(await revisions({ fromRevision: 2n })).toEqual([2n, 3n, 4n]);
        expect(await revisions({ direction: 'backwards', fromRevision: 2n })).toEqual([2n, 1n, 0n]);
        expect(await revisions({ direction: 'backwards', maxCount: 1 })).toEqual([4n]);
        expect(await revisions({ fromRevision: 1n, maxCount: 2 })).toEqual([1n, 2n]);
      });
    });

    describe('expected revisions', () => {
      it('rejects no_stream on an existing stream and writes nothing', async () => {
        const name = stream('exists');
        await store.append(name, [newEvent()], { expectedRevision: 'no_stream' });
        await expect(store.append(name, [newEvent()], { expectedRevision: 'no_stream' })).rejects.toBeInstanceOf(
          WrongExpectedRevisionError,
        );
        expect(await collect(store.readStream(name))).toHaveLength(1);
      });

      it('rejects stream_exists on a missing stream and writes nothing', async () => {
        const name = stream('absent');
        await expect(store.append(name, [newEvent()], { expectedRevision: 'stream_exists' })).rejects.toBeInstanceOf(
          WrongExpectedRevisionError,
        );
        expect(await collect(store.readStream(name))).toEqual([]);
      });

      it('accepts the exact revision and rejects a stale one', async () => {
        const name = stream('exact');
        await store.append(name, numbered(2), { expectedRevision: 'no_stream' });
        const stale = store.append(name, [newEvent()], { expectedRevision: 0n });
        await expect(stale).rejects.toMatchObject({ code: 'WRONG_EXPECTED_REVISION', stream: name });
        await expect(store.append(name, [newEvent()], { expectedRevision: 1n })).resolves.toMatchObject({
          nextRevision: 2n,
        });
        await expect(store.append(name, [newEvent()], { expectedRevision: 'stream_exists' })).resolves.toMatchObject({
          nextRevision: 3n,
        });
        await expect(store.append(name, [newEvent()], { expectedRevision: 'any' })).resolves.toMatchObject({
          nextRevision: 4n,
        });
      });

      it('lets exactly one of two writers at the same revision win', async () => {
        const name = stream('race');
        await store.append(name, [newEvent()], { expectedRevision: 'no_stream' });
        const results = await Promise.allSettled([
          store.append(name, [newEvent('A')], { expectedRevision: 0n }),
          store.append(name, [newEvent('B')], { expectedRevision: 0n }),
        ]);
        expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
        const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
        expect(rejected.reason).toBeInstanceOf(WrongExpectedRevisionError);
        expect(await collect(store.readStream(name))).toHaveLength(2);
      });
      it('decides each of a burst of concurrent appends as if it ran alone', async () => {
        const [raced, fresh, retried] = [stream('burst-raced'), stream('burst-fresh'), stream('burst-retried')];
        await store.append(raced, [newEvent()], { expectedRevision: 'no_stream' });
        const retry = numbered(2);
        const results = await Promise.allSettled([
          ...Array.from({ length: 10 }, (_, n) => store.append(`${fresh}-${n}`, numbered(2), { expectedRevision: 'no_stream' })),
          store.append(raced, [newEvent('A')], { expectedRevision: 0n }),
          store.append(raced, [newEvent('B')], { expectedRevision: 0n }),
          store.append(retried, retry, { expectedRevision: 'no_stream' }),
          store.append(retried, retry, { expectedRevision: 'no_stream' }),
          store.append(raced, [newEvent('C')], { expectedRevision: 'any' }),
        ]);
        const fulfilled = results.map((result) => result.status === 'fulfilled');
        expect(fulfilled.slice(0, 10)).toEqual(Array(10).fill(true));
        expect(fulfilled.slice(10, 12).filter(Boolean)).toHaveLength(1);
        const lost = results.slice(10, 12).find((result) => result.status === 'rejected') as PromiseRejectedResult;
        expect(lost.reason).toBeInstanceOf(WrongExpectedRevisionError);
        expect(fulfilled[14]).toBe(true);
        expect((await collect(store.readStream(raced))).map((event) => event.type).slice(2)).toEqual(['C']);
        // A retry racing its first attempt ends with the events stored once, whichever way it is answered.
        expect(await collect(store.readStream(retried))).toHaveLength(2);
        for (let n = 0; n < 10; n++) expect(await collect(store.readStream(`${fresh}-${n}`))).toHaveLength(2);
      });
    });

    describe('appending to many streams at once', () => {
      it('appends each stream at its expected revision, refusing only a stale one', async () => {
        const [kept, stale, fresh] = [stream('many-kept'), stream('many-stale'), stream('many-fresh')];
        await store.append(kept, [newEvent()], { expectedRevision: 'no_stream' });
        await store.append(stale, numbered(2), { expectedRevision: 'no_stream' });
        const outcomes = await store.appendMany([
          { stream: kept, events: numbered(2), expectedRevision: 0n },
          { stream: stale, events: [newEvent('Late')], expectedRevision: 0n },
          ...Array.from({ length: 200 }, (_, n) => ({ stream: `${fresh}-${n}`, events: numbered(3), expectedRevision: 'no_stream' as const })),
        ]);
        expect(outcomes[1]).toBeInstanceOf(WrongExpectedRevisionError);
        const appended = outcomes.filter((outcome) => !(outcome instanceof WrongExpectedRevisionError));
        expect(appended.map((outcome) => 'nextRevision' in outcome && outcome.nextRevision)).toEqual(Array(201).fill(2n));
        expect(new Set(appended.map((outcome) => 'position' in outcome && outcome.position)).size).toBe(201);
        expect((await collect(store.readStream(stale))).map((event) => event.type)).toEqual(['ThingHappened', 'ThingHappened']);
        expect(await collect(store.readStream(kept))).toHaveLength(3);
        for (let n = 0; n < 200; n++) expect((await collect(store.readStream(`${fresh}-${n}`))).map((event) => event.revision)).toEqual([0n, 1n, 2n]);
      });

      it('answers a retried append with its first result and appends nothing', async () => {
        const name = stream('many-retried');
        const events = numbered(2);
        const [first] = await store.appendMany([{ stream: name, events, expectedRevision: 'no_stream' }]);
        const [again] = await store.appendMany([{ stream: name, events, expectedRevision: 'no_stream' }]);
        expect(again).toEqual(first);
        expect(await collect(store.readStream(name))).toHaveLength(2);
      });
    });

    describe('idempotent appends', () => {
      it('appends nothing when the same events are appended again at the same revision', async () => {
        const name = stream('retry');
        const events = numbered(3);
        const first = await store.append(name, events, { expectedRevision: 'no_stream' });
        const again = await store.append(name, events, { expectedRevision: 'no_stream' });
        expect(again).toEqual(first);
        expect(await collect(store.readStream(name))).toHaveLength(3);
      });

      it('reports the first result for a retry after the stream moved on', async () => {
        const name = stream('moved');
        await store.append(name, [newEvent()], { expectedRevision: 'no_stream' });
        const batch = numbered(2);
        const first = await store.append(name, batch, { expectedRevision: 0n });
        await store.append(name, [newEvent()], { expectedRevision: 2n });
        const again = await store.append(name, batch, { expectedRevision: 0n });
        expect(again).toEqual(first);
        expect(await collect(store.readStream(name))).toHaveLength(4);
      });
    });

    describe('the global feed', () => {
      it('orders events of every stream by position, as appended', async () => {
        const [a, b] = [stream('a'), stream('b')];
        const appended: string[] = [];
        for (let round = 0; round < 3; round += 1) {
          for (const name of [a, b]) {
            const event = newEvent();
            appended.push(event.id);
            await store.append(name, [event], { expectedRevision: 'any' });
          }
        }
        const feed = await collect(store.readAll({ filter: only() }));
        expect(feed.map((e) => e.id)).toEqual(appended);
        for (let i = 1; i < feed.length; i += 1) expect(feed[i].position).toBeGreaterThan(feed[i - 1].position);
      });

      it('reads from a position inclusively and up to a count', async () => {
        const name = stream('from');
        await store.append(name, numbered(4), { expectedRevision: 'no_stream' });
        const all = await collect(store.readAll({ filter: only() }));
        const from = await collect(store.readAll({ fromPosition: all[1].position, filter: only() }));
        expect(from.map((e) => e.id)).toEqual(all.slice(1).map((e) => e.id));
        const two = await collect(store.readAll({ fromPosition: all[1].position, filter: only(), maxCount: 2 }));
        expect(two.map((e) => e.id)).toEqual(all.slice(1, 3).map((e) => e.id));
      });

      it('filters by event type prefix and by stream prefix, and never yields system events', async () => {
        const name = stream('mixed');
        await store.append(name, [newEvent('OrderPlaced'), newEvent('$SystemNote'), newEvent('InvoiceSent')], {
          expectedRevision: 'no_stream',
        });
        await store.append(`other${prefix}`, [newEvent('OrderPlaced')], { expectedRevision: 'no_stream' });

        const byStream = await collect(store.readAll({ filter: only() }));
        expect(byStream.map((e) => e.type)).toEqual(['OrderPlaced', 'InvoiceSent']);

        const head = byStream[0].position;
        const byType = await collect(store.readAll({ fromPosition: head, filter: { eventTypePrefixes: ['Order'] } }));
        expect(byType.filter((e) => e.stream.includes(prefix)).map((e) => e.stream)).toEqual([name, `other${prefix}`]);
        expect(byType.every((e) => e.type.startsWith('Order'))).toBe(true);
      });

      it('reports the head of the feed', async () => {
        const result = await store.append(stream('head'), [newEvent()], { expectedRevision: 'no_stream' });
        expect(await store.headPosition()).toBeGreaterThanOrEqual(result.position);
      });
    });

    describe('subscriptions', () => {
      it('starts after the checkpoint it is given (exclusive), catches up, then goes live', async () => {
        const name = stream('live');
        await store.append(name, numbered(3), { expectedRevision: 'no_stream' });
        const past = await collect(store.readAll({ filter: only() }));

        const subscription = store.subscribeToAll({ afterPosition: past[0].position, filter: only() });
        try {
          const caughtUp = await take(subscription, 2);
          expect(caughtUp.map((e) => e.id)).toEqual(past.slice(1).map((e) => e.id));

          const live = numbered(2, 'LiveThing');
          await store.append(name, live, { expectedRevision: 2n });
          const received = await take(subscription, 2);
          expect(received.map((e) => e.id)).toEqual(live.map((e) => e.id));
        } finally {
          await subscription.close();
        }
      });

      it('skips system events and events outside its filter', async () => {
        const name = stream('subfilter');
        const marker = await store.append(name, [newEvent('Marker')], { expectedRevision: 'no_stream' });
        const wanted = newEvent('Wanted');
        await store.append(name, [newEvent('$Internal'), newEvent('Unwanted'), wanted], { expectedRevision: 0n });
        const subscription = store.subscribeToAll({
          afterPosition: marker.position,
          filter: { eventTypePrefixes: ['Want'] },
        });
        try {
          const [first] = await take(subscription, 1);
          expect(first.id).toBe(wanted.id);
        } finally {
          await subscription.close();
        }
      });

      it('resumes from the last checkpoint after a drop with no gap and no duplicate', async () => {
        const name = stream('resume');
        const events = numbered(6);
        await store.append(name, events, { expectedRevision: 'no_stream' });

        const first = store.subscribeToAll({ filter: only() });
        const before = await take(first, 2);
        await first.close();

        const resumed = store.subscribeToAll({ afterPosition: before[1].position, filter: only() });
        try {
          const after = await take(resumed, 4);
          expect([...before, ...after].map((e) => e.id)).toEqual(events.map((e) => e.id));
        } finally {
          await resumed.close();
        }
      });

      it('never skips an event committed by one of many concurrent writers', async () => {
        const writers = 8;
        const appendsPerWriter = 25;
        const total = writers * appendsPerWriter;
        const subscription = store.subscribeToAll({ filter: only() });
        try {
          const seen = take(subscription, total);
          seen.catch(() => undefined); // awaited below, after the writers
          await Promise.all(
            Array.from({ length: writers }, async (_, writer) => {
              for (let n = 0; n < appendsPerWriter; n += 1) {
                await store.append(stream(`w${writer}`), [newEvent('Written', { writer, n })], {
                  expectedRevision: 'no_stream',
                });
              }
            }),
          );
          const delivered = await seen;
          const full = await collect(store.readAll({ filter: only() }));
          expect(full).toHaveLength(total);
          expect(delivered.map((e) => e.id)).toEqual(full.map((e) => e.id));
        } finally {
          await subscription.close();
        }
      });
    });

    describe('large streams', () => {
      const size = 10_000;
      let name: string;

      beforeAll(async () => {
        prefix = `ctlarge${randomUUID().slice(0, 8)}`;
        name = stream('large');
        for (let offset = 0; offset < size; offset += 1_000) {
          const batch = Array.from({ length: 1_000 }, (_, n) => newEvent('Bulk', { n: offset + n }));
          await store.append(name, batch, { expectedRevision: offset === 0 ? 'no_stream' : BigInt(offset - 1) });
        }
      }, 120_000);

      it('reads 10,000 events forwards and backwards in order, one page at a time', async () => {
        let expected = 0n;
        for await (const event of store.readStream(name)) {
          expect(event.revision).toBe(expected);
          expected += 1n;
        }
        expect(expected).toBe(BigInt(size));

        let backwards = BigInt(size);
        for await (const event of store.readStream(name, { direction: 'backwards' })) {
          backwards -= 1n;
          expect(event.revision).toBe(backwards);
        }
        expect(backwards).toBe(0n);
      }, 120_000);

      it('stops reading when the reader stops early', async () => {
        const firstTen: bigint[] = [];
        for await (const event of store.readStream(name)) {
          firstTen.push(event.revision);
          if (firstTen.length === 10) break;
        }
        expect(firstTen).toEqual(Array.from({ length: 10 }, (_, n) => BigInt(n)));
        const feed: RecordedEvent[] = [];
        for await (const event of store.readAll({ filter: { streamPrefixes: [name] } })) {
          feed.push(event);
          if (feed.length === 3) break;
        }
        expect(feed.map((e) => e.revision)).toEqual([0n, 1n, 2n]);
      }, 60_000);
    });
  });
}
