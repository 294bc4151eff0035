import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import type { INestApplication } from '@nestjs/common';
import { createClient, type Client } from 'graphql-ws';
import request from 'supertest';
import WebSocket from 'ws';
import { TEST_JWT_SECRET, apiTargets, tokenFor } from '@club-ledger/test-support';
import { generateOrg, type GeneratedOrg } from '@club-ledger/test-support/record-org';
import { createApp } from '../../apps/api/src/app';
import { loadConfig } from '@club-ledger/kernel';
import { StandingChanges } from '@club-ledger/eligibility';

jest.setTimeout(180_000);

const targets = apiTargets('eligibility year e2e');
const org = generateOrg(2026, { employees: 24, deals: 40 });
const won = org.deals.filter((deal) => deal.outcome === 'WON');
const reps = org.employees.filter((employee) => employee.department === 'Sales');

type Body = { data?: Record<string, any>; errors?: { message: string; extensions: Record<string, unknown> }[] }; // eslint-disable-line @typescript-eslint/no-explicit-any -- response shapes vary per query
interface Pushed { employee: { id: string }; qualifies: boolean; criteriaVersion: number }

const standingFields = `employee { id } criteriaVersion qualifies rank progress score metrics { metric kind value }
  thresholds { threshold { metric atLeast kind } actual met progress } evidence { id deal { id } }`;

