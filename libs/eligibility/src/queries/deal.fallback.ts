import type { Deal as DealState } from '@club-ledger/domain';
import { dealFlags } from '../rules/same-day';
import type { Credit, Deal } from './answers';

type Opened = Extract<DealState, { opened: true }>;

function opened(state: DealState): Opened {
  if (!state.opened) throw new Error('The command left no deal');
  return state;
}

/** A deal as its aggregate knows it: what a mutation answers when the read model is still catching up. */
export function dealOf(state: DealState): Deal {
  const deal = opened(state);
  return {
    id: deal.id,
    name: deal.name,
    account: deal.account,
    ownerId: deal.ownerId,
    type: deal.dealType,
    amount: deal.amount,
    products: [...deal.products],
    status: deal.status,
    openedOn: deal.openedOn,
    closedOn: deal.closedOn,
    flags: dealFlags(deal),
  };
}

/** A credit as its aggregate knows it, given at `now` (the read model, still catching up, has not recorded when). */
export function creditOf(state: DealState, creditId: string, now: Date): Credit {
  const deal = opened(state);
  const credit = deal.credits.find((candidate) => candidate.id === creditId);
  if (!credit) throw new Error(`The command left no credit ${creditId}`);
  return {
    id: credit.id,
    dealId: deal.id,
    contributorId: credit.contributorId,
    creditedById: credit.creditedBy,
    kind: credit.kind,
    note: credit.note,
    creditedAt: now,
    status: credit.active ? 'ACTIVE' : 'RETRACTED',
    retractedReason: credit.retractedReason,
    flags: [],
  };
}
