import type { Actor } from '../shared';
import { specOf } from '../testing/decider-spec';
import { decideDeal, type DealCommand } from './deal.decide';
import { ContributionCredited, CreditRestored, CreditRetracted, DealClosedLost, DealClosedWon, DealOpened, DealReopened } from './deal.events';
import { evolveDeal, noDeal } from './deal.evolve';

const given = specOf({ decide: decideDeal, evolve: evolveDeal, initial: noDeal });
const rep: Actor = { id: 'rep-1', roles: [] };
const otherRep: Actor = { id: 'rep-2', roles: [] };
const admin: Actor = { id: 'root', roles: ['ADMIN'] };
const integration: Actor = { id: 'crm', roles: ['INTEGRATION'] };
const hr: Actor = { id: 'hr-1', roles: ['HR'] };
const active = { registered: true as const, active: true };

const opened = DealOpened({
  dealId: 'd-1', name: 'Acme renewal', account: 'Acme', ownerId: 'rep-1', dealType: 'NEW_BUSINESS',
  amount: '1500000.00', products: ['Analytics'], openedOn: '2026-01-10',
});
const won = DealClosedWon({ dealId: 'd-1', amount: '1500000.00', closedOn: '2026-03-31' });
const credited = ContributionCredited({
  dealId: 'd-1', creditId: 'c-1', contributorId: 'pm-1', kind: 'ROADMAP_BRIEFING', note: 'Briefed their CTO', creditedBy: 'rep-1',
});

const open = (overrides: Partial<Extract<DealCommand, { type: 'OpenDeal' }>> = {}): DealCommand => ({
  type: 'OpenDeal', actor: rep, dealId: 'd-1', name: 'Acme renewal', account: 'Acme', ownerId: 'rep-1',
  dealType: 'NEW_BUSINESS', amount: '1500000', products: ['Analytics'], openedOn: '2026-01-10', owner: active, ...overrides,
});
const close = (overrides: Partial<Extract<DealCommand, { type: 'CloseDeal' }>> = {}): DealCommand => ({
  type: 'CloseDeal', actor: rep, dealId: 'd-1', outcome: 'WON', closedOn: '2026-03-31', ...overrides,
});
const credit = (overrides: Partial<Extract<DealCommand, { type: 'CreditContribution' }>> = {}): DealCommand => ({
  type: 'CreditContribution', actor: rep, dealId: 'd-1', creditId: 'c-1', contributorId: 'pm-1',
  kind: 'ROADMAP_BRIEFING', note: ' Briefed their CTO ', contributor: active, ...overrides,
});
const retract = (actor: Actor, reason = 'wrong person'): DealCommand => ({ type: 'RetractCredit', actor, dealId: 'd-1', creditId: 'c-1', reason });

describe('opening and closing deals', () => {
  it('opens a deal with its amount as an exact decimal', () => {
    given().when(open()).then(opened);
  });

  it('lets the owner, ADMIN and INTEGRATION open a deal, and no other rep', () => {
    given().when(open({ actor: integration })).then(opened);
    given().when(open({ actor: otherRep })).thenRejects('FORBIDDEN');
  });

  it('refuses bad input, naming the field', () => {
    given().when(open({ amount: '-5' })).thenRejects('BAD_USER_INPUT', 'amount');
    given().when(open({ amount: 'lots' })).thenRejects('BAD_USER_INPUT', 'amount');
    given().when(open({ dealId: 'bad id!' })).thenRejects('BAD_USER_INPUT', 'dealId');
    given().when(open({ openedOn: '2026-13-01' })).thenRejects('BAD_USER_INPUT', 'openedOn');
    given().when(open({ dealType: 'BIG' as never })).thenRejects('BAD_USER_INPUT', 'type');
    given().when(open({ name: '' })).thenRejects('BAD_USER_INPUT', 'name');
  });

  it('refuses an owner who is not registered and a deal id already used', () => {
    given().when(open({ owner: { registered: false } })).thenRejects('NOT_FOUND', 'ownerId');
    given(opened).when(open()).thenRejects('ALREADY_EXISTS');
  });

  it('closes a deal as won or lost, once', () => {
    given(opened).when(close()).then(won);
    given(opened).when(close({ outcome: 'LOST' })).then(DealClosedLost({ dealId: 'd-1', closedOn: '2026-03-31' }));
    given(opened, won).when(close()).thenRejects('INVALID_STATE');
  });

  it('takes the final amount when one is given at close', () => {
    given(opened).when(close({ amount: '1250000.5' })).then(DealClosedWon({ dealId: 'd-1', amount: '1250000.50', closedOn: '2026-03-31' }));
  });

  it('refuses a close date before the open date', () => {
    given(opened).when(close({ closedOn: '2026-01-09' })).thenRejects('BAD_USER_INPUT', 'closedOn');
  });

  it('lets only the owner, ADMIN or INTEGRATION close', () => {
    given(opened).when(close({ actor: otherRep })).thenRejects('FORBIDDEN');
    given(opened).when(close({ actor: admin })).then(won);
  });

  it('refuses to close a deal that does not exist', () => {
    given().when(close()).thenRejects('NOT_FOUND', 'dealId');
  });

  it('reopens only a won deal, only for ADMIN or INTEGRATION', () => {
    const reopen = (actor: Actor): DealCommand => ({ type: 'ReopenDeal', actor, dealId: 'd-1', reason: 'clawback' });
    given(opened, won).when(reopen(integration)).then(DealReopened({ dealId: 'd-1', reason: 'clawback' }));
    given(opened, won).when(reopen(rep)).thenRejects('FORBIDDEN');
    given(opened).when(reopen(admin)).thenRejects('INVALID_STATE');
  });
});