describe.each(targets)('a year of eligibility over GraphQL on $name', ({ name, env }) => {
  let app: INestApplication;
  let url: string;
  const clients: Client[] = [];

  beforeAll(async () => {
    app = await createApp(loadConfig({ ...(await env()), AUTH_JWT_SECRET: TEST_JWT_SECRET }), { logger: false });
    await app.listen(0, '127.0.0.1');
    url = `ws://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}/graphql`;
    process.stdout.write(`eligibility year e2e: running against ${name}\n`);
    await recordYear(org);
  });
  afterAll(async () => {
    await Promise.all(clients.map((client) => client.dispose()));
    await app?.close();
  });

  async function gql(sub: string, roles: string[], query: string, variables: Record<string, unknown> = {}): Promise<Body> {
    const token = await tokenFor(sub, roles);
    return (await request(app.getHttpServer()).post('/graphql').set('Authorization', `Bearer ${token}`).send({ query, variables })).body;
  }
  const hr = (query: string, variables?: Record<string, unknown>) => gql('hr-1', ['HR'], query, variables);
  const ceo = (query: string, variables?: Record<string, unknown>) => gql('ceo', ['EXECUTIVE'], query, variables);
  const ok = (body: Body) => {
    expect(body.errors).toBeUndefined();
    return body.data as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- response shapes vary per query
  };

  async function recordYear(year: GeneratedOrg) {
    for (const employee of year.employees) {
      ok(await hr(`mutation($input: RegisterEmployeeInput!) { registerEmployee(input: $input) { id } }`, { input: employee }));
    }
    for (const quota of year.quotas) ok(await hr(`mutation($input: SetQuotaInput!) { setQuota(input: $input) { id } }`, { input: quota }));
    for (const deal of year.deals) {
      const owner = (query: string, variables: Record<string, unknown>) => gql(deal.ownerId, [], query, variables);
      const { id, name: dealName, account, ownerId, type, amount, products, openedOn } = deal;
      ok(await owner(`mutation($input: OpenDealInput!) { openDeal(input: $input) { id } }`, { input: { id, name: dealName, account, ownerId, type, amount, products, openedOn } }));
      if (deal.outcome === 'OPEN') continue;
      ok(await owner(`mutation($input: CloseDealInput!) { closeDeal(input: $input) { id } }`, { input: { dealId: id, outcome: deal.outcome, closedOn: deal.closedOn } }));
      for (const credit of deal.credits) {
        const given = ok(await owner(`mutation($input: CreditContributionInput!) { creditContribution(input: $input) { id } }`, {
          input: { dealId: id, contributorId: credit.contributorId, kind: credit.kind, note: credit.note },
        }));
        if (credit.retraction) ok(await owner(`mutation($id: ID!, $reason: String!) { retractCredit(creditId: $id, reason: $reason) { id } }`, { id: given.creditContribution.id, reason: credit.retraction }));
      }
    }
    const draft = `mutation($input: DraftAwardProgramInput!) { draftAwardProgram(input: $input) { id } }`;
    ok(await hr(draft, { input: {
      id: 'presidents-club', name: "President's Club 2026", periodStart: '2026-01-01', periodEnd: '2026-12-31', audienceDepartments: ['Sales'],
      criteria: { thresholds: [{ metric: 'QUOTA_ATTAINMENT', atLeast: 0.3 }], rankBy: 'QUOTA_ATTAINMENT', maxWinners: 3 },
    } }));
    ok(await hr(draft, { input: {
      id: 'cross-functional', name: 'Cross-functional award 2026', periodStart: '2026-01-01', periodEnd: '2026-12-31',
      audienceDepartments: ['Product Management', 'Product Marketing', 'Sales Engineering'],
      criteria: {
        thresholds: [{ metric: 'CREDITS', atLeast: 2 }, { metric: 'INFLUENCED_AMOUNT', atLeast: 150000 }, { metric: 'DISTINCT_CREDITORS', atLeast: 2 }],
        rankBy: 'POINTS', kindPoints: [{ kind: 'POC_SUPPORT', points: 3 }, { kind: 'ROADMAP_BRIEFING', points: 2 }],
        dealTypeMultipliers: [{ type: 'NEW_BUSINESS', multiplier: 1.5 }],
      },
    } }));
    for (const id of ['presidents-club', 'cross-functional']) ok(await hr(`mutation { openAwardProgram(programId: "${id}") { id } }`));
  }

  /** A graphql-ws subscription to `standingChanged`, collecting what it is pushed, live once the server listens. */
  async function watch(sub: string | null, roles: string[], programId: string) {
    const client = createClient({ url, webSocketImpl: WebSocket, retryAttempts: 0, connectionParams: sub ? { Authorization: `Bearer ${await tokenFor(sub, roles)}` } : {} });
    clients.push(client);
    const pushed: Pushed[] = [];
    const errors: unknown[] = [];
    const listening = app.get(StandingChanges).watchers(programId);
    client.subscribe<{ standingChanged: Pushed }>(
      { query: `subscription($p: ID!) { standingChanged(programId: $p) { employee { id } qualifies criteriaVersion } }`, variables: { p: programId } },
      { next: (result) => (result.errors ? errors.push(...result.errors) : pushed.push((result.data as { standingChanged: Pushed }).standingChanged)), error: (error) => errors.push(error), complete: () => undefined },
    );
    const until = async (holds: () => boolean, what: string) => {
      for (let waited = 0; !holds(); waited += 10) {
        if (waited > 15_000) throw new Error(`Gave up waiting for ${what}; pushed ${JSON.stringify(pushed)}, errors ${JSON.stringify(errors)}`);
        await sleep(10);
      }
    };
    return { pushed, errors, until, live: () => until(() => app.get(StandingChanges).watchers(programId) > listening || errors.length > 0, 'the subscription') };
  }

  it('serves now from the read model exactly as it computes any moment from the facts', async () => {
    for (const programId of ['presidents-club', 'cross-functional']) {
      const page = `query($p: ID!, $k: DateTime) { awardProgram(id: $p) { standings(first: 200, knownAt: $k) { totalCount nodes { ${standingFields} } } } }`;
      const kept = ok(await ceo(page, { p: programId })).awardProgram.standings;
      const computed = ok(await ceo(page, { p: programId, k: '2099-01-01T00:00:00Z' })).awardProgram.standings;
      expect(kept.totalCount).toBeGreaterThan(3);
      expect(kept.nodes.some((node: Pushed) => node.qualifies)).toBe(true);
      expect(kept).toEqual(computed);
    }
  });

  it('pages the ranked standings, and answers qualifiers, near misses and one standing consistently', async () => {
    const all = ok(await ceo(`{ awardProgram(id: "cross-functional") { standings(first: 200) { nodes { employee { id } qualifies progress rank } } } }`)).awardProgram.standings.nodes;
    const first = ok(await ceo(`{ awardProgram(id: "cross-functional") { standings(first: 4) { totalCount nodes { employee { id } } pageInfo { hasNextPage endCursor } } } }`)).awardProgram.standings;
    const second = ok(await ceo(`query($after: String) { awardProgram(id: "cross-functional") { standings(first: 4, after: $after) { nodes { employee { id } } } } }`, { after: first.pageInfo.endCursor })).awardProgram.standings;
    expect([...first.nodes, ...second.nodes]).toEqual(all.slice(0, 8).map(({ employee }: Pushed) => ({ employee })));
    expect(first).toMatchObject({ totalCount: all.length, pageInfo: { hasNextPage: true } });
    const answers = ok(await ceo(`{ awardProgram(id: "cross-functional") { qualifiers { employee { id } } nearMisses(within: 0.5) { employee { id } } } }`)).awardProgram;
    expect(answers.qualifiers).toEqual(all.filter((node: Pushed) => node.qualifies).map(({ employee }: Pushed) => ({ employee })));
    expect(answers.nearMisses).toEqual(all.filter((node: Pushed & { progress: number }) => !node.qualifies && node.progress >= 0.5).map(({ employee }: Pushed) => ({ employee })));
    const top = all[0];
    const own = ok(await gql(top.employee.id, [], `{ awardProgram(id: "cross-functional") { standing(employeeId: "${top.employee.id}") { employee { id } qualifies progress rank } } }`));
    expect(own.awardProgram.standing).toEqual(top);
  });

  it('pushes a contributor crossing the line to executives the moment the crediting mutation returns, and to the contributor alone their own', async () => {
    ok(await hr(`mutation { registerEmployee(input: { id: "pm-newcomer", name: "Nia Newcomer", email: "nia@example.com", department: "Product Management" }) { id } }`));
    const [bigger, big] = [...won].sort((a, b) => Number(b.amount) - Number(a.amount)).filter((deal, index, sorted) => index === 0 || deal.ownerId !== sorted[0].ownerId);
    const executive = await watch('ceo', ['EXECUTIVE'], 'cross-functional');
    await executive.live();
    const newcomer = await watch('pm-newcomer', [], 'cross-functional');
    await newcomer.live();
    const bystander = org.employees.find((employee) => employee.department === 'Sales Engineering') as { id: string };
    const other = await watch(bystander.id, [], 'cross-functional');
    await other.live();

    for (const deal of [bigger, big]) {
      ok(await gql(deal.ownerId, [], `mutation { creditContribution(input: { dealId: "${deal.id}", contributorId: "pm-newcomer", kind: POC_SUPPORT, note: "Weekend proof of concept" }) { id } }`));
    }
    await executive.until(() => executive.pushed.some((standing) => standing.employee.id === 'pm-newcomer' && standing.qualifies), 'the newcomer to qualify');
    await newcomer.until(() => newcomer.pushed.some((standing) => standing.qualifies), 'the newcomer to see their own standing');
    expect(newcomer.pushed.every((standing) => standing.employee.id === 'pm-newcomer')).toBe(true);
    expect(other.pushed.every((standing) => standing.employee.id === bystander.id)).toBe(true);
    expect([executive.errors, newcomer.errors, other.errors]).toEqual([[], [], []]);
  });

  it('refuses a subscription without a token or to an unknown program', async () => {
    const anonymous = await watch(null, [], 'cross-functional');
    await anonymous.until(() => anonymous.errors.length > 0, 'a refusal');
    expect(anonymous.errors).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: 'UNAUTHENTICATED' }) })]);
    const unknown = await watch('ceo', ['EXECUTIVE'], 'no-such-program');
    await unknown.until(() => unknown.errors.length > 0, 'a refusal');
    expect(unknown.errors).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: 'NOT_FOUND' }) })]);
  });

  it('previews a criteria change against the real history, records nothing, then revises and re-ranks at once', async () => {
    const lowered = { thresholds: [{ metric: 'CREDITS', atLeast: 1 }], rankBy: 'POINTS', maxWinners: 4 };
    const before = ok(await ceo(`{ awardProgram(id: "cross-functional") { qualifiers { employee { id } } criteriaHistory { version } } }`)).awardProgram;
    const preview = ok(await ceo(`query($c: CriteriaInput!) { previewCriteria(programId: "cross-functional", criteria: $c) { standings { employee { id } qualifies } gained { id } lost { id } } }`, { c: lowered })).previewCriteria;
    const now = new Set(before.qualifiers.map((q: Pushed) => q.employee.id));
    const then = preview.standings.filter((s: Pushed) => s.qualifies).map((s: Pushed) => s.employee.id);
    expect(then).toHaveLength(4);
    expect(preview.gained.map((e: { id: string }) => e.id).sort()).toEqual(then.filter((id: string) => !now.has(id)).sort());
    expect(preview.lost.map((e: { id: string }) => e.id).sort()).toEqual([...now].filter((id) => !then.includes(id)).sort());
    expect(ok(await ceo(`{ awardProgram(id: "cross-functional") { criteriaHistory { version } } }`)).awardProgram.criteriaHistory).toEqual(before.criteriaHistory);

    ok(await hr(`mutation($c: CriteriaInput!) { reviseCriteria(programId: "cross-functional", criteria: $c, reason: "Reward every helper; cap at four") { id } }`, { c: lowered }));
    const after = ok(await ceo(`{ awardProgram(id: "cross-functional") { qualifiers { employee { id } criteriaVersion } } }`)).awardProgram.qualifiers;
    expect(after).toEqual(then.map((id: string) => ({ employee: { id }, criteriaVersion: 2 })));
  });

  it('stops counting a reopened deal from when it reopened, and answers as the ledger knew it before', async () => {
    const deal = [...won].sort((a, b) => Number(b.amount) - Number(a.amount))[0];
    const query = `query($id: ID!, $asOf: DateTime, $knownAt: DateTime) { awardProgram(id: "presidents-club") {
      standing(employeeId: $id, asOf: $asOf, knownAt: $knownAt) { metrics { metric value } } } }`;
    const wonAmount = async (variables: Record<string, unknown>) =>
      ok(await ceo(query, { id: deal.ownerId, ...variables })).awardProgram.standing.metrics.find((m: { metric: string }) => m.metric === 'WON_AMOUNT').value;
    const before = await wonAmount({});
    const beforeReopening = new Date().toISOString();
    await sleep(5);
    ok(await gql('admin', ['ADMIN'], `mutation { reopenDeal(dealId: "${deal.id}", reason: "Customer walked back the signature") { id } }`));
    expect(await wonAmount({})).toBeCloseTo(before - Number(deal.amount), 2);
    expect(await wonAmount({ knownAt: beforeReopening })).toBe(before);
    expect(await wonAmount({ asOf: '2026-10-31T23:59:59Z', knownAt: beforeReopening })).toBe(before);
  });

  it('finalizes with the ranked winners, which a late deal does not change', async () => {
    const qualifiers = ok(await ceo(`{ awardProgram(id: "presidents-club") { qualifiers { employee { id } } } }`)).awardProgram.qualifiers;
    expect(qualifiers.length).toBeGreaterThan(0);
    ok(await hr(`mutation { finalizeAwardProgram(programId: "presidents-club") { id } }`));
    const outsider = reps.find((rep) => !qualifiers.some((q: Pushed) => q.employee.id === rep.id)) as { id: string };
    ok(await gql(outsider.id, [], `mutation { openDeal(input: { id: "late-deal", name: "Late", account: "Late Corp", ownerId: "${outsider.id}", type: NEW_BUSINESS, amount: "9000000", products: [], openedOn: "2026-06-01" }) { id } }`));
    ok(await gql(outsider.id, [], `mutation { closeDeal(input: { dealId: "late-deal", outcome: WON, closedOn: "2026-06-30" }) { id } }`));
    const program = ok(await ceo(`{ awardProgram(id: "presidents-club") { winners { employee { id } rank } qualifiers { employee { id } } } }`)).awardProgram;
    expect(program.winners.map((w: Pushed) => w.employee)).toEqual(qualifiers.map((q: Pushed) => q.employee));
    expect(program.qualifiers.map((q: Pushed) => q.employee.id)).toContain(outsider.id);
  });

  it('counts a deal closed on a future day only from that day', async () => {
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    const rep = reps[0];
    ok(await hr(`mutation($input: DraftAwardProgramInput!) { draftAwardProgram(input: $input) { id } }`, { input: {
      id: 'this-quarter', name: 'This quarter', periodStart: day(-30), periodEnd: day(60), audienceDepartments: ['Sales'],
      criteria: { thresholds: [{ metric: 'WON_AMOUNT', atLeast: 1 }], rankBy: 'WON_AMOUNT' },
    } }));
    ok(await gql(rep.id, [], `mutation { openDeal(input: { id: "next-week", name: "Next week", account: "Future Corp", ownerId: "${rep.id}", type: RENEWAL, amount: "50000", products: [], openedOn: "${day(-5)}" }) { id } }`));
    ok(await gql(rep.id, [], `mutation { closeDeal(input: { dealId: "next-week", outcome: WON, closedOn: "${day(7)}" }) { id } }`));
    const query = `query($asOf: DateTime) { awardProgram(id: "this-quarter") { standing(employeeId: "${rep.id}", asOf: $asOf) { qualifies metrics { metric value } } } }`;
    const standing = async (asOf?: string) => ok(await ceo(query, asOf ? { asOf } : {})).awardProgram.standing;
    const wonAmount = (found: { metrics: { metric: string; value: number }[] }) => found.metrics.find((m) => m.metric === 'WON_AMOUNT')?.value;
    const now = await standing();
    const then = await standing(`${day(8)}T00:00:00Z`);
    expect(wonAmount(then)).toBe((wonAmount(now) ?? 0) + 50000);
    expect(then.qualifies).toBe(true);
  });
});
