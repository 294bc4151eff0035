import type { SqlExecutor } from '@club-ledger/kernel';
import type { DecodedEvent } from '@club-ledger/event-store';
import type { QuotaEvent } from '@club-ledger/domain';
import type { Projection } from '../projector';

/** Quotas per employee and period; setting a period again replaces its amount. One statement per batch. */
export const quotasProjection: Projection = {
  name: 'quotas',
  handles: ['QuotaSet'],
  tables: ['quotas'],
  async apply(events: readonly DecodedEvent[], tx: SqlExecutor) {
    // The last amount set for a period in the batch wins (one upsert may not touch a row twice).
    const latest = new Map((events as unknown as readonly QuotaEvent[]).map(({ data }) => [`${data.employeeId}|${data.periodStart}|${data.periodEnd}`, data]));
    await tx.query(
      `INSERT INTO quotas (employee_id, period_start, period_end, amount)
       SELECT "employeeId", "periodStart", "periodEnd", amount
         FROM jsonb_to_recordset($1::jsonb) AS r("employeeId" text, "periodStart" date, "periodEnd" date, amount numeric)
       ON CONFLICT (employee_id, period_start, period_end) DO UPDATE SET amount = EXCLUDED.amount`,
      [JSON.stringify([...latest.values()])],
    );
  },
};
