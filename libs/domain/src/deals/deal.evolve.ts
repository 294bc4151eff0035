import type { ContributionKind, DealEvent, DealType } from './deal.events';

export interface Credit {
  id: string;
  contributorId: string;
  kind: ContributionKind;
  note: string;
  creditedBy: string;
  active: boolean;
  retractedReason: string | null;
}

export type Deal =
  | { opened: false }
  | {
      opened: true;
      id: string;
      name: string;
      account: string;
      products: readonly string[];
      ownerId: string;
      dealType: DealType;
      amount: string;
      openedOn: string;
      status: 'OPEN' | 'CLOSED_WON' | 'CLOSED_LOST';
      closedOn: string | null;
      credits: readonly Credit[];
    };

export const noDeal: Deal = { opened: false };

export function evolveDeal(state: Deal, event: DealEvent): Deal {
  if (event.type === 'DealOpened') {
    const { dealId, ...opened } = event.data;
    return { opened: true, id: dealId, ...opened, status: 'OPEN', closedOn: null, credits: [] };
  }
  if (!state.opened) return state;
  switch (event.type) {
    case 'DealClosedWon':
      return { ...state, status: 'CLOSED_WON', amount: event.data.amount, closedOn: event.data.closedOn };
    case 'DealClosedLost':
      return { ...state, status: 'CLOSED_LOST', closedOn: event.data.closedOn };
    case 'DealReopened':
      return { ...state, status: 'OPEN', closedOn: null };
    case 'ContributionCredited': {
      const { creditId, contributorId, kind, note, creditedBy } = event.data;
      const credit = { id: creditId, contributorId, kind, note, creditedBy, active: true, retractedReason: null };
      return { ...state, credits: [...state.credits, credit] };
    }
    case 'CreditRetracted':
      return {
        ...state,
        credits: state.credits.map((credit) =>
          credit.id === event.data.creditId ? { ...credit, active: false, retractedReason: event.data.reason } : credit,
        ),
      };
    case 'CreditRestored':
      return {
        ...state,
        credits: state.credits.map((credit) => (credit.id === event.data.creditId ? { ...credit, active: true, retractedReason: null } : credit)),
      };
    default: {
      const unknown: never = event;
      throw new Error(`Unhandled deal event ${JSON.stringify(unknown)}`);
    }
  }
}
