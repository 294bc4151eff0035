import { randomUUID } from 'node:crypto';
import { PassThrough } from 'node:stream';
import { CommandBus } from '@nestjs/cqrs';
import { EVENT_STORE, type EventStore } from '@club-ledger/event-store';
import { type AppConfig, loadConfig, PostgresClient, type SqlClient } from '@club-ledger/kernel';
import { Projector, readModelProjections, SQL_CLIENT } from '@club-ledger/eligibility';
import { pgliteStore } from '@club-ledger/test-support';
import { openLedger } from '../ledger';
import { seedDemo } from '../seed/seed';
import { rebuildProjections } from './rebuild-projections';

const databaseUrl = process.env.DATABASE_URL;
const tables = [...new Set(readModelProjections().flatMap((projection) => projection.tables))];
const stores: { name: string; config: () => AppConfig }[] = [
  { name: 'PGlite', config: () => loadConfig(pgliteStore('rebuild')) },
];
if (databaseUrl) {
  stores.push({ name: 'PostgreSQL', config: () => loadConfig({ DATABASE_URL: databaseUrl, DATABASE_SCHEMA: `rb_${randomUUID().replace(/-/g, '').slice(0, 12)}` }) });
} else {
  process.stdout.write('projections rebuild: PostgreSQL skipped for want of DATABASE_URL\n');
}

/** Every read-model row in a stable order, but for the batch position a standing was computed at. */
async function snapshot(sql: SqlClient): Promise<Record<string, string[]>> {
  const rows: Record<string, string[]> = {};
  for (const table of tables) {
    rows[table] = (await sql.query<Record<string, unknown>>(`SELECT * FROM ${table}`)).map(({ computed_at: _batch, ...row }) => JSON.stringify(row)).sort();
  }
  return rows;
}

describe.each(stores)('club projections rebuild on $name', ({ name, config: configure }) => {
  jest.setTimeout(120_000);
  const config = configure();

  afterAll(async () => {
    if (config.readModels.engine !== 'postgres') return;
    const sql = await PostgresClient.open(config.readModels.url);
    await sql.query(`DROP SCHEMA IF EXISTS "${config.readModels.schema}" CASCADE`);
    await sql.close();
  });

  it('rebuilds every read model of a seeded organization to the rows the projector kept, and says how fast', async () => {
    process.stdout.write(`projections rebuild: running against ${name}\n`);
    const ledger = await openLedger(config);
    let before: Record<string, string[]>;
    let head: bigint;
    try {
      await seedDemo(ledger.get(CommandBus), ledger.get(Projector), { seed: 3, size: { employees: 40, deals: 120 } });
      head = await ledger.get<EventStore>(EVENT_STORE).headPosition();
      expect(await ledger.get(Projector).waitUntilPassed(head, 60_000)).toBe(true);
      before = await snapshot(ledger.get<SqlClient>(SQL_CLIENT));
    } finally {
      await ledger.close();
    }

    const out = new PassThrough();
    const summaries = await rebuildProjections(config, undefined, out);
    expect(summaries.map((summary) => [summary.projection, summary.position])).toEqual([['ledger', head], ['claims', head]]);
    expect(String(out.read())).toMatch(/^ledger: \d+ events replayed in [\d.]+ s \(\d+ events\/s\), checkpoint at \d+\nclaims: \d+ events replayed in [\d.]+ s \(\d+ events\/s\), checkpoint at \d+\n$/);

    const reopened = await openLedger(config);
    try {
      expect(await snapshot(reopened.get<SqlClient>(SQL_CLIENT))).toEqual(before);
    } finally {
      await reopened.close();
    }
  });

  it('refuses an unknown projection, naming the ones there are', async () => {
    await expect(rebuildProjections(config, 'standings')).rejects.toThrow('Unknown projection standings: one of ledger');
  });
});
