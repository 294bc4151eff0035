import { startEsdbTestServer, type EsdbTestServer } from '@club-ledger/test-support';
import { EventStoreUnavailableError, WrongExpectedRevisionError } from '../event-store.errors';
import { newEvent, numbered, runEventStoreContract, take } from '../testing/event-store.contract';
import { EsdbEventStore } from './esdb-event-store';

let server: EsdbTestServer | undefined;
const testServer = async () => (server ??= await startEsdbTestServer());
afterAll(async () => server?.stop());

runEventStoreContract({
  name: 'EventStoreDB test server (gRPC)',
  open: async () => EsdbEventStore.connect((await testServer()).connectionString),
});

const connectionString = process.env.EVENTSTORE_CONNECTION_STRING;
if (connectionString) {
  runEventStoreContract({ name: 'EventStoreDB', open: async () => EsdbEventStore.connect(connectionString) });
} else {
  it('runs the contract on a real EventStoreDB only when EVENTSTORE_CONNECTION_STRING is set', () => {
    process.stdout.write('event store contract: EventStoreDB skipped for want of EVENTSTORE_CONNECTION_STRING\n');
    expect(connectionString).toBeUndefined();
  });
}

describe('EsdbEventStore over the wire', () => {
  jest.setTimeout(30_000);

  it('treats a subscription the server simply ends as a drop and resumes after the last event', async () => {
    const running = await testServer();
    const store = EsdbEventStore.connect(running.connectionString);
    const stream = `drop-${Date.now()}`;
    const before = numbered(3);
    await store.append(stream, before, { expectedRevision: 'no_stream' });
    const subscription = store.subscribeToAll({ filter: { streamPrefixes: [stream] } });
    try {
      expect((await take(subscription, 3)).map((e) => e.id)).toEqual(before.map((e) => e.id));
      running.dropSubscriptions();
      const after = numbered(2);
      await store.append(stream, after, { expectedRevision: 2n });
      expect((await take(subscription, 2)).map((e) => e.id)).toEqual(after.map((e) => e.id));
    } finally {
      await subscription.close();
      await store.close();
    }
  });

  it('ends an iteration waiting for the next event as soon as the subscription is closed', async () => {
    const store = EsdbEventStore.connect((await testServer()).connectionString);
    const subscription = store.subscribeToAll({ filter: { streamPrefixes: [`idle-${Date.now()}`] } });
    try {
      const waiting = subscription[Symbol.asyncIterator]().next();
      await new Promise((resolve) => setTimeout(resolve, 100));
      // No event will come for this filter: only close() can end the pending next(); a hang fails by timeout.
      await subscription.close();
      await expect(waiting).resolves.toEqual({ done: true, value: undefined });
    } finally {
      await store.close();
    }
  });

  it('delivers the events of a sparse filter past many unrelated ones, with the server checkpointing between', async () => {
    const store = EsdbEventStore.connect((await testServer()).connectionString);
    const stream = `sparse-${Date.now()}`;
    const subscription = store.subscribeToAll({ filter: { eventTypePrefixes: [`Rare${stream}`] } });
    try {
      await store.append(`${stream}-noise`, numbered(100, 'Noise'), { expectedRevision: 'no_stream' });
      const rare = newEvent(`Rare${stream}`);
      await store.append(stream, [rare], { expectedRevision: 'no_stream' });
      expect((await take(subscription, 1)).map((e) => e.id)).toEqual([rare.id]);
    } finally {
      await subscription.close();
      await store.close();
    }
  });

  it('maps a stale expected revision to WrongExpectedRevisionError', async () => {
    const store = EsdbEventStore.connect((await testServer()).connectionString);
    const stream = `stale-${Date.now()}`;
    await store.append(stream, [newEvent()], { expectedRevision: 'no_stream' });
    await expect(store.append(stream, [newEvent()], { expectedRevision: 5n })).rejects.toMatchObject({
      constructor: WrongExpectedRevisionError,
      stream,
      expected: 5n,
      actual: 0n,
    });
    await store.close();
  });

  it('maps an unreachable server to EventStoreUnavailableError', async () => {
    const gone = await startEsdbTestServer();
    await gone.stop();
    const store = EsdbEventStore.connect(gone.connectionString);
    await expect(store.append('any-stream', [newEvent()], { expectedRevision: 'any' })).rejects.toBeInstanceOf(
      EventStoreUnavailableError,
    );
    await store.close();
  });
});
