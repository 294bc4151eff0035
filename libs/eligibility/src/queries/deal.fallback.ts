import type { Deal as DealState } from '@club-ledger/domain';
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
    flags: deal.closedOn === deal.openedOn ? ['OPENED_AND_CLOSED_SAME_DAY'] : [],
  };
}

export function creditOf(state: DealState, creditId: string): Credit {
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
    creditedAt: new Date(),
    status: credit.active ? 'ACTIVE' : 'RETRACTED',
    retractedReason: credit.retractedReason,
    flags: [],
  };
}
