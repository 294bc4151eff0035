import type { ContributionKind } from '../deals/deal.events';
import type { ClaimEvent } from './claim.events';

export type ClaimStatus = 'PENDING' | 'APPROVED' | 'DECLINED' | 'WITHDRAWN';

export type Claim =
  | { claimed: false }
  | {
      claimed: true;
      id: string;
      dealId: string;
      claimantId: string;
      ownerId: string;
      kind: ContributionKind;
      note: string;
      status: ClaimStatus;
      /** Who is to decide now: the owner, then the owner's manager once escalated (null: HR). */
      approverId: string | null;
      escalated: boolean;
    };

export const noClaim: Claim = { claimed: false };

export function evolveClaim(state: Claim, event: ClaimEvent): Claim {
  if (event.type === 'CreditClaimed') {
    const { claimId, dealId, claimantId, ownerId, kind, note } = event.data;
    return { claimed: true, id: claimId, dealId, claimantId, ownerId, kind, note, status: 'PENDING', approverId: ownerId, escalated: false };
  }
  if (!state.claimed) return state;
  switch (event.type) {
    case 'ClaimEscalated':
      return { ...state, escalated: true, approverId: event.data.approverId };
    case 'ClaimApproved':
      return { ...state, status: 'APPROVED' };
    case 'ClaimDeclined':
      return { ...state, status: 'DECLINED' };
    case 'ClaimWithdrawn':
      return { ...state, status: 'WITHDRAWN' };
    default: {
      const unknown: never = event;
      throw new Error(`Unhandled claim event ${JSON.stringify(unknown)}`);
    }
  }
}
