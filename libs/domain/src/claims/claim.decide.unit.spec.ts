import { DomainError, type Actor } from '../shared';
import { specOf } from '../testing/decider-spec';
import { decideClaim, type ClaimDecision, type ClaimFacts } from './claim.decide';
import { ClaimApproved, ClaimDeclined, ClaimEscalated, ClaimWithdrawn, CreditClaimed, claimCreditId } from './claim.events';
import { evolveClaim, noClaim } from './claim.evolve';

const given = specOf({ decide: decideClaim, evolve: evolveClaim, initial: noClaim });
const claimant: Actor = { id: 'pm-1', roles: [] };
const owner: Actor = { id: 'rep-1', roles: [] };
const manager: Actor = { id: 'lead-1', roles: [] };
const hr: Actor = { id: 'hr-1', roles: ['HR'] };
const facts: ClaimFacts = { dealOwnerId: 'rep-1', claimantRegistered: true };

const claimCredit = (overrides: { actor?: Actor; facts?: ClaimFacts; note?: string; kind?: string } = {}): ClaimDecision => ({
  type: 'ClaimCredit',
  actor: overrides.actor ?? claimant,
  facts: overrides.facts ?? facts,
  data: { claimId: 'c-1', dealId: 'd-1', kind: (overrides.kind ?? 'POC_SUPPORT') as 'POC_SUPPORT', note: overrides.note ?? 'Ran the POC' },
});
const decide = (type: 'ApproveClaim' | 'WithdrawClaim', actor: Actor, decisionFacts: ClaimFacts = {}): ClaimDecision => ({
  type, actor, facts: decisionFacts, data: { claimId: 'c-1' },
});
const decline = (actor: Actor, reason = 'Not on this deal'): ClaimDecision => ({ type: 'DeclineClaim', actor, facts: {}, data: { claimId: 'c-1', reason } });
const escalate = (approverId: string | null): ClaimDecision => ({
  type: 'EscalateClaim', actor: { id: 'claims-escalation', roles: [] }, facts: {}, data: { claimId: 'c-1', approverId },
});

const claimed = CreditClaimed({ claimId: 'c-1', dealId: 'd-1', claimantId: 'pm-1', ownerId: 'rep-1', kind: 'POC_SUPPORT', note: 'Ran the POC' });
const approvedBy = (id: string) => ClaimApproved({ claimId: 'c-1', decidedBy: id, creditId: claimCreditId('c-1') });

describe('claims', () => {
  it('records a claim on a won deal, to be decided by its owner', () => {
    given().when(claimCredit()).then(claimed);
  });

  it('refuses a claim on one\'s own deal as a self-credit', () => {
    given().when(claimCredit({ actor: owner })).thenRejects('SELF_CREDIT');
  });

  it('refuses a claim the deal would refuse as a credit: not won, inactive claimant, kind already credited', () => {
    for (const code of ['DEAL_NOT_WON', 'CONTRIBUTOR_INACTIVE', 'DUPLICATE_CREDIT'] as const) {
      given().when(claimCredit({ facts: { ...facts, creditRefused: new DomainError(code, code) } })).thenRejects(code);
    }
  });

  it('refuses a second pending claim for the same deal, claimant and kind', () => {
    given(claimed).when(claimCredit()).thenRejects('ALREADY_EXISTS');
  });

  it('refuses an unknown deal, a note that says nothing, a kind that is none, and a caller who is not an employee', () => {
    given().when(claimCredit({ facts: { claimantRegistered: true } })).thenRejects('NOT_FOUND', 'dealId');
    given().when(claimCredit({ note: '   ' })).thenRejects('BAD_USER_INPUT', 'note');
    given().when(claimCredit({ note: 'x'.repeat(2001) })).thenRejects('BAD_USER_INPUT', 'note');
    given().when(claimCredit({ kind: 'LUNCH' })).thenRejects('BAD_USER_INPUT', 'kind');
    given().when(claimCredit({ facts: { ...facts, claimantRegistered: false } })).thenRejects('FORBIDDEN');
  });

  it('lets the owner approve, naming the credit after the claim', () => {
    given(claimed).when(decide('ApproveClaim', owner)).then(approvedBy('rep-1'));
  });

  it('refuses an approval the deal would refuse as a credit, recording nothing', () => {
    given(claimed).when(decide('ApproveClaim', owner, { creditRefused: new DomainError('DEAL_NOT_WON', 'reopened') })).thenRejects('DEAL_NOT_WON');
  });

  it('lets the owner decline with a reason, and requires the reason', () => {
    given(claimed).when(decline(owner)).then(ClaimDeclined({ claimId: 'c-1', decidedBy: 'rep-1', reason: 'Not on this deal' }));
    given(claimed).when(decline(owner, ' ')).thenRejects('BAD_USER_INPUT', 'reason');
  });

  it('refuses a decision on a claim that is no longer pending: a retry or a race decides once', () => {
    given(claimed, approvedBy('rep-1')).when(decide('ApproveClaim', hr)).thenRejects('INVALID_STATE');
    given(claimed, approvedBy('rep-1')).when(decline(owner)).thenRejects('INVALID_STATE');
    given(claimed, ClaimWithdrawn({ claimId: 'c-1' })).when(decide('ApproveClaim', owner)).thenRejects('INVALID_STATE');
  });

  it('lets the manager decide only once the claim is escalated to them; the owner still may', () => {
    given(claimed).when(decide('ApproveClaim', manager)).thenRejects('FORBIDDEN');
    const escalated = ClaimEscalated({ claimId: 'c-1', approverId: 'lead-1' });
    given(claimed, escalated).when(decide('ApproveClaim', manager)).then(approvedBy('lead-1'));
    given(claimed, escalated).when(decide('ApproveClaim', owner)).then(approvedBy('rep-1'));
  });

  it('lets HR and ADMIN decide any claim, and nobody uninvolved', () => {
    given(claimed).when(decide('ApproveClaim', hr)).then(approvedBy('hr-1'));
    given(claimed).when(decide('ApproveClaim', { id: 'root', roles: ['ADMIN'] })).then(approvedBy('root'));
    given(claimed).when(decide('ApproveClaim', { id: 'ceo', roles: ['EXECUTIVE'] })).thenRejects('FORBIDDEN');
    given(claimed).when(decide('ApproveClaim', claimant)).thenRejects('FORBIDDEN');
  });

  it('escalates a pending claim once, to the manager or to HR', () => {
    given(claimed).when(escalate('lead-1')).then(ClaimEscalated({ claimId: 'c-1', approverId: 'lead-1' }));
    given(claimed).when(escalate(null)).then(ClaimEscalated({ claimId: 'c-1', approverId: null }));
    given(claimed, ClaimEscalated({ claimId: 'c-1', approverId: null })).when(escalate('lead-1')).then();
    given(claimed, approvedBy('rep-1')).when(escalate('lead-1')).then();
  });

  it('lets only the claimant withdraw, while the claim waits', () => {
    given(claimed).when(decide('WithdrawClaim', claimant)).then(ClaimWithdrawn({ claimId: 'c-1' }));
    given(claimed).when(decide('WithdrawClaim', owner)).thenRejects('FORBIDDEN');
    given(claimed, approvedBy('rep-1')).when(decide('WithdrawClaim', claimant)).thenRejects('INVALID_STATE');
  });

  it('refuses to decide a claim that does not exist', () => {
    given().when(decide('ApproveClaim', hr)).thenRejects('NOT_FOUND', 'claimId');
  });
});
