import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import type { INestApplication } from '@nestjs/common';
import { createClient, type Client } from 'graphql-ws';
import request from 'supertest';
import WebSocket from 'ws';
import { TEST_JWT_SECRET, apiTargets, startChatReceiver, startMailServer, tokenFor } from '@club-ledger/test-support';
import { createApp } from '../../apps/api/src/app';
import { loadConfig } from '@club-ledger/kernel';

jest.setTimeout(120_000);

type Body = { data?: Record<string, any>; errors?: { message: string; extensions: Record<string, unknown> }[] }; // eslint-disable-line @typescript-eslint/no-explicit-any -- GraphQL answers are shaped by each query

const targets = apiTargets('notifications e2e');
const roles: Record<string, string[]> = { hr: ['HR'], 'hr-2': ['HR'], admin: ['ADMIN'], crm: ['INTEGRATION'], ceo: ['EXECUTIVE'] };
const helpers = Array.from({ length: 12 }, (_, n) => `cs-${n}`);

/** Waits for something the delivery worker or the projector does in its own time; fails saying what never came. */
async function until(what: string, holds: () => boolean | Promise<boolean>): Promise<void> {
  for (let waited = 0; !(await holds()); waited += 20) {
    if (waited > 20_000) throw new Error(`Gave up waiting until ${what}`);
    await sleep(20);
  }
}

