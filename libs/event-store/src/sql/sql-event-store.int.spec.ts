import { randomUUID } from 'node:crypto';
import { PgliteClient, PostgresClient } from '@club-ledger/kernel';
import { FaultySql, pgliteFolder, sqlEngines } from '@club-ledger/test-support';
import { WrongExpectedRevisionError } from '../event-store.errors';
import { collect, numbered, runEventStoreContract, take } from '../testing/event-store.contract';
import { SqlEventStore } from './sql-event-store';

runEventStoreContract({
  name: 'PGlite',
  open: async () => SqlEventStore.open(await PgliteClient.open(pgliteFolder('events'))),
});

const databaseUrl = process.env.DATABASE_URL;
if (databaseUrl) {
  runEventStoreContract({
    name: 'PostgreSQL',
    open: async () =>
      SqlEventStore.open(await PostgresClient.open(databaseUrl, { schema: `es_${randomUUID().slice(0, 8)}` })),
  });

  describe('SqlEventStore on PostgreSQL with a writer in another process', () => {
    it("hears the other process's append when it commits, not at its next poll", async () => {
      const schema = `es_${randomUUID().slice(0, 8)}`;
      const writerSql = await PostgresClient.open(databaseUrl, { schema });
      const readerSql = await PostgresClient.open(databaseUrl, { schema });
      const writer = await SqlEventStore.open(writerSql);
      // A poll that never comes within the test: only the announcement can wake the subscriber.
      const reader = await SqlEventStore.open(readerSql, { pollIntervalMs: 3_600_000 });
      const subscription = reader.subscribeToAll();
      try {
        const seen = take(subscription, 3);
        // The subscriber has read the empty feed and is idle before anything is appended.
        await new Promise((resolve) => setTimeout(resolve, 200));
        const events = numbered(3);
        await writer.append('elsewhere-1', events, { expectedRevision: 'no_stream' });
        expect((await seen).map((event) => event.id)).toEqual(events.map((event) => event.id));
      } finally {
        await subscription.close();
        await Promise.all([writer.close(), reader.close()]);
        await readerSql.query(`DROP SCHEMA "${schema}" CASCADE`);
        await Promise.all([writerSql.close(), readerSql.close()]);
      }
    }, 20_000);
  });
} else {
  it('runs the contract on PostgreSQL only when DATABASE_URL is set', () => {
    process.stdout.write('event store contract: PostgreSQL skipped for want of DATABASE_URL\n');
    expect(databaseUrl).toBeUndefined();
  });
}

describe('SqlEventStore subscription on a failing connection', () => {
  it('retries a failed read from its last position, losing and repeating nothing', async () => {
    const sql = new FaultySql(await PgliteClient.open(pgliteFolder('flaky-events')));
    const store = await SqlEventStore.open(sql, { pageSize: 10 });
    const events = numbered(25);
    await store.append('flaky-1', events, { expectedRevision: 'no_stream' });
    // The second page read fails, as a dropped connection would make it.
    sql.failOnce(/FROM event_log WHERE position >/, 1);
    const subscription = store.subscribeToAll();
    try {
      const seen = await take(subscription, 25);
      expect(sql.faultsInjected).toBe(1);
      expect(seen.map((event) => event.id)).toEqual(events.map((event) => event.id));
    } finally {
      await subscription.close();
      await store.close();
      await sql.close();
    }
  });
});

describe.each(sqlEngines('sql event store ids'))('SqlEventStore on $name, given events whose ids another stream holds', ({ open }) => {
  it('refuses that append as a conflict and writes the rest of the group', async () => {
    const store = await SqlEventStore.open(await open());
    try {
      const [held, taken, fresh] = ['held', 'taken', 'fresh'].map((name) => `${name}-${randomUUID().slice(0, 8)}`);
      const events = numbered(2);
      await store.append(held, events, { expectedRevision: 'no_stream' });
      // Each finds its stream where it expects it: only the insert can tell that the ids are taken.
      const [reused, other] = await store.appendMany([
        { stream: taken, events: [events[1]], expectedRevision: 'no_stream' },
        { stream: fresh, events: numbered(1), expectedRevision: 'no_stream' },
      ]);
      expect(reused).toBeInstanceOf(WrongExpectedRevisionError);
      expect(other).not.toBeInstanceOf(WrongExpectedRevisionError);
      const lengths = await Promise.all([held, taken, fresh].map(async (name) => (await collect(store.readStream(name))).length));
      expect(lengths).toEqual([2, 0, 1]);
    } finally {
      await store.close();
    }
  });
});
