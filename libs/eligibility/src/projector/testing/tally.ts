import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { SqlExecutor } from '@club-ledger/kernel';
import { defineEvent, EventCatalog, type DecodedEvent, type EventStore, type NewEvent } from '@club-ledger/event-store';
import type { Projection } from '../projection';

/** A test feed of one event type, counted per stream: the projector's suites share it. */
export const TallyBumped = defineEvent('TallyBumped', { version: 1, schema: z.object({ by: z.number().int() }) });
export const tallyCatalog = new EventCatalog([TallyBumped]);

export async function createTallyTable(sql: SqlExecutor): Promise<void> {
  await sql.query(`CREATE TABLE IF NOT EXISTS test_tally (projection text, stream text, events int, PRIMARY KEY (projection, stream))`);
}

/** A deliberately non-idempotent projection: applying an event twice shows up as a wrong count. */
export function tally(name: string, batchSizes: number[] = []): Projection {
  return {
    name,
    handles: [TallyBumped.type],
    tables: ['test_tally'],
    async apply(events: readonly DecodedEvent[], tx: SqlExecutor) {
      batchSizes.push(events.length);
      for (const event of events) {
        await tx.query(
          `INSERT INTO test_tally (projection, stream, events) VALUES ($1, $2, 1)
           ON CONFLICT (projection, stream) DO UPDATE SET events = test_tally.events + 1`,
          [name, event.stream],
        );
      }
    },
  };
}

export function bump(): NewEvent {
  return tallyCatalog.toNewEvent(
    TallyBumped({ by: 1 }),
    { actor: 'test', correlationId: randomUUID(), causationId: randomUUID(), occurredAt: new Date().toISOString() },
    randomUUID(),
  );
}

/** Appends `perStream` rounds of one bump to each of `streams` streams; returns the last position. */
export async function appendBumps(store: EventStore, streams: number, perStream: number): Promise<bigint> {
  let last = 0n;
  for (let n = 0; n < perStream; n += 1) {
    for (let s = 0; s < streams; s += 1) {
      last = (await store.append(`tally-${s}`, [bump()], { expectedRevision: 'any' })).position;
    }
  }
  return last;
}

export async function readTally(sql: SqlExecutor, projection: string): Promise<Record<string, number>> {
  const rows = await sql.query<{ stream: string; events: number }>(
    `SELECT stream, events FROM test_tally WHERE projection = $1`,
    [projection],
  );
  return Object.fromEntries(rows.map((row) => [row.stream, row.events]));
}

/** What every tally must read: the feed folded once, straight from the store. */
export async function foldOfFeed(store: EventStore): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for await (const event of store.readAll()) {
    if (event.type === TallyBumped.type) counts[event.stream] = (counts[event.stream] ?? 0) + 1;
  }
  return counts;
}
