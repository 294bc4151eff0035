import type { SqlExecutor } from '@club-ledger/kernel';
import type { DecodedEvent } from '@club-ledger/event-store';
import { FACT_TYPES } from '../engine/fold-facts';
import type { Projection } from '../projector';

/** Keeps every fact eligibility depends on, with its business time and its record time. */
export const eligibilityFactsProjection: Projection = {
  name: 'eligibility-facts',
  handles: FACT_TYPES,
  tables: ['eligibility_facts'],
  async apply(events: readonly DecodedEvent[], tx: SqlExecutor) {
    await tx.query(
      `INSERT INTO eligibility_facts (position, stream, type, occurred_at, recorded_at, data)
       SELECT (f->>'position')::numeric, f->>'stream', f->>'type', (f->>'occurredAt')::timestamptz,
              (f->>'recordedAt')::timestamptz, f->'data'
         FROM jsonb_array_elements($1::jsonb) AS f`,
      [
        JSON.stringify(
          events.map((event) => ({
            position: event.position.toString(),
            stream: event.stream,
            type: event.type,
            occurredAt: event.metadata.occurredAt,
            recordedAt: event.recordedAt.toISOString(),
            data: event.data,
          })),
        ),
      ],
    );
  },
};
