import type { SqlExecutor } from '@club-ledger/kernel';
import type { DecodedEvent } from '@club-ledger/event-store';
import type { DealEvent } from '@club-ledger/domain';
import type { Projection } from '../projector';

type Projected = DealEvent & Omit<DecodedEvent, 'type' | 'data'>;

interface DealRow {
  id: string; name: string; account: string; owner_id: string; deal_type: string; amount: string; products: readonly string[];
  status: string; opened_on: string; closed_on: string | null; recorded_at: string;
}
/** What later events change on a deal already stored: its status and close date always, its amount when won. */
interface DealChange { id: string; status: string; closed_on: string | null; amount?: string }
interface CreditRow {
  id: string; deal_id: string; contributor_id: string; credited_by: string; kind: string; note: string; credited_at: string;
  status: string; retracted_reason: string | null; retracted_at: string | null; backfilled: boolean; recorded_at: string;
}
/** A credit retracted, or restored (a dispute decided for its contributor): the last of a batch's for a credit holds. */
interface Retraction { id: string; status: 'ACTIVE' | 'RETRACTED'; retracted_reason: string | null; retracted_at: string | null }

/**
 * Deals and the credits on them: what reps, contributors and executives browse. A batch is first folded in
 * memory (a deal opened and closed in the same batch is inserted closed), then written in at most four
 * set-based statements, whatever its size.
 */
export const dealsProjection: Projection = {
  name: 'deals',
  handles: ['DealOpened', 'DealClosedWon', 'DealClosedLost', 'DealReopened', 'ContributionCredited', 'CreditRetracted', 'CreditRestored'],
  tables: ['deals', 'credits'],
  async apply(events: readonly DecodedEvent[], tx: SqlExecutor) {
    const batch = foldBatch(events as unknown as readonly Projected[]);
    await writeBatch(batch, tx);
  },
};

function foldBatch(events: readonly Projected[]) {
  const opened = new Map<string, DealRow>();
  const changed = new Map<string, DealChange>();
  const credited = new Map<string, CreditRow>();
  const retracted = new Map<string, Retraction>();
  const change = (dealId: string, status: string, closedOn: string | null, amount?: string) => {
    const target = opened.get(dealId) ?? changed.get(dealId) ?? { id: dealId, status, closed_on: closedOn };
    Object.assign(target, { status, closed_on: closedOn }, amount === undefined ? {} : { amount });
    if (!opened.has(dealId)) changed.set(dealId, target as DealChange);
  };
  for (const event of events) {
    switch (event.type) {
      case 'DealOpened': {
        const { dealId, name, account, ownerId, dealType, amount, products, openedOn } = event.data;
        opened.set(dealId, { id: dealId, name, account, owner_id: ownerId, deal_type: dealType, amount, products, status: 'OPEN', opened_on: openedOn, closed_on: null, recorded_at: event.recordedAt.toISOString() });
        break;
      }
      case 'DealClosedWon':
        change(event.data.dealId, 'CLOSED_WON', event.data.closedOn, event.data.amount);
        break;
      case 'DealClosedLost':
        change(event.data.dealId, 'CLOSED_LOST', event.data.closedOn);
        break;
      case 'DealReopened':
        change(event.data.dealId, 'OPEN', null);
        break;
      case 'ContributionCredited': {
        const { creditId, dealId, contributorId, creditedBy, kind, note, creditedOn } = event.data;
        credited.set(creditId, {
          id: creditId, deal_id: dealId, contributor_id: contributorId, credited_by: creditedBy, kind, note,
          credited_at: event.metadata.occurredAt, status: 'ACTIVE', retracted_reason: null, retracted_at: null, backfilled: creditedOn !== undefined,
          recorded_at: event.recordedAt.toISOString(),
        });
        break;
      }
      case 'CreditRetracted':
      case 'CreditRestored': {
        const retraction: Retraction =
          event.type === 'CreditRetracted'
            ? { id: event.data.creditId, status: 'RETRACTED', retracted_reason: event.data.reason, retracted_at: event.metadata.occurredAt }
            : { id: event.data.creditId, status: 'ACTIVE', retracted_reason: null, retracted_at: null };
        const fresh = credited.get(retraction.id);
        if (fresh) Object.assign(fresh, retraction);
        else retracted.set(retraction.id, retraction);
        break;
      }
      default: {
        const unknown: never = event;
        throw new Error(`Unhandled deal event ${JSON.stringify(unknown)}`);
      }
    }
  }
  return { opened: [...opened.values()], changed: [...changed.values()], credited: [...credited.values()], retracted: [...retracted.values()] };
}

async function writeBatch({ opened, changed, credited, retracted }: ReturnType<typeof foldBatch>, tx: SqlExecutor): Promise<void> {
  if (opened.length > 0) {
    await tx.query(
      `INSERT INTO deals (id, name, account, owner_id, deal_type, amount, products, status, opened_on, closed_on, recorded_at)
       SELECT id, name, account, owner_id, deal_type, amount, products, status, opened_on, closed_on, recorded_at
         FROM jsonb_to_recordset($1::jsonb) AS r(id text, name text, account text, owner_id text, deal_type text,
              amount numeric, products jsonb, status text, opened_on date, closed_on date, recorded_at timestamptz)`,
      [JSON.stringify(opened)],
    );
  }
  if (changed.length > 0) {
    await tx.query(
      `UPDATE deals d SET status = r.status, closed_on = r.closed_on, amount = coalesce(r.amount, d.amount)
         FROM jsonb_to_recordset($1::jsonb) AS r(id text, status text, closed_on date, amount numeric)
        WHERE d.id = r.id`,
      [JSON.stringify(changed)],
    );
  }
  if (credited.length > 0) {
    await tx.query(
      `INSERT INTO credits (id, deal_id, contributor_id, credited_by, kind, note, credited_at, status, retracted_reason, retracted_at, backfilled, recorded_at)
       SELECT id, deal_id, contributor_id, credited_by, kind, note, credited_at, status, retracted_reason, retracted_at, backfilled, recorded_at
         FROM jsonb_to_recordset($1::jsonb) AS r(id text, deal_id text, contributor_id text, credited_by text, kind text,
              note text, credited_at timestamptz, status text, retracted_reason text, retracted_at timestamptz, backfilled boolean,
              recorded_at timestamptz)`,
      [JSON.stringify(credited)],
    );
  }
  if (retracted.length > 0) {
    await tx.query(
      `UPDATE credits c SET status = r.status, retracted_reason = r.retracted_reason, retracted_at = r.retracted_at
         FROM jsonb_to_recordset($1::jsonb) AS r(id text, status text, retracted_reason text, retracted_at timestamptz)
        WHERE c.id = r.id`,
      [JSON.stringify(retracted)],
    );
  }
}
