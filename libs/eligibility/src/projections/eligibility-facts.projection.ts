import type { SqlExecutor } from '@club-ledger/kernel';
import type { DecodedEvent } from '@club-ledger/event-store';
import { FACT_TYPES } from '../engine/fold-facts';
import type { Projection } from '../projector';

/**
 * Keeps every fact eligibility depends on, with its business time and its record time, and the typed history a past
 * moment is read from (see `ledgerAtSql`): each employee's registration, department changes and offboarding, each
 * deal's closes and reopenings, each credit's retractions and restorations, and every quota set. One statement a batch.
 */
export const eligibilityFactsProjection: Projection = {
  name: 'eligibility-facts',
  handles: FACT_TYPES,
  tables: ['eligibility_facts', 'employee_changes', 'deal_changes', 'credit_changes', 'quota_sets'],
  async apply(events: readonly DecodedEvent[], tx: SqlExecutor) {
    await tx.query(
      `WITH f AS MATERIALIZED (
              SELECT (f->>'position')::numeric AS position, f->>'stream' AS stream, f->>'type' AS type,
                     (f->>'occurredAt')::timestamptz AS occurred_at, (f->>'recordedAt')::timestamptz AS recorded_at, f->'data' AS data
                FROM jsonb_array_elements($1::jsonb) AS f),
            facts AS (INSERT INTO eligibility_facts (position, stream, type, occurred_at, recorded_at, data)
                      SELECT position, stream, type, occurred_at, recorded_at, data FROM f),
            employees AS (INSERT INTO employee_changes (employee_id, position, registered, department, offboarded, recorded_at)
                          SELECT data->>'employeeId', position, type = 'EmployeeRegistered', data->>'department', type = 'EmployeeOffboarded', recorded_at
                            FROM f WHERE type IN ('EmployeeRegistered', 'EmployeeChanged', 'EmployeeOffboarded')),
            deals AS (INSERT INTO deal_changes (deal_id, position, status, closed_on, amount, occurred_at, recorded_at)
                      SELECT data->>'dealId', position,
                             CASE type WHEN 'DealClosedWon' THEN 'CLOSED_WON' WHEN 'DealClosedLost' THEN 'CLOSED_LOST' ELSE 'OPEN' END,
                             (data->>'closedOn')::date, CASE WHEN type = 'DealClosedWon' THEN (data->>'amount')::numeric END, occurred_at, recorded_at
                        FROM f WHERE type IN ('DealClosedWon', 'DealClosedLost', 'DealReopened')),
            credits AS (INSERT INTO credit_changes (credit_id, position, active, recorded_at)
                        SELECT data->>'creditId', position, type = 'CreditRestored', recorded_at
                          FROM f WHERE type IN ('CreditRetracted', 'CreditRestored'))
       INSERT INTO quota_sets (employee_id, period_start, period_end, position, amount, recorded_at)
       SELECT data->>'employeeId', (data->>'periodStart')::date, (data->>'periodEnd')::date, position, (data->>'amount')::numeric, recorded_at
         FROM f WHERE type = 'QuotaSet'`,
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
