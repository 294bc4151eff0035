import type { DisputeEvent, DisputeSubject } from './dispute.events';

export type DisputeStatus = 'OPEN' | 'RESOLVED_IN_FAVOR' | 'RESOLVED_AGAINST';

export type Dispute =
  | { raised: false }
  | {
      raised: true;
      id: string;
      subject: DisputeSubject;
      raisedBy: string;
      creditId: string | null;
      claimId: string | null;
      programId: string | null;
      status: DisputeStatus;
    };

export const noDispute: Dispute = { raised: false };

export function evolveDispute(state: Dispute, event: DisputeEvent): Dispute {
  switch (event.type) {
    case 'DisputeRaised': {
      const { disputeId, subject, raisedBy, creditId, claimId, programId } = event.data;
      return { raised: true, id: disputeId, subject, raisedBy, creditId, claimId, programId, status: 'OPEN' };
    }
    case 'DisputeResolved':
      return state.raised ? { ...state, status: event.data.inFavor ? 'RESOLVED_IN_FAVOR' : 'RESOLVED_AGAINST' } : state;
    default: {
      const unknown: never = event;
      throw new Error(`Unhandled dispute event ${JSON.stringify(unknown)}`);
    }
  }
}
