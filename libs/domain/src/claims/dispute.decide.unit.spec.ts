import { DomainError, type Actor } from '../shared';
import { specOf } from '../testing/decider-spec';
import { decideDispute, type DisputeDecision, type DisputeFacts, type RaiseDisputeData } from './dispute.decide';
import { DisputeRaised, DisputeResolved } from './dispute.events';
import { evolveDispute, noDispute } from './dispute.evolve';

const given = specOf({ decide: decideDispute, evolve: evolveDispute, initial: noDispute });
const pm: Actor = { id: 'pm-1', roles: [] };
const hr: Actor = { id: 'hr-1', roles: ['HR'] };
const none = { creditId: null, claimId: null, programId: null, asOf: null, knownAt: null };

const raise = (data: Partial<RaiseDisputeData>, facts: DisputeFacts, actor: Actor = pm): DisputeDecision => ({
  type: 'RaiseDispute', actor, facts: { raiserRegistered: true, ...facts },
  data: { disputeId: 'x-1', subject: 'RETRACTED_CREDIT', reason: 'I did run the POC', ...none, ...data },
});
const resolve = (inFavor: boolean, actor: Actor = hr, facts: DisputeFacts = {}, resolution = 'Checked with the owner'): DisputeDecision => ({
  type: 'ResolveDispute', actor, facts, data: { disputeId: 'x-1', inFavor, resolution },
});
const retracted = { credit: { contributorId: 'pm-1', active: false } };
const raisedOverCredit = DisputeRaised({ disputeId: 'x-1', subject: 'RETRACTED_CREDIT', raisedBy: 'pm-1', reason: 'I did run the POC', ...none, creditId: 'cr-1' });

describe('disputes', () => {
  it('raises a dispute over a retraction of one\'s own credit', () => {
    given().when(raise({ creditId: 'cr-1' }, retracted)).then(raisedOverCredit);
  });

  it('refuses a dispute over someone else\'s credit, an active credit, or a credit that does not exist', () => {
    given().when(raise({ creditId: 'cr-1' }, { credit: { contributorId: 'se-1', active: false } })).thenRejects('FORBIDDEN');
    given().when(raise({ creditId: 'cr-1' }, { credit: { contributorId: 'pm-1', active: true } })).thenRejects('INVALID_STATE');
    given().when(raise({ creditId: 'cr-1' }, {})).thenRejects('NOT_FOUND', 'creditId');
  });

  it('raises a dispute over one\'s declined claim, and only a declined one', () => {
    const declined = { claim: { claimantId: 'pm-1', status: 'DECLINED' } };
    given()
      .when(raise({ subject: 'DECLINED_CLAIM', claimId: 'c-1' }, declined))
      .then(DisputeRaised({ disputeId: 'x-1', subject: 'DECLINED_CLAIM', raisedBy: 'pm-1', reason: 'I did run the POC', ...none, claimId: 'c-1' }));
    given().when(raise({ subject: 'DECLINED_CLAIM', claimId: 'c-1' }, { claim: { claimantId: 'pm-1', status: 'PENDING' } })).thenRejects('INVALID_STATE');
    given().when(raise({ subject: 'DECLINED_CLAIM', claimId: 'c-1' }, { claim: { claimantId: 'se-1', status: 'DECLINED' } })).thenRejects('FORBIDDEN');
  });

  it('pins the moment of a disputed standing', () => {
    const moment = { asOf: '2026-06-30T00:00:00.000Z', knownAt: '2026-07-01T09:00:00.000Z' };
    given()
      .when(raise({ subject: 'STANDING', programId: 'club', ...moment }, { programExists: true }))
      .then(DisputeRaised({ disputeId: 'x-1', subject: 'STANDING', raisedBy: 'pm-1', reason: 'I did run the POC', ...none, programId: 'club', ...moment }));
    given().when(raise({ subject: 'STANDING', programId: 'club' }, { programExists: false })).thenRejects('NOT_FOUND', 'programId');
  });

  it('refuses a dispute that names nothing, says nothing, or comes from a service account', () => {
    given().when(raise({}, retracted)).thenRejects('BAD_USER_INPUT', 'creditId');
    given().when(raise({ subject: 'STANDING' }, { programExists: true })).thenRejects('BAD_USER_INPUT', 'programId');
    given().when(raise({ creditId: 'cr-1', reason: ' ' }, retracted)).thenRejects('BAD_USER_INPUT', 'reason');
    given().when(raise({ creditId: 'cr-1' }, { ...retracted, raiserRegistered: false }, { id: 'crm', roles: ['INTEGRATION'] })).thenRejects('FORBIDDEN');
  });

  it('lets HR and ADMIN resolve either way, with a resolution, and nobody else', () => {
    given(raisedOverCredit).when(resolve(true)).then(DisputeResolved({ disputeId: 'x-1', inFavor: true, resolvedBy: 'hr-1', resolution: 'Checked with the owner' }));
    given(raisedOverCredit).when(resolve(false, { id: 'root', roles: ['ADMIN'] })).then(
      DisputeResolved({ disputeId: 'x-1', inFavor: false, resolvedBy: 'root', resolution: 'Checked with the owner' }),
    );
    given(raisedOverCredit).when(resolve(true, pm)).thenRejects('FORBIDDEN');
    given(raisedOverCredit).when(resolve(true, { id: 'ceo', roles: ['EXECUTIVE'] })).thenRejects('FORBIDDEN');
    given(raisedOverCredit).when(resolve(true, hr, {}, '')).thenRejects('BAD_USER_INPUT', 'resolution');
  });

  it('resolves a dispute once', () => {
    const resolved = DisputeResolved({ disputeId: 'x-1', inFavor: false, resolvedBy: 'hr-1', resolution: 'No' });
    given(raisedOverCredit, resolved).when(resolve(true)).thenRejects('INVALID_STATE');
  });

  it('refuses to resolve in favour when the deal would refuse what that records, and lets it be resolved against', () => {
    const refused = { effectRefused: new DomainError('DUPLICATE_CREDIT', 'credited again since') };
    given(raisedOverCredit).when(resolve(true, hr, refused)).thenRejects('DUPLICATE_CREDIT');
    given(raisedOverCredit).when(resolve(false, hr, refused)).then(
      DisputeResolved({ disputeId: 'x-1', inFavor: false, resolvedBy: 'hr-1', resolution: 'Checked with the owner' }),
    );
  });

  it('refuses to resolve a dispute that does not exist', () => {
    given().when(resolve(true)).thenRejects('NOT_FOUND', 'disputeId');
  });
});
