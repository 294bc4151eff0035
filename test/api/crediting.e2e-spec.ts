import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { TEST_JWT_SECRET, apiTargets, tokenFor } from '@club-ledger/test-support';
import { createApp } from '../../apps/api/src/app';
import { loadConfig } from '@club-ledger/kernel';

jest.setTimeout(90_000);

type Body = { data?: Record<string, any>; errors?: { message: string; extensions: Record<string, unknown> }[] }; // eslint-disable-line @typescript-eslint/no-explicit-any -- GraphQL answers are shaped by each query

const targets = apiTargets('crediting e2e');

describe.each(targets)('crediting over GraphQL on $name', ({ name, env }) => {
  let app: INestApplication;
  const token: Record<string, string> = {};

  beforeAll(async () => {
    app = await createApp(loadConfig({ ...(await env()), AUTH_JWT_SECRET: TEST_JWT_SECRET }), { logger: false });
    await app.init();
    process.stdout.write(`crediting e2e: running against ${name}\n`);
    for (const [id, roles] of [['hr', ['HR']], ['ceo', ['EXECUTIVE']], ['admin', ['ADMIN']], ['crm', ['INTEGRATION']], ['rep-1', []], ['rep-2', []], ['pm-1', []], ['se-1', []], ['pmm-1', []]] as const) {
      token[id] = await tokenFor(id, [...roles]);
    }
    const people = [['rep-1', 'Sales'], ['rep-2', 'Sales'], ['pm-1', 'Product Management'], ['se-1', 'Sales Engineering'], ['pmm-1', 'Product Marketing'], ...Array.from({ length: 20 }, (_, n) => [`helper-${n}`, 'Customer Success'])];
    for (const [id, department] of people) {
      const body = await gql('hr', `mutation($input: RegisterEmployeeInput!) { registerEmployee(input: $input) { id } }`, {
        input: { id, name: `Person ${id}`, email: `${id}@example.com`, department },
      });
      expect(body.errors).toBeUndefined();
    }
  });
  afterAll(async () => app?.close());

  async function gql(who: string, query: string, variables: Record<string, unknown> = {}): Promise<Body> {
    return (await request(app.getHttpServer()).post('/graphql').set('Authorization', `Bearer ${token[who]}`).send({ query, variables })).body;
  }
  const codeOf = (body: Body) => body.errors?.[0]?.extensions;

  const openDeal = `mutation($input: OpenDealInput!) { openDeal(input: $input) { id status amount flags owner { id } } }`;
  const closeDeal = `mutation($input: CloseDealInput!) { closeDeal(input: $input) { id status closedOn flags } }`;
  const credit = `mutation($input: CreditContributionInput!) {
    creditContribution(input: $input) { id kind note status flags contributor { id } creditedBy { id } deal { id } } }`;

  async function wonDeal(id: string, openedOn = '2026-01-10', closedOn = '2026-03-31') {
    const opened = await gql('rep-1', openDeal, {
      input: { id, name: `Deal ${id}`, account: 'Acme', ownerId: 'rep-1', type: 'NEW_BUSINESS', amount: '1500000.00', products: ['Analytics'], openedOn },
    });
    expect(opened.errors).toBeUndefined();
    const closed = await gql('rep-1', closeDeal, { input: { dealId: id, outcome: 'WON', closedOn } });
    expect(closed.errors).toBeUndefined();
    return closed.data?.closeDeal;
  }

  it('lets a rep open, win and credit a deal for a PM, an SE and a PMM, and everyone sees what they should', async () => {
    expect(await wonDeal('d-main')).toEqual({ id: 'd-main', status: 'CLOSED_WON', closedOn: '2026-03-31', flags: [] });
    for (const [contributorId, kind, note] of [['pm-1', 'ROADMAP_BRIEFING', 'Briefed their CTO on the roadmap'], ['se-1', 'POC_SUPPORT', 'Ran the POC over a weekend'], ['pmm-1', 'COMPETITIVE_INTEL', 'Battlecard against the incumbent']]) {
      const body = await gql('rep-1', credit, { input: { dealId: 'd-main', contributorId, kind, note } });
      expect(body.data?.creditContribution).toMatchObject({ kind, note, status: 'ACTIVE', contributor: { id: contributorId }, creditedBy: { id: 'rep-1' }, deal: { id: 'd-main' } });
    }
    const received = await gql('pm-1', `{ me { creditsReceived { totalCount nodes { kind deal { id } } } } }`);
    expect(received.data?.me.creditsReceived).toEqual({ totalCount: 1, nodes: [{ kind: 'ROADMAP_BRIEFING', deal: { id: 'd-main' } }] });
    const given = await gql('rep-1', `{ me { creditsGiven(first: 2) { totalCount nodes { contributor { id } } pageInfo { hasNextPage endCursor } } } }`);
    expect(given.data?.me.creditsGiven.totalCount).toBe(3);
    expect(given.data?.me.creditsGiven.pageInfo.hasNextPage).toBe(true);
    const rest = await gql('rep-1', `query($after: String) { me { creditsGiven(first: 2, after: $after) { nodes { contributor { id } } pageInfo { hasNextPage } } } }`, { after: given.data?.me.creditsGiven.pageInfo.endCursor });
    expect(rest.data?.me.creditsGiven).toEqual({ nodes: [{ contributor: { id: 'pmm-1' } }], pageInfo: { hasNextPage: false } });
    // A cursor sent as null is no cursor: the first page, on either side.
    for (const side of ['creditsGiven', 'creditsReceived']) {
      const fromNull = await gql('rep-1', `query($after: String) { me { ${side}(after: $after) { totalCount } } }`, { after: null });
      expect(fromNull).toEqual({ data: { me: { [side]: { totalCount: side === 'creditsGiven' ? 3 : 0 } } } });
    }

    const dealQuery = `{ deal(id: "d-main") { id owner { id } credits { contributor { id } } history { type actor } } }`;
    const asContributor = await gql('se-1', dealQuery);
    expect(asContributor.data?.deal.credits).toHaveLength(3);
    expect(asContributor.data?.deal.history.map((entry: { type: string }) => entry.type)).toEqual([
      'DealOpened', 'DealClosedWon', 'ContributionCredited', 'ContributionCredited', 'ContributionCredited',
    ]);
    expect(codeOf(await gql('rep-2', dealQuery))).toMatchObject({ code: 'FORBIDDEN' });
    expect((await gql('ceo', dealQuery)).data?.deal.id).toBe('d-main');
    expect(codeOf(await gql('rep-2', `{ employee(id: "pm-1") { creditsReceived { totalCount } } }`))).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('refuses each bad credit with the code of its rule, and appends nothing', async () => {
    await wonDeal('d-rules');
    const attempt = (who: string, input: Record<string, unknown>) =>
      gql(who, credit, { input: { dealId: 'd-rules', contributorId: 'pm-1', kind: 'DEAL_ASSIST', note: 'Helped', ...input } });
    expect(codeOf(await attempt('rep-1', { contributorId: 'rep-1' }))).toMatchObject({ code: 'SELF_CREDIT' });
    expect(codeOf(await attempt('rep-2', {}))).toMatchObject({ code: 'FORBIDDEN' });
    expect(codeOf(await attempt('rep-1', { note: '' }))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'note' });
    expect(codeOf(await attempt('rep-1', { note: 'x'.repeat(2001) }))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'note' });
    expect(codeOf(await attempt('rep-1', { kind: 'LUNCH' }))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'kind' });
    expect(codeOf(await attempt('rep-1', { dealId: 'nope' }))).toMatchObject({ code: 'NOT_FOUND' });
    expect(codeOf(await attempt('rep-1', { contributorId: 'ghost' }))).toMatchObject({ code: 'NOT_FOUND', field: 'contributorId' });
    expect(codeOf(await attempt('rep-1', { contributorId: 'bad id!' }))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'contributorId' });
    expect((await attempt('rep-1', {})).errors).toBeUndefined();
    expect(codeOf(await attempt('rep-1', {}))).toMatchObject({ code: 'DUPLICATE_CREDIT' });
    const history = await gql('admin', `{ deal(id: "d-rules") { history { type } } }`);
    expect(history.data?.deal.history).toHaveLength(3);
  });

  it('refuses bad deal input: negative or non-numeric money, a close before the open, closing twice', async () => {
    const open = (input: Record<string, unknown>) =>
      gql('rep-1', openDeal, { input: { id: 'd-bad', name: 'Bad', account: 'Acme', ownerId: 'rep-1', type: 'RENEWAL', amount: '10.00', products: [], openedOn: '2026-02-01', ...input } });
    expect(codeOf(await open({ amount: '-1.00' }))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'amount' });
    expect(codeOf(await open({ amount: 'ten' }))).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(codeOf(await open({ type: 'BIG' }))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'type' });
    expect(codeOf(await open({ id: 'bad id' }))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'dealId' });
    expect(codeOf(await open({ ownerId: 'rep-2' }))).toMatchObject({ code: 'FORBIDDEN' });
    expect((await open({})).errors).toBeUndefined();
    expect(codeOf(await gql('rep-1', closeDeal, { input: { dealId: 'd-bad', outcome: 'WON', closedOn: '2026-01-31' } }))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'closedOn' });
    expect((await gql('rep-1', closeDeal, { input: { dealId: 'd-bad', outcome: 'LOST', closedOn: '2026-02-01' } })).data?.closeDeal.flags).toEqual(['OPENED_AND_CLOSED_SAME_DAY']);
    expect(codeOf(await gql('rep-1', closeDeal, { input: { dealId: 'd-bad', outcome: 'WON', closedOn: '2026-02-02' } }))).toMatchObject({ code: 'INVALID_STATE' });
  });

  it('lands 20 concurrent credits on one deal exactly once each', async () => {
    await wonDeal('d-busy');
    const bodies = await Promise.all(
      Array.from({ length: 20 }, (_, n) => gql('rep-1', credit, { input: { dealId: 'd-busy', contributorId: `helper-${n}`, kind: 'ESCALATION', note: 'Defused the escalation' } })),
    );
    expect(bodies.filter((body) => body.errors)).toEqual([]);
    const deal = await gql('admin', `{ deal(id: "d-busy") { credits { contributor { id } } } }`);
    expect(deal.data?.deal.credits.map((c: { contributor: { id: string } }) => c.contributor.id).sort()).toEqual(
      Array.from({ length: 20 }, (_, n) => `helper-${n}`).sort(),
    );
  });

  it('returns the first result for a retried credit with the same idempotency key, appending nothing', async () => {
    await wonDeal('d-retry');
    const input = { dealId: 'd-retry', contributorId: 'se-1', kind: 'RFP_RESPONSE', note: 'Wrote the security answers', idempotencyKey: 'crm-credit-42' };
    const first = await gql('rep-1', credit, { input });
    const again = await gql('rep-1', credit, { input });
    expect(again.data?.creditContribution.id).toBe(first.data?.creditContribution.id);
    expect((await gql('admin', `{ deal(id: "d-retry") { credits { id } } }`)).data?.deal.credits).toHaveLength(1);
  });

  it('flags a credit given more than 90 days after the close, and retracts with a reason', async () => {
    await wonDeal('d-late', '2025-01-02', '2025-02-01');
    const late = await gql('rep-1', credit, { input: { dealId: 'd-late', contributorId: 'pm-1', kind: 'DEAL_ASSIST', note: 'Late thanks' } });
    expect(late.data?.creditContribution.flags).toEqual(['LATE_CREDIT']);
    // Counted from midnight (UTC) of the close: now is over 90 days after a close 90 days ago, under after one 89 days ago.
    const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);
    for (const [days, flags] of [[90, ['LATE_CREDIT']], [89, []]] as const) {
      await wonDeal(`d-${days}-days`, daysAgo(120), daysAgo(days));
      const given = await gql('rep-1', credit, { input: { dealId: `d-${days}-days`, contributorId: 'pm-1', kind: 'DEAL_ASSIST', note: 'Thanks' } });
      expect(given.data?.creditContribution.flags).toEqual(flags);
    }
    const retract = `mutation($id: ID!) { retractCredit(creditId: $id, reason: "wrong deal") { status } }`;
    expect(codeOf(await gql('rep-2', retract, { id: late.data?.creditContribution.id }))).toMatchObject({ code: 'FORBIDDEN' });
    expect((await gql('hr', retract, { id: late.data?.creditContribution.id })).data?.retractCredit).toEqual({ status: 'RETRACTED' });
  });
});
