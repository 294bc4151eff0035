import type { SqlExecutor } from '@club-ledger/kernel';
import type { DecodedEvent } from '@club-ledger/event-store';
import type { DealEvent } from '@club-ledger/domain';
import type { Projection } from '../projector';

type Projected = DealEvent & Omit<DecodedEvent, 'type' | 'data'>;

/** Deals and the credits on them: what reps, contributors and executives browse. */
export const dealsProjection: Projection = {
  name: 'deals',
  handles: ['DealOpened', 'DealClosedWon', 'DealClosedLost', 'DealReopened', 'ContributionCredited', 'CreditRetracted'],
  async apply(events: readonly DecodedEvent[], tx: SqlExecutor) {
    for (const event of events as unknown as readonly Projected[]) await applyOne(event, tx);
  },
};

async function applyOne(event: Projected, tx: SqlExecutor): Promise<void> {
  switch (event.type) {
    case 'DealOpened': {
      const { dealId, name, account, ownerId, dealType, amount, products, openedOn } = event.data;
      await tx.query(
        `INSERT INTO deals (id, name, account, owner_id, deal_type, amount, products, status, opened_on)
         VALUES ($1, $2, $3, $4, $5, $6::numeric, $7::jsonb, 'OPEN', $8::date)`,
        [dealId, name, account, ownerId, dealType, amount, JSON.stringify(products), openedOn],
      );
      return;
    }
    case 'DealClosedWon':
      await tx.query(`UPDATE deals SET status = 'CLOSED_WON', amount = $2::numeric, closed_on = $3::date WHERE id = $1`, [
        event.data.dealId,
        event.data.amount,
        event.data.closedOn,
      ]);
      return;
    case 'DealClosedLost':
      await tx.query(`UPDATE deals SET status = 'CLOSED_LOST', closed_on = $2::date WHERE id = $1`, [
        event.data.dealId,
        event.data.closedOn,
      ]);
      return;
    case 'DealReopened':
      await tx.query(`UPDATE deals SET status = 'OPEN', closed_on = NULL WHERE id = $1`, [event.data.dealId]);
      return;
    case 'ContributionCredited': {
      const { creditId, dealId, contributorId, creditedBy, kind, note } = event.data;
      await tx.query(
        `INSERT INTO credits (id, deal_id, contributor_id, credited_by, kind, note, credited_at, status)
         VALUES ($1, $2, $3, $4, $5, $6, $7::timestamptz, 'ACTIVE')`,
        [creditId, dealId, contributorId, creditedBy, kind, note, event.metadata.occurredAt],
      );
      return;
    }
    case 'CreditRetracted':
      await tx.query(
        `UPDATE credits SET status = 'RETRACTED', retracted_reason = $2, retracted_at = $3::timestamptz WHERE id = $1`,
        [event.data.creditId, event.data.reason, event.metadata.occurredAt],
      );
      return;
    default: {
      const unknown: never = event;
      throw new Error(`Unhandled deal event ${JSON.stringify(unknown)}`);
    }
  }
}
