import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { ClaimEscalation, CommandRunner, claimStream, claims, dealStream, disputeStream, disputes } from '@club-ledger/domain';
import { EVENT_STORE, type EventStore } from '@club-ledger/event-store';
import { Projector } from '@club-ledger/eligibility';
import { TEST_JWT_SECRET, apiTargets, tokenFor } from '@club-ledger/test-support';
import { createApp } from '../../apps/api/src/app';
import { loadConfig } from '@club-ledger/kernel';

jest.setTimeout(120_000);

type Body = { data?: Record<string, any>; errors?: { message: string; extensions: Record<string, unknown> }[] }; // eslint-disable-line @typescript-eslint/no-explicit-any -- GraphQL answers are shaped by each query

const targets = apiTargets('claims e2e');
const DAY = 24 * 60 * 60 * 1000;

describe.each(targets)('claims and disputes over GraphQL on $name', ({ name, env }) => {
  let app: INestApplication;
  const token: Record<string, string> = {};
  /** The clock the app reads: pinned, moved by the escalation tests. */
  let now = Date.parse('2026-05-04T09:00:00.000Z');

  beforeAll(async () => {
    const config = loadConfig({ ...(await env()), AUTH_JWT_SECRET: TEST_JWT_SECRET, CLAIM_ESCALATION_DAYS: '7' });
    app = await createApp(config, { logger: false, clock: { now: () => new Date(now) } });
    await app.init();
    process.stdout.write(`claims e2e: running against ${name}\n`);
    const people: [string, string[], string | null][] = [
      ['hr', ['HR'], null], ['admin', ['ADMIN'], null], ['ceo', ['EXECUTIVE'], null], ['crm', ['INTEGRATION'], null],
      ['lead-1', [], null], ['rep-1', [], 'lead-1'], ['rep-2', [], null], ['pm-1', [], null], ['se-1', [], null], ['pmm-1', [], null], ['ex-1', [], null],
    ];
    for (const [id, roles] of people) token[id] = await tokenFor(id, roles);
    for (const [id, roles, managerId] of people) {
      if (roles.includes('INTEGRATION')) continue;
      const body = await gql('hr', `mutation($input: RegisterEmployeeInput!) { registerEmployee(input: $input) { id } }`, {
        input: { id, name: `Person ${id}`, email: `${id}@example.com`, department: 'Sales', managerId },
      });
      expect(body.errors).toBeUndefined();
    }
    for (const [id, owner, won] of [['d-1', 'rep-1', true], ['d-2', 'rep-2', true], ['d-open', 'rep-1', false]] as const) {
      const input = { id, name: `Deal ${id}`, account: 'Acme', ownerId: owner, type: 'NEW_BUSINESS', amount: '100000.00', products: [], openedOn: '2026-01-10' };
      expect((await gql(owner, `mutation($input: OpenDealInput!) { openDeal(input: $input) { id } }`, { input })).errors).toBeUndefined();
      if (won) {
        const close = { dealId: id, outcome: 'WON', closedOn: '2026-03-31' };
        expect((await gql(owner, `mutation($input: CloseDealInput!) { closeDeal(input: $input) { id } }`, { input: close })).errors).toBeUndefined();
      }
    }
    expect((await gql('hr', `mutation { offboardEmployee(id: "ex-1", reason: "left") { id } }`)).errors).toBeUndefined();
  });
  afterAll(async () => app?.close());

  async function gql(who: string, query: string, variables: Record<string, unknown> = {}): Promise<Body> {
    return (await request(app.getHttpServer()).post('/graphql').set('Authorization', `Bearer ${token[who]}`).send({ query, variables })).body;
  }
  const codeOf = (body: Body) => body.errors?.[0]?.extensions.code;
  const CLAIM = `id status kind note claimant { id } approver { id } decidedBy { id } reason escalatedAt waitingForHr credit { id status creditedBy { id } contributor { id } }`;
  const claim = (who: string, dealId: string, kind: string, note = 'I ran the proof of concept') =>
    gql(who, `mutation($input: ClaimCreditInput!) { claimCredit(input: $input) { ${CLAIM} deal { id name status owner { id } } } }`, { input: { dealId, kind, note } });
  const approve = (who: string, claimId: string) => gql(who, `mutation($id: ID!) { approveClaim(claimId: $id) { ${CLAIM} } }`, { id: claimId });
  const decline = (who: string, claimId: string, reason = 'Not on this deal') =>
    gql(who, `mutation($id: ID!, $reason: String!) { declineClaim(claimId: $id, reason: $reason) { ${CLAIM} } }`, { id: claimId, reason });
  const creditsOf = async (who: string) =>
    (await gql(who, `{ me { creditsReceived { nodes { id kind status deal { id } creditedBy { id } } } } }`)).data?.me.creditsReceived.nodes as { id: string; kind: string; status: string }[];
  /** The escalation pass answers nothing over GraphQL: wait until the read models hold what it appended to this claim. */
  async function projected(claimId: string, stream = claimStream(claimId)): Promise<string[]> {
    const types: string[] = [];
    let last = 0n;
    for await (const event of app.get<EventStore>(EVENT_STORE).readStream(stream)) {
      types.push(event.type);
      last = event.position;
    }
    expect(await app.get(Projector).waitUntilPassed(last, 10_000)).toBe(true);
    return types;
  }
  const claimCount = async () => (await gql('hr', `{ claims { totalCount } }`)).data?.claims.totalCount as number;

  it('records a claim, lets the owner approve it, and the credit appears for the claimant, given by the owner', async () => {
    const claimed = await claim('pm-1', 'd-1', 'POC_SUPPORT');
    expect(claimed.errors).toBeUndefined();
    expect(claimed.data?.claimCredit).toMatchObject({
      status: 'PENDING', kind: 'POC_SUPPORT', claimant: { id: 'pm-1' }, approver: { id: 'rep-1' }, credit: null,
      deal: { id: 'd-1', name: 'Deal d-1', status: 'CLOSED_WON', owner: { id: 'rep-1' } },
    });
    const waiting = await gql('rep-1', `{ claims(waitingForMe: true) { totalCount nodes { id } } }`);
    expect(waiting.data?.claims.nodes).toEqual([{ id: claimed.data?.claimCredit.id }]);
    const approved = await approve('rep-1', claimed.data?.claimCredit.id);
    expect(approved.data?.approveClaim).toMatchObject({
      status: 'APPROVED', decidedBy: { id: 'rep-1' }, credit: { status: 'ACTIVE', creditedBy: { id: 'rep-1' }, contributor: { id: 'pm-1' } },
    });
    expect(await creditsOf('pm-1')).toEqual([expect.objectContaining({ kind: 'POC_SUPPORT', status: 'ACTIVE', creditedBy: { id: 'rep-1' } })]);
  });

  it('shows the claimant what the deal is through the claim, but not its other credits', async () => {
    const claims = await gql('se-1', `{ claims { nodes { deal { id credits { id } } } } }`);
    expect(claims.data).toEqual({ claims: { nodes: [] } });
    const mine = await claim('se-1', 'd-2', 'DEAL_ASSIST');
    const through = await gql('se-1', `query($id: ID!) { claim(id: $id) { deal { id owner { id } credits { id } } } }`, { id: mine.data?.claimCredit.id });
    expect(codeOf(through)).toBe('FORBIDDEN');
    expect((await gql('se-1', `mutation($id: ID!) { withdrawClaim(claimId: $id) { status } }`, { id: mine.data?.claimCredit.id })).data?.withdrawClaim).toEqual({ status: 'WITHDRAWN' });
  });

  it('refuses claims the rules forbid, appending nothing', async () => {
    const before = await claimCount();
    expect(codeOf(await claim('rep-1', 'd-1', 'DEAL_ASSIST'))).toBe('SELF_CREDIT');
    expect(codeOf(await claim('pm-1', 'd-open', 'DEAL_ASSIST'))).toBe('DEAL_NOT_WON');
    expect(codeOf(await claim('pm-1', 'd-1', 'POC_SUPPORT'))).toBe('DUPLICATE_CREDIT');
    expect(codeOf(await claim('ex-1', 'd-1', 'DEAL_ASSIST'))).toBe('CONTRIBUTOR_INACTIVE');
    expect(codeOf(await claim('pm-1', 'd-missing', 'DEAL_ASSIST'))).toBe('NOT_FOUND');
    expect((await claim('pm-1', 'd-1', 'RFP_RESPONSE', ' ')).errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'note' });
    expect(await claimCount()).toBe(before);
    const first = await claim('pmm-1', 'd-1', 'COMPETITIVE_INTEL');
    expect(first.errors).toBeUndefined();
    expect(codeOf(await claim('pmm-1', 'd-1', 'COMPETITIVE_INTEL'))).toBe('ALREADY_EXISTS');
    expect(await claimCount()).toBe(before + 1);
    const declined = await decline('rep-1', first.data?.claimCredit.id);
    expect(declined.data?.declineClaim).toMatchObject({ status: 'DECLINED', reason: 'Not on this deal', decidedBy: { id: 'rep-1' } });
    expect(codeOf(await decline('rep-1', first.data?.claimCredit.id))).toBe('INVALID_STATE');
    expect(codeOf(await approve('hr', first.data?.claimCredit.id))).toBe('INVALID_STATE');
  });

  it('records one credit when approvals race, and answers the later ones INVALID_STATE', async () => {
    const claimed = await claim('se-1', 'd-1', 'POC_SUPPORT');
    const id = claimed.data?.claimCredit.id;
    const answers = await Promise.all(['rep-1', 'hr', 'admin', 'rep-1', 'hr', 'admin'].map((who) => approve(who, id)));
    expect(answers.filter((body) => body.data?.approveClaim?.status === 'APPROVED')).toHaveLength(1);
    expect(answers.filter((body) => codeOf(body) === 'INVALID_STATE')).toHaveLength(5);
    const deal = await gql('rep-1', `{ deal(id: "d-1") { credits { contributor { id } kind status } } }`);
    expect(deal.data?.deal.credits.filter((credit: { contributor: { id: string } }) => credit.contributor.id === 'se-1')).toEqual([
      { contributor: { id: 'se-1' }, kind: 'POC_SUPPORT', status: 'ACTIVE' },
    ]);
  });

  it('escalates a claim unanswered for the configured days to the owner\'s manager, once, and lets the manager decide', async () => {
    const claimed = await claim('pmm-1', 'd-1', 'ROADMAP_BRIEFING');
    const id = claimed.data?.claimCredit.id;
    expect(codeOf(await approve('lead-1', id))).toBe('FORBIDDEN');
    const escalation = app.get(ClaimEscalation);
    now += 6 * DAY;
    expect(await escalation.pass()).toEqual([]);
    now += 2 * DAY;
    const passes = await Promise.all([escalation.pass(), escalation.pass()]);
    expect(passes.flat()).toContain(id);
    expect(await projected(id)).toEqual(['CreditClaimed', 'ClaimEscalated']);
    await escalation.pass();
    expect(await projected(id)).toEqual(['CreditClaimed', 'ClaimEscalated']);
    const waiting = await gql('lead-1', `{ claims(waitingForMe: true) { nodes { id approver { id } escalatedAt } } }`);
    expect(waiting.data?.claims.nodes).toEqual([{ id, approver: { id: 'lead-1' }, escalatedAt: new Date(now).toISOString() }]);
    expect((await approve('lead-1', id)).data?.approveClaim).toMatchObject({ status: 'APPROVED', decidedBy: { id: 'lead-1' }, credit: { creditedBy: { id: 'rep-1' } } });
  });

  it('escalates to HR when the owner has no manager', async () => {
    const claimed = await claim('pm-1', 'd-2', 'ESCALATION');
    const id = claimed.data?.claimCredit.id;
    now += 8 * DAY;
    expect(await app.get(ClaimEscalation).pass()).toContain(id);
    expect(await projected(id)).toEqual(['CreditClaimed', 'ClaimEscalated']);
    const hr = await gql('hr', `{ claims(waitingForMe: true) { nodes { id waitingForHr approver { id } } } }`);
    expect(hr.data?.claims.nodes).toContainEqual({ id, waitingForHr: true, approver: { id: 'rep-2' } });
    expect((await decline('hr', id, 'The owner says otherwise')).data?.declineClaim).toMatchObject({ status: 'DECLINED', decidedBy: { id: 'hr' } });
  });

  it('restores a retracted credit when HR resolves its dispute in the contributor\'s favour', async () => {
    const [credit] = (await creditsOf('pm-1')).filter((node) => node.kind === 'POC_SUPPORT');
    expect((await gql('rep-1', `mutation($id: ID!) { retractCredit(creditId: $id, reason: "Wrong person") { status } }`, { id: credit.id })).errors).toBeUndefined();
    const raised = await gql('pm-1', `mutation($input: RaiseDisputeInput!) { raiseDispute(input: $input) { id status subject credit { id status } raisedBy { id } } }`, {
      input: { subject: 'RETRACTED_CREDIT', creditId: credit.id, reason: 'I did run it: ask the SE' },
    });
    expect(raised.data?.raiseDispute).toMatchObject({ status: 'OPEN', subject: 'RETRACTED_CREDIT', credit: { id: credit.id, status: 'RETRACTED' }, raisedBy: { id: 'pm-1' } });
    const id = raised.data?.raiseDispute.id;
    expect(codeOf(await gql('rep-1', `mutation($id: ID!) { resolveDispute(disputeId: $id, inFavor: true, resolution: "x") { id } }`, { id }))).toBe('FORBIDDEN');
    const queue = await gql('hr', `{ disputes(status: OPEN) { nodes { id } } }`);
    expect(queue.data?.disputes.nodes).toContainEqual({ id });
    const resolved = await gql('hr', `mutation($id: ID!) { resolveDispute(disputeId: $id, inFavor: true, resolution: "The SE confirms") { status resolution resolvedBy { id } credit { status } } }`, { id });
    expect(resolved.data?.resolveDispute).toEqual({ status: 'RESOLVED_IN_FAVOR', resolution: 'The SE confirms', resolvedBy: { id: 'hr' }, credit: { status: 'ACTIVE' } });
    expect((await creditsOf('pm-1')).find((node) => node.id === credit.id)?.status).toBe('ACTIVE');
    expect(codeOf(await gql('hr', `mutation($id: ID!) { resolveDispute(disputeId: $id, inFavor: false, resolution: "again") { id } }`, { id }))).toBe('INVALID_STATE');
  });

  it('records the claimed credit when HR resolves a declined claim\'s dispute in favour, and nothing when against', async () => {
    const claimed = await claim('se-1', 'd-2', 'RFP_RESPONSE');
    const claimId = claimed.data?.claimCredit.id;
    await decline('rep-2', claimId);
    const raise = (reason: string) =>
      gql('se-1', `mutation($input: RaiseDisputeInput!) { raiseDispute(input: $input) { id claim { id status } } }`, { input: { subject: 'DECLINED_CLAIM', claimId, reason } });
    const raised = await raise('I wrote half the RFP');
    expect(raised.data?.raiseDispute.claim).toEqual({ id: claimId, status: 'DECLINED' });
    expect((await gql('pm-1', `{ disputes { nodes { id } } }`)).data?.disputes.nodes).not.toContainEqual({ id: raised.data?.raiseDispute.id });
    await gql('admin', `mutation($id: ID!) { resolveDispute(disputeId: $id, inFavor: true, resolution: "The RFP log agrees") { status } }`, { id: raised.data?.raiseDispute.id });
    const after = await gql('se-1', `query($id: ID!) { claim(id: $id) { status credit { kind status creditedBy { id } } } }`, { id: claimId });
    expect(after.data?.claim).toEqual({ status: 'DECLINED', credit: { kind: 'RFP_RESPONSE', status: 'ACTIVE', creditedBy: { id: 'rep-2' } } });

    const standing = await gql('pm-1', `mutation($input: RaiseDisputeInput!) { raiseDispute(input: $input) { id } }`, {
      input: { subject: 'STANDING', programId: 'no-such-program', reason: 'My credits are missing' },
    });
    expect(standing.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', field: 'programId' });
    const declinedAgain = await claim('pmm-1', 'd-2', 'DEAL_ASSIST');
    await decline('rep-2', declinedAgain.data?.claimCredit.id);
    const against = await gql('pmm-1', `mutation($input: RaiseDisputeInput!) { raiseDispute(input: $input) { id } }`, {
      input: { subject: 'DECLINED_CLAIM', claimId: declinedAgain.data?.claimCredit.id, reason: 'I helped' },
    });
    const resolved = await gql('hr', `mutation($id: ID!) { resolveDispute(disputeId: $id, inFavor: false, resolution: "Not this deal") { status } }`, { id: against.data?.raiseDispute.id });
    expect(resolved.data?.resolveDispute).toEqual({ status: 'RESOLVED_AGAINST' });
    expect((await creditsOf('pmm-1')).filter((node) => node.kind === 'DEAL_ASSIST')).toEqual([]);
  });

  it('shows a manager their team: reports, their credits and pending claims, and won deals nobody was credited on', async () => {
    const team = await gql('lead-1', `{ myTeam { reports { id } pendingClaims { id } uncreditedDeals { id } } }`);
    expect(team.data?.myTeam).toEqual({ reports: [{ id: 'rep-1' }], pendingClaims: [], uncreditedDeals: [] });
    const reports = await gql('lead-1', `{ employee(id: "rep-1") { creditsGiven { totalCount } } }`);
    expect(reports.errors).toBeUndefined();
    expect(codeOf(await gql('lead-1', `{ employee(id: "rep-2") { creditsGiven { totalCount } } }`))).toBe('FORBIDDEN');
    expect(codeOf(await gql('rep-1', `{ employee(id: "lead-1") { creditsReceived { totalCount } } }`))).toBe('FORBIDDEN');
  });

  it('records the credit of an approval cut off before it reached the deal, once, at the next pass', async () => {
    const claimed = await claim('pmm-1', 'd-2', 'POC_SUPPORT');
    const id = claimed.data?.claimCredit.id;
    // The approval's decision alone, as a process killed between its two appends leaves it.
    const owner = { actor: { id: 'rep-2', roles: [] }, correlationId: 'cut-off' };
    await app.get(CommandRunner).run(claimStream(id), claims, { type: 'ApproveClaim', claimId: id, actor: owner.actor, facts: {} }, owner);
    expect(await projected(id)).toEqual(['CreditClaimed', 'ClaimApproved']);
    expect((await creditsOf('pmm-1')).filter((node) => node.kind === 'POC_SUPPORT')).toEqual([]);
    const escalation = app.get(ClaimEscalation);
    await Promise.all([escalation.pass(), escalation.pass()]);
    await projected(id, dealStream('d-2'));
    await escalation.pass();
    await projected(id, dealStream('d-2'));
    expect((await creditsOf('pmm-1')).filter((node) => node.kind === 'POC_SUPPORT')).toEqual([expect.objectContaining({ status: 'ACTIVE', creditedBy: { id: 'rep-2' } })]);
  });

  /** A dispute resolved in favour, its resolution alone: what a process killed between its two appends leaves. */
  async function resolvedAndCutOff(who: string, input: Record<string, unknown>): Promise<string> {
    const raised = await gql(who, `mutation($input: RaiseDisputeInput!) { raiseDispute(input: $input) { id } }`, { input });
    const id = raised.data?.raiseDispute.id;
    const hr = { actor: { id: 'hr', roles: ['HR' as const] }, correlationId: 'cut-off' };
    await app.get(CommandRunner).run(disputeStream(id), disputes, { type: 'ResolveDispute', disputeId: id, inFavor: true, resolution: 'Agreed', actor: hr.actor, facts: {} }, hr);
    expect(await projected(id, disputeStream(id))).toEqual(['DisputeRaised', 'DisputeResolved']);
    return id;
  }
  /** Passes, two at once as replicas would run them, then one more: what they appended to the deal's stream. */
  async function passesOn(dealId: string): Promise<{ type: string; data: Record<string, unknown> }[]> {
    const escalation = app.get(ClaimEscalation);
    await Promise.all([escalation.pass(), escalation.pass()]);
    await projected('', dealStream(dealId));
    await escalation.pass();
    await projected('', dealStream(dealId));
    const events: { type: string; data: Record<string, unknown> }[] = [];
    for await (const event of app.get<EventStore>(EVENT_STORE).readStream(dealStream(dealId))) events.push({ type: event.type, data: event.data as Record<string, unknown> });
    return events;
  }

  it('restores the credit of a resolution in favour cut off before it reached the deal, once, at the next pass', async () => {
    const input = { dealId: 'd-2', contributorId: 'pm-1', kind: 'COMPETITIVE_INTEL', note: 'Knew their shortlist' };
    const credited = await gql('rep-2', `mutation($input: CreditContributionInput!) { creditContribution(input: $input) { id } }`, { input });
    const creditId = credited.data?.creditContribution.id;
    await gql('rep-2', `mutation($id: ID!) { retractCredit(creditId: $id, reason: "Not this deal") { id } }`, { id: creditId });
    const disputeId = await resolvedAndCutOff('pm-1', { subject: 'RETRACTED_CREDIT', creditId, reason: 'It was this deal' });
    expect((await creditsOf('pm-1')).find((node) => node.id === creditId)?.status).toBe('RETRACTED');
    const restorations = (await passesOn('d-2')).filter((event) => event.type === 'CreditRestored');
    expect(restorations).toEqual([{ type: 'CreditRestored', data: { creditId, disputeId } }]);
    expect((await creditsOf('pm-1')).find((node) => node.id === creditId)?.status).toBe('ACTIVE');
  });

  it('records the credit of a declined claim resolved in favour but cut off before it reached the deal, once, at the next pass', async () => {
    const claimed = await claim('pm-1', 'd-2', 'ROADMAP_BRIEFING');
    const claimId = claimed.data?.claimCredit.id;
    await decline('rep-2', claimId);
    await resolvedAndCutOff('pm-1', { subject: 'DECLINED_CLAIM', claimId, reason: 'I briefed their CTO' });
    expect((await creditsOf('pm-1')).filter((node) => node.kind === 'ROADMAP_BRIEFING')).toEqual([]);
    const granted = (await passesOn('d-2')).filter((event) => event.type === 'ContributionCredited' && event.data.kind === 'ROADMAP_BRIEFING');
    expect(granted).toEqual([expect.objectContaining({ data: expect.objectContaining({ contributorId: 'pm-1', creditedBy: 'rep-2' }) })]);
    expect((await creditsOf('pm-1')).filter((node) => node.kind === 'ROADMAP_BRIEFING')).toEqual([expect.objectContaining({ status: 'ACTIVE' })]);
  });
});
