import { randomUUID } from 'node:crypto';
import { PgliteClient, PostgresClient } from '@club-ledger/kernel';
import { FaultySql, pgliteFolder } from '@club-ledger/test-support';
import { numbered, runEventStoreContract, take } from '../testing/event-store.contract';
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