describe.each(targets)('notifications over GraphQL on $name', ({ name, env }) => {
  let app: INestApplication;
  let url: string;
  let mail: Awaited<ReturnType<typeof startMailServer>>;
  let chat: Awaited<ReturnType<typeof startChatReceiver>>;
  const clients: Client[] = [];

  beforeAll(async () => {
    mail = await startMailServer();
    chat = await startChatReceiver();
    app = await createApp(
      loadConfig({
        ...(await env()), AUTH_JWT_SECRET: TEST_JWT_SECRET, SMTP_URL: mail.url, MAIL_FROM: 'Club Ledger <ledger@example.com>',
        CHAT_WEBHOOK_URL: chat.url, HR_EMAIL: 'people@example.com', DELIVERY_MAX_ATTEMPTS: '2',
      }),
      { logger: false },
    );
    await app.listen(0, '127.0.0.1');
    url = `ws://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}/graphql`;
    process.stdout.write(`notifications e2e: running against ${name}\n`);
    for (const [id, department] of [['rep-1', 'Sales'], ['pm-1', 'Product Management'], ['se-1', 'Sales Engineering'], ...helpers.map((id) => [id, 'Customer Success'])]) {
      ok(await gql('hr', `mutation($input: RegisterEmployeeInput!) { registerEmployee(input: $input) { id } }`, {
        input: { id, name: `Person ${id}`, email: `${id}@example.com`, department },
      }));
    }
    ok(await gql('rep-1', `mutation($input: OpenDealInput!) { openDeal(input: $input) { id } }`, {
      input: { id: 'd-1', name: 'Acme renewal', account: 'Acme', ownerId: 'rep-1', type: 'RENEWAL', amount: '100000.00', products: [], openedOn: '2026-02-01' },
    }));
    ok(await gql('rep-1', `mutation { closeDeal(input: { dealId: "d-1", outcome: WON, closedOn: "2026-03-02" }) { id } }`));
  });
  afterAll(async () => {
    await Promise.all(clients.map((client) => client.dispose()));
    await app?.close();
    await chat?.close();
    await mail?.close();
  });

  async function gql(who: string, query: string, variables: Record<string, unknown> = {}): Promise<Body> {
    const token = await tokenFor(who, roles[who] ?? []);
    return (await request(app.getHttpServer()).post('/graphql').set('Authorization', `Bearer ${token}`).send({ query, variables })).body;
  }
  function ok(body: Body) {
    expect(body.errors).toBeUndefined();
    return body.data as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- response shapes vary per query
  }
  const codeOf = (body: Body) => body.errors?.[0]?.extensions;
  const credit = (contributorId: string, kind = 'POC_SUPPORT') =>
    gql('rep-1', `mutation($input: CreditContributionInput!) { creditContribution(input: $input) { id } }`, {
      input: { dealId: 'd-1', contributorId, kind, note: 'Ran the proof of concept' },
    });
  const inbox = async (who: string) =>
    ok(await gql(who, `{ notifications { totalCount unread nodes { id kind text link read } } }`)).notifications;

  it('tells a contributor in the app, by mail and in chat, and no one else', async () => {
    ok(await credit('pm-1'));
    const mine = await inbox('pm-1');
    expect(mine).toMatchObject({ totalCount: 1, unread: 1 });
    expect(mine.nodes[0]).toMatchObject({ kind: 'CREDITED', text: 'Person rep-1 credited you for POC support on Acme renewal', link: '/deals/d-1', read: false });
    expect(await inbox('se-1')).toMatchObject({ totalCount: 0, unread: 0 });
    await until('the mail and the chat message arrive', () => mail.received.length >= 1 && chat.accepted.length >= 1);
    expect(mail.received[0]).toMatchObject({ to: ['pm-1@example.com'], from: 'ledger@example.com' });
    expect(chat.accepted[0].text).toContain('<mailto:pm-1@example.com|pm-1@example.com> Person rep-1 credited you');

    expect(ok(await gql('se-1', `mutation($ids: [ID!]) { markNotificationsRead(ids: $ids) }`, { ids: [mine.nodes[0].id] })).markNotificationsRead).toBe(0);
    expect(ok(await gql('pm-1', `mutation($ids: [ID!]) { markNotificationsRead(ids: $ids) }`, { ids: [mine.nodes[0].id, 'not-an-id'] })).markNotificationsRead).toBe(1);
    expect(await inbox('pm-1')).toMatchObject({ totalCount: 1, unread: 0, nodes: [{ read: true }] });
    expect(ok(await gql('pm-1', `mutation { markNotificationsRead }`)).markNotificationsRead).toBe(0);
  });

  it('pushes a notification to its recipient over graphql-ws, and to no one else', async () => {
    const subscribe = async (who: string) => {
      const client = createClient({ url, webSocketImpl: WebSocket, retryAttempts: 0, connectionParams: { Authorization: `Bearer ${await tokenFor(who, [])}` } });
      clients.push(client);
      const pushed: { kind: string; text: string; read: boolean }[] = [];
      await new Promise<void>((resolve, reject) => {
        client.on('connected', () => resolve());
        client.subscribe<{ notificationAdded: { kind: string; text: string; read: boolean } }>(
          { query: `subscription { notificationAdded { kind text read } }` },
          { next: (result) => pushed.push(result.data!.notificationAdded), error: reject, complete: () => undefined },
        );
      });
      return pushed;
    };
    const se = await subscribe('se-1');
    const pm = await subscribe('pm-1');
    // The subscription is served once its first message is handled: a credit before that could pass it by.
    await sleep(100);
    ok(await credit('se-1'));
    await until('the SE hears of the credit', () => se.length === 1);
    expect(se).toEqual([{ kind: 'CREDITED', text: 'Person rep-1 credited you for POC support on Acme renewal', read: false }]);
    ok(await credit('pm-1', 'ROADMAP_BRIEFING'));
    await until('the PM hears of theirs', () => pm.length === 1);
    expect(se).toHaveLength(1);
  });

  it('keeps muted kinds in the app only, and refuses a kind that does not exist', async () => {
    const settings = `mutation($input: NotificationSettingsInput!) { changeNotificationSettings(input: $input) { email chat muted } }`;
    expect(ok(await gql('pm-1', `{ notificationSettings { email chat muted } }`)).notificationSettings).toEqual({ email: true, chat: true, muted: [] });
    expect(ok(await gql('pm-1', settings, { input: { muted: ['CREDITED'] } })).changeNotificationSettings).toEqual({ email: true, chat: true, muted: ['CREDITED'] });
    expect(codeOf(await gql('pm-1', settings, { input: { muted: ['LUNCH'] } }))).toMatchObject({ code: 'BAD_USER_INPUT' });
    ok(await credit('pm-1', 'DEAL_ASSIST'));
    ok(await credit('se-1', 'DEAL_ASSIST'));
    await until('the SE is mailed', () => mail.received.some((message) => message.to[0] === 'se-1@example.com' && message.raw.includes('deal assist')));
    expect((await inbox('pm-1')).nodes[0]).toMatchObject({ kind: 'CREDITED', text: expect.stringContaining('deal assist') });
    const deliveries = ok(await gql('admin', `{ deliveries(first: 200) { nodes { channel status notification { text } } } }`)).deliveries.nodes;
    expect(deliveries.filter((delivery: { notification: { text: string } }) => delivery.notification.text.includes('deal assist'))).toHaveLength(2);
    expect(mail.received.filter((message) => message.raw.includes('deal assist')).map((message) => message.to[0])).toEqual(['se-1@example.com']);
    await until('the SE is posted to', () => chat.accepted.some((message) => message.text.includes('deal assist')));
    expect(chat.accepted.filter((message) => message.text.includes('deal assist'))).toEqual([{ text: expect.stringContaining('se-1@example.com') }]);
  });

  it('tells each person once when a revision moves them all, and again only when their place changes', async () => {
    for (const id of helpers) ok(await credit(id, 'ESCALATION'));
    ok(await gql('hr', `mutation($input: DraftAwardProgramInput!) { draftAwardProgram(input: $input) { id } }`, { input: {
      id: 'cs-award', name: 'Customer Success award', periodStart: '2026-01-01', periodEnd: '2026-12-31', audienceDepartments: ['Customer Success'],
      criteria: { thresholds: [{ metric: 'CREDITS', atLeast: 5 }] },
    } }));
    ok(await gql('hr', `mutation { openAwardProgram(programId: "cs-award") { id } }`));
    ok(await gql('hr', `mutation($c: CriteriaInput!) { reviseCriteria(programId: "cs-award", criteria: $c, reason: "One credit is enough") { id } }`, {
      c: { thresholds: [{ metric: 'CREDITS', atLeast: 1 }] },
    }));
    const kindsOf = async (who: string) => (await inbox(who)).nodes.map((node: { kind: string }) => node.kind);
    await until('everyone qualifies and is told', async () => (await Promise.all(helpers.map(kindsOf))).every((kinds) => kinds.includes('QUALIFIED')));
    ok(await credit('cs-0', 'RFP_RESPONSE'));
    ok(await gql('hr', `mutation($c: CriteriaInput!) { reviseCriteria(programId: "cs-award", criteria: $c, reason: "Two credits") { id } }`, {
      c: { thresholds: [{ metric: 'CREDITS', atLeast: 2 }] },
    }));
    await until('cs-1 hears they no longer qualify', async () => (await kindsOf('cs-1')).includes('NO_LONGER_QUALIFIED'));
    // Newest first: cs-0 still qualifies under the second revision, and is not told again.
    expect(await kindsOf('cs-0')).toEqual(['CREDITED', 'QUALIFIED', 'PROGRAM_OPENED', 'CREDITED']);
    expect(await kindsOf('cs-1')).toEqual(['NO_LONGER_QUALIFIED', 'QUALIFIED', 'PROGRAM_OPENED', 'CREDITED']);
  });

  it('shows a dispute to every HR caller, each with their own read mark, mails HR_EMAIL, and tells the person its resolution', async () => {
    const credited = ok(await credit('pm-1', 'RFP_RESPONSE')).creditContribution;
    ok(await gql('rep-1', `mutation($id: ID!) { retractCredit(creditId: $id, reason: "Logged twice") { id } }`, { id: credited.id }));
    expect((await inbox('pm-1')).nodes[0]).toMatchObject({ kind: 'CREDIT_RETRACTED', text: 'Person rep-1 retracted your credit for an RFP response on Acme renewal: Logged twice' });
    const raised = ok(await gql('pm-1', `mutation($input: RaiseDisputeInput!) { raiseDispute(input: $input) { id } }`, {
      input: { subject: 'RETRACTED_CREDIT', creditId: credited.id, reason: 'I wrote the security answers' },
    })).raiseDispute;
    const disputeNews = { kind: 'DISPUTE_RAISED', text: 'Person pm-1 disputes a retracted credit: I wrote the security answers', link: '/disputes', read: false };
    const [toHr] = (await inbox('hr')).nodes;
    expect(toHr).toMatchObject(disputeNews);
    expect((await inbox('hr-2')).nodes[0]).toMatchObject(disputeNews);
    expect((await inbox('admin')).nodes.map((node: { kind: string }) => node.kind)).not.toContain('DISPUTE_RAISED');
    expect(ok(await gql('hr', `mutation($ids: [ID!]) { markNotificationsRead(ids: $ids) }`, { ids: [toHr.id] })).markNotificationsRead).toBe(1);
    expect((await inbox('hr')).nodes[0].read).toBe(true);
    expect((await inbox('hr-2')).nodes[0].read).toBe(false);
    await until('HR is mailed', () => mail.received.some((message) => message.to[0] === 'people@example.com' && message.raw.includes('disputes a retracted credit')));

    ok(await gql('hr', `mutation($id: ID!) { resolveDispute(disputeId: $id, inFavor: true, resolution: "The SE confirms") { id } }`, { id: raised.id }));
    expect((await inbox('pm-1')).nodes[0]).toMatchObject({ kind: 'DISPUTE_RESOLVED', text: 'hr resolved your dispute in your favour: The SE confirms' });
  });

  it('keeps a delivery that keeps failing for ADMIN, and sends it when ADMIN retries it', async () => {
    chat.answer(['fail', 'fail'], 'competitive intel');
    ok(await credit('se-1', 'COMPETITIVE_INTEL'));
    const failed = `{ deliveries(status: FAILED) { totalCount nodes { id channel status attempts lastError notification { text } } } }`;
    await until('the chat delivery fails twice', async () => ok(await gql('admin', failed)).deliveries.totalCount === 1);
    const [delivery] = ok(await gql('admin', failed)).deliveries.nodes;
    expect(delivery).toMatchObject({ channel: 'CHAT', status: 'FAILED', attempts: 2, lastError: 'The chat webhook answered 500: internal_error' });
    expect(delivery.notification.text).toContain('competitive intel');
    for (const who of ['se-1', 'hr', 'ceo', 'crm']) {
      expect(codeOf(await gql(who, failed))).toMatchObject({ code: 'FORBIDDEN' });
      expect(codeOf(await gql(who, `mutation($id: ID!) { retryDelivery(id: $id) { id } }`, { id: delivery.id }))).toMatchObject({ code: 'FORBIDDEN' });
    }
    expect(codeOf(await gql('admin', `mutation { retryDelivery(id: "nope") { id } }`))).toMatchObject({ code: 'NOT_FOUND', field: 'id' });
    expect(ok(await gql('admin', `mutation($id: ID!) { retryDelivery(id: $id) { status } }`, { id: delivery.id })).retryDelivery).toEqual({ status: 'PENDING' });
    await until('the retried message arrives', () => chat.accepted.some((message) => message.text.includes('competitive intel')));
    const metrics = (await request(app.getHttpServer()).get('/metrics')).text;
    expect(metrics).toMatch(/club_ledger_notification_deliveries_total\{channel="CHAT",outcome="FAILED"\} 1/);
    expect(metrics).toMatch(/club_ledger_notification_deliveries_total\{channel="EMAIL",outcome="DELIVERED"\} [1-9]/);
  });
});

