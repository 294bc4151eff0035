import type { SqlExecutor } from '@club-ledger/kernel';
import type { Fact } from '../criteria/fold-facts';

/** Every fact the ledger had recorded by `knownAt`, in ledger order: what it knew on that day. */
export async function readFactsKnownAt(sql: SqlExecutor, knownAt: Date): Promise<Fact[]> {
  const rows = await sql.query<{ type: Fact['type']; data: Fact['data']; occurred_at: Date; recorded_at: Date }>(
    `SELECT type, data, occurred_at, recorded_at FROM eligibility_facts WHERE recorded_at <= $1::timestamptz ORDER BY position`,
    [knownAt.toISOString()],
  );
  return rows.map((row) => ({ type: row.type, data: row.data, occurredAt: row.occurred_at.toISOString(), recordedAt: row.recorded_at }) as Fact);
}
