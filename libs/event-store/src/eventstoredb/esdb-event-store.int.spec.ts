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
