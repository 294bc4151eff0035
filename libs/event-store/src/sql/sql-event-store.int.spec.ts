import { randomUUID } from 'node:crypto';
import { PgliteClient, PostgresClient } from '@club-ledger/kernel';
import { runEventStoreContract } from '../testing/event-store.contract';
import { SqlEventStore } from './sql-event-store';

runEventStoreContract({
  name: 'PGlite (in memory)',
  open: async () => SqlEventStore.open(await PgliteClient.open()),
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
