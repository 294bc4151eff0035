import type { SqlExecutor } from '@club-ledger/kernel';
import type { Fact } from '../engine/fold-facts';

type FactTuple = [position: string, type: Fact['type'], data: Fact['data'], occurredAt: string, recordedAt: string];

/** The instant as the events carry it (`toISOString`: UTC, to the millisecond), whatever time zone the session has. */
const instant = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/**
 * Every fact the ledger had recorded by `knownAt`, in ledger order: what it knew on that day. In pages of
 * `perStatement` facts, each read as one JSON document: PGlite's memory grows to hold the largest result it builds
 * and never gives it back, so a large year's facts in one result would keep the API's memory high for good.
 */
export async function* factsKnownAt(sql: SqlExecutor, knownAt: Date, perStatement = 10_000): AsyncIterable<Fact[]> {
  for (let after = '-1'; ; ) {
    const [{ page }] = await sql.query<{ page: string }>(
      `SELECT coalesce(json_agg(json_build_array(position::text, type, data, ${instant('occurred_at')}, ${instant('recorded_at')}) ORDER BY position), '[]')::text AS page
         FROM (SELECT * FROM eligibility_facts
                WHERE recorded_at <= $1::timestamptz AND position > $2::numeric
                ORDER BY position LIMIT $3) f`,
      [knownAt.toISOString(), after, perStatement],
    );
    const tuples = JSON.parse(page) as FactTuple[];
    yield tuples.map(([position, type, data, occurredAt, recordedAt]) => ({ position, type, data, occurredAt, recordedAt }) as Fact);
    if (tuples.length < perStatement) return;
    after = tuples[tuples.length - 1][0];
  }
}
