import { SqlEventStore, type EventStore } from '@club-ledger/event-store';
import type { SqlClient } from '@club-ledger/kernel';
import { sqlEngines } from '@club-ledger/test-support';
import { migrateReadModels } from '../read-model';
import { Projector } from './projector';
import { appendBumps, createTallyTable, readTally, tally, tallyCatalog as catalog } from './testing/tally';

describe.each(sqlEngines('read-your-writes without a projector'))('waiting on another process\'s projector on $name', (engine) => {
  jest.setTimeout(60_000);
  let sql: SqlClient;
  let store: EventStore;

  beforeAll(async () => {
    sql = await engine.open();
    store = await SqlEventStore.open(sql);
    await migrateReadModels(sql);
    await createTallyTable(sql);
    process.stdout.write(`read-your-writes without a projector: running against ${engine.name}\n`);
  });
  afterAll(async () => {
    await store.close();
    await sql.close();
  });

  it('answers once the projecting process has committed past the write, by its checkpoints', async () => {
    const api = new Projector({ store, sql, catalog, projections: [tally('elsewhere')] });
    const position = await appendBumps(store, 2, 3);
    expect(await api.waitUntilPassed(position, 200)).toBe(false);

    const worker = new Projector({ store, sql, catalog, projections: [tally('elsewhere')] });
    worker.start();
    try {
      expect(await api.waitUntilPassed(position, 30_000)).toBe(true);
      expect(await readTally(sql, 'elsewhere')).toEqual({ 'tally-0': 3, 'tally-1': 3 });
    } finally {
      await worker.stop();
    }
  });
});
