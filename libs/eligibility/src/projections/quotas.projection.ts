import type { SqlExecutor } from '@club-ledger/kernel';
import type { DecodedEvent } from '@club-ledger/event-store';
import type { QuotaEvent } from '@club-ledger/domain';
import type { Projection } from '../projector';

/** Quotas per employee and period; setting a period again replaces its amount. */
export const quotasProjection: Projection = {
  name: 'quotas',
  handles: ['QuotaSet'],
  async apply(events: readonly DecodedEvent[], tx: SqlExecutor) {
    for (const { data } of events as unknown as readonly QuotaEvent[]) {
      await tx.query(
        `INSERT INTO quotas (employee_id, period_start, period_end, amount) VALUES ($1, $2::date, $3::date, $4::numeric)
         ON CONFLICT (employee_id, period_start, period_end) DO UPDATE SET amount = EXCLUDED.amount`,
        [data.employeeId, data.periodStart, data.periodEnd, data.amount],
      );
    }
  },
};