describe('crediting contributors', () => {
  it('credits a colleague on a won deal, keeping what they did', () => {
    given(opened, won).when(credit()).then(credited);
  });

  it('lets only the owner or ADMIN credit', () => {
    given(opened, won).when(credit({ actor: otherRep })).thenRejects('FORBIDDEN');
    given(opened, won).when(credit({ actor: integration })).thenRejects('FORBIDDEN');
    given(opened, won).when(credit({ actor: admin })).then(ContributionCredited({ ...credited.data, creditedBy: 'root' }));
  });

  it('carries a credit over with its original date for ADMIN and INTEGRATION only', () => {
    const backfilled = ContributionCredited({ ...credited.data, creditedOn: '2025-11-02' });
    given(opened, won).when(credit({ actor: admin, creditedOn: '2025-11-02' })).then(ContributionCredited({ ...backfilled.data, creditedBy: 'root' }));
    given(opened, won).when(credit({ actor: integration, creditedOn: '2025-11-02' })).then(ContributionCredited({ ...backfilled.data, creditedBy: 'crm' }));
    given(opened, won).when(credit({ creditedOn: '2025-11-02' })).thenRejects('FORBIDDEN', 'creditedOn');
    given(opened, won).when(credit({ actor: admin, creditedOn: '2025-02-30' })).thenRejects('BAD_USER_INPUT', 'creditedOn');
  });

  it('refuses a credit on a deal that is not won', () => {
    given(opened).when(credit()).thenRejects('DEAL_NOT_WON');
    given(opened, DealClosedLost({ dealId: 'd-1', closedOn: '2026-03-31' })).when(credit()).thenRejects('DEAL_NOT_WON');
    given(opened, won, DealReopened({ dealId: 'd-1', reason: 'clawback' })).when(credit()).thenRejects('DEAL_NOT_WON');
  });

  it('refuses a credit on an unknown deal or to an unknown contributor', () => {
    given().when(credit()).thenRejects('NOT_FOUND', 'dealId');
    given(opened, won).when(credit({ contributor: { registered: false } })).thenRejects('NOT_FOUND', 'contributorId');
  });

  it('refuses a self-credit by the owner', () => {
    given(opened, won).when(credit({ contributorId: 'rep-1' })).thenRejects('SELF_CREDIT');
  });

  it('refuses a credit to an offboarded contributor', () => {
    given(opened, won).when(credit({ contributor: { registered: true, active: false } })).thenRejects('CONTRIBUTOR_INACTIVE');
  });

  it('allows one active credit per deal, contributor and kind', () => {
    given(opened, won, credited).when(credit({ creditId: 'c-2' })).thenRejects('DUPLICATE_CREDIT');
    given(opened, won, credited).when(credit({ creditId: 'c-2', kind: 'POC_SUPPORT' })).then(
      ContributionCredited({ ...credited.data, creditId: 'c-2', kind: 'POC_SUPPORT' }),
    );
    const retracted = CreditRetracted({ dealId: 'd-1', creditId: 'c-1', reason: 'typo', retractedBy: 'rep-1' });
    given(opened, won, credited, retracted).when(credit({ creditId: 'c-2' })).then(ContributionCredited({ ...credited.data, creditId: 'c-2' }));
  });

  it('requires a note of 1 to 2000 characters', () => {
    given(opened, won).when(credit({ note: '   ' })).thenRejects('BAD_USER_INPUT', 'note');
    given(opened, won).when(credit({ note: 'x'.repeat(2001) })).thenRejects('BAD_USER_INPUT', 'note');
    given(opened, won).when(credit({ note: 'x'.repeat(2000) })).then(ContributionCredited({ ...credited.data, note: 'x'.repeat(2000) }));
  });

  it('refuses an unknown kind and a malformed contributor id', () => {
    given(opened, won).when(credit({ kind: 'LUNCH' as never })).thenRejects('BAD_USER_INPUT', 'kind');
    given(opened, won).when(credit({ contributorId: '' })).thenRejects('BAD_USER_INPUT', 'contributorId');
  });
});

