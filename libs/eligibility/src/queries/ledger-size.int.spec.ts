import type { SqlClient } from '@club-ledger/kernel';
import { sqlEngines } from '@club-ledger/test-support';
import { migrateReadModels } from '../read-model';
import { readLedgerSize } from './ledger-size';

describe.each(sqlEngines('ledger size'))('the size a request is priced by, on $name', (engine) => {
  jest.setTimeout(60_000);
  let sql: SqlClient;

  beforeAll(async () => {
    sql = await engine.open();
    await migrateReadModels(sql);
    process.stdout.write(`ledger size: running against ${engine.name}\n`);
  });
  afterAll(() => sql.close());

  const addFacts = (from: number, count: number) =>
    sql.query(
      `INSERT INTO eligibility_facts (position, stream, type, occurred_at, recorded_at, data)
       SELECT g, 'deal-' || g, 'DealClosedWon', now(), now(), '{}' FROM generate_series($1::int, $1::int + $2::int - 1) AS g`,
      [from, count],
    );

  it('counts the facts of a small ledger exactly, and takes a large one\'s from its statistics instead of reading every fact', async () => {
    await addFacts(1, 7);
    expect((await readLedgerSize(sql)).facts).toBe(7);

    await addFacts(8, 120_000);
    await sql.query(`ANALYZE eligibility_facts`);
    // Fewer facts now than the statistics last counted: a count would see them, the statistics do not.
    await sql.query(`DELETE FROM eligibility_facts WHERE position > 60000`);
    const counted = await sql.query<{ tuples: number }>(`SELECT reltuples::int AS tuples FROM pg_class WHERE oid = 'eligibility_facts'::regclass`);
    expect(counted[0].tuples).toBeGreaterThan(100_000);
    expect((await readLedgerSize(sql)).facts).toBe(counted[0].tuples);
  });
});