const databaseUrl = process.env.DATABASE_URL;
(databaseUrl ? describe : describe.skip)('notificationAdded on an API without its own projector (PostgreSQL)', () => {
  const apps: INestApplication[] = [];
  afterAll(async () => {
    for (const app of apps.reverse()) await app.close();
  });

  it('pushes what the projecting process records, heard through PostgreSQL', async () => {
    const env = { DATABASE_URL: databaseUrl!, DATABASE_SCHEMA: `e2e_${Date.now().toString(36)}_notify`, AUTH_JWT_SECRET: TEST_JWT_SECRET };
    const projecting = await createApp(loadConfig(env), { logger: false });
    await projecting.init();
    apps.push(projecting);
    const serving = await createApp(loadConfig({ ...env, PROJECTOR: 'off' }), { logger: false });
    await serving.listen(0, '127.0.0.1');
    apps.push(serving);
    const gql = async (app: INestApplication, who: string, query: string, variables: Record<string, unknown> = {}) => {
      const body = (await request(app.getHttpServer()).post('/graphql').set('Authorization', `Bearer ${await tokenFor(who, roles[who] ?? [])}`).send({ query, variables })).body as Body;
      expect(body.errors).toBeUndefined();
    };
    for (const id of ['rep-1', 'pm-1']) {
      await gql(projecting, 'hr', `mutation($input: RegisterEmployeeInput!) { registerEmployee(input: $input) { id } }`, {
        input: { id, name: `Person ${id}`, email: `${id}@example.com`, department: 'Sales' },
      });
    }
    await gql(projecting, 'rep-1', `mutation($input: OpenDealInput!) { openDeal(input: $input) { id } }`, {
      input: { id: 'd-1', name: 'Acme renewal', account: 'Acme', ownerId: 'rep-1', type: 'RENEWAL', amount: '1000.00', products: [], openedOn: '2026-02-01' },
    });
    await gql(projecting, 'rep-1', `mutation { closeDeal(input: { dealId: "d-1", outcome: WON, closedOn: "2026-03-02" }) { id } }`);

    const client = createClient({
      url: `ws://127.0.0.1:${(serving.getHttpServer().address() as AddressInfo).port}/graphql`, webSocketImpl: WebSocket, retryAttempts: 0,
      connectionParams: { Authorization: `Bearer ${await tokenFor('pm-1', [])}` },
    });
    const pushed: string[] = [];
    await new Promise<void>((resolve, reject) => {
      client.on('connected', () => resolve());
      client.subscribe<{ notificationAdded: { text: string } }>(
        { query: `subscription { notificationAdded { text } }` },
        { next: (result) => pushed.push(result.data!.notificationAdded.text), error: reject, complete: () => undefined },
      );
    });
    await sleep(100);
    await gql(serving, 'rep-1', `mutation { creditContribution(input: { dealId: "d-1", contributorId: "pm-1", kind: POC_SUPPORT, note: "Ran the POC" }) { id } }`);
    await until('the credit is pushed', () => pushed.length === 1);
    expect(pushed).toEqual(['Person rep-1 credited you for POC support on Acme renewal']);
    await client.dispose();
  });
});