describe('retracting credits', () => {
  const retracted = (by: string) => CreditRetracted({ dealId: 'd-1', creditId: 'c-1', reason: 'wrong person', retractedBy: by });

  it('lets the creditor, HR or ADMIN retract with a reason', () => {
    given(opened, won, credited).when(retract(rep)).then(retracted('rep-1'));
    given(opened, won, credited).when(retract(hr)).then(retracted('hr-1'));
    given(opened, won, credited).when(retract(otherRep)).thenRejects('FORBIDDEN');
    given(opened, won, credited).when(retract(rep, ' ')).thenRejects('BAD_USER_INPUT', 'reason');
  });

  it('retracts a credit once, and only one that exists', () => {
    given(opened, won, credited, retracted('rep-1')).when(retract(rep)).thenRejects('INVALID_STATE');
    given(opened, won).when(retract(rep)).thenRejects('NOT_FOUND', 'creditId');
  });
});

describe('credits granted by a claim or a dispute', () => {
  const grant = (overrides: Partial<Extract<DealCommand, { type: 'GrantClaimedCredit' }>> = {}): DealCommand => ({
    type: 'GrantClaimedCredit', actor: hr, dealId: 'd-1', creditId: 'c-1', contributorId: 'pm-1',
    kind: 'ROADMAP_BRIEFING', note: 'Briefed their CTO', contributor: active, ...overrides,
  });
  const restore: DealCommand = { type: 'RestoreCredit', actor: hr, dealId: 'd-1', creditId: 'c-1', disputeId: 'x-1' };
  const retraction = CreditRetracted({ dealId: 'd-1', creditId: 'c-1', reason: 'wrong person', retractedBy: 'rep-1' });

  it('records a claimed credit as given by the owner, whoever approved it', () => {
    given(opened, won).when(grant()).then(credited);
  });

  it('records a claimed credit once: a second grant of the same credit records nothing', () => {
    given(opened, won, credited).when(grant()).then();
  });

  it('refuses a claimed credit on a deal that is not won, to the owner, to the offboarded, or of a kind already credited', () => {
    given(opened).when(grant()).thenRejects('DEAL_NOT_WON');
    given(opened, won).when(grant({ contributorId: 'rep-1' })).thenRejects('SELF_CREDIT');
    given(opened, won).when(grant({ contributor: { registered: true, active: false } })).thenRejects('CONTRIBUTOR_INACTIVE');
    given(opened, won, credited).when(grant({ creditId: 'c-2' })).thenRejects('DUPLICATE_CREDIT');
  });

  it('restores a retracted credit, once', () => {
    given(opened, won, credited, retraction).when(restore).then(CreditRestored({ creditId: 'c-1', disputeId: 'x-1' }));
    given(opened, won, credited, retraction, CreditRestored({ creditId: 'c-1', disputeId: 'x-1' })).when(restore).then();
  });

  it('refuses to restore a credit when the contributor was credited for that kind again since', () => {
    const again = ContributionCredited({ ...credited.data, creditId: 'c-2' });
    given(opened, won, credited, retraction, again).when(restore).thenRejects('DUPLICATE_CREDIT');
  });
});
