import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { TEST_JWT_SECRET, tokenFor, pgliteStore } from '@club-ledger/test-support';
import { createApp } from '../../apps/api/src/app';
import { loadConfig } from '@club-ledger/kernel';

jest.setTimeout(60_000);

type Body = { data?: Record<string, any>; errors?: { message: string; extensions: Record<string, unknown> }[] }; // eslint-disable-line @typescript-eslint/no-explicit-any -- GraphQL answers are shaped by each query

interface Connection {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  nodes: { id: string }[];
}

/** rep-1's deals as the CRM recorded them; `closed` is the outcome and its day, `reopened` a clawback after the win. */
const deals = [
  { id: 'd-won-old', openedOn: '2026-01-05', closed: ['WON', '2026-02-01'] },
  { id: 'b-won', openedOn: '2026-01-10', closed: ['WON', '2026-03-15'] },
  { id: 'a-won', openedOn: '2026-01-11', closed: ['WON', '2026-03-15'] },
  { id: 'd-open-old', openedOn: '2026-01-02' },
  { id: 'd-open-new', openedOn: '2026-04-01' },
  { id: 'd-reopened', openedOn: '2026-01-03', closed: ['WON', '2026-06-30'], reopened: true },
  { id: 'd-lost', openedOn: '2026-01-04', closed: ['LOST', '2026-02-20'] },
  { id: 'd-lost-late', openedOn: '2026-01-04', closed: ['LOST', '2026-05-01'] },
] as const;
const WON = ['a-won', 'b-won', 'd-won-old'];
const OPEN = ['d-open-new', 'd-reopened', 'd-open-old'];
const LOST = ['d-lost-late', 'd-lost'];

describe('an employee’s deals over GraphQL (PGlite)', () => {
  let app: INestApplication;
  const tokens: Record<string, string> = {};

  async function gql(who: string, query: string, variables: Record<string, unknown> = {}): Promise<Body> {
    return (await request(app.getHttpServer()).post('/graphql').set('Authorization', `Bearer ${tokens[who]}`).send({ query, variables })).body;
  }
  async function ok(who: string, query: string, variables: Record<string, unknown> = {}) {
    const body = await gql(who, query, variables);
    expect(body.errors).toBeUndefined();
    return body.data;
  }

  beforeAll(async () => {
    const config = loadConfig({ ...pgliteStore('employee-deals'), AUTH_JWT_SECRET: TEST_JWT_SECRET });
    app = await createApp(config, { logger: false });
    await app.init();
    for (const [id, roles] of [['hr-1', ['HR']], ['ceo', ['EXECUTIVE']], ['admin', ['ADMIN']], ['rep-1', []], ['rep-2', []]] as const) tokens[id] = await tokenFor(id, [...roles]);
    for (const id of ['rep-1', 'rep-2']) {
      await ok('hr-1', `mutation { registerEmployee(input: { id: "${id}", name: "${id}", email: "${id}@example.com", department: "Sales" }) { id } }`);
    }
    const open = `mutation($input: OpenDealInput!) { openDeal(input: $input) { id } }`;
    const owned = [...deals, { id: 'd-of-rep-2', openedOn: '2026-01-01', closed: ['WON', '2026-03-01'], owner: 'rep-2' }];
    for (const deal of owned) {
      const owner = 'owner' in deal ? deal.owner : 'rep-1';
      await ok(owner, open, { input: { id: deal.id, name: `Deal ${deal.id}`, account: 'Acme', ownerId: owner, type: 'NEW_BUSINESS', amount: '1000.00', products: [], openedOn: deal.openedOn } });
      if (!('closed' in deal)) continue;
      await ok(owner, `mutation { closeDeal(input: { dealId: "${deal.id}", outcome: ${deal.closed[0]}, closedOn: "${deal.closed[1]}" }) { id } }`);
      if ('reopened' in deal) await ok('admin', `mutation { reopenDeal(dealId: "${deal.id}", reason: "clawback") { id } }`);
    }
  });
  afterAll(async () => app?.close());

  const page = `query($first: Int, $after: String, $status: DealStatus) {
    me { deals(first: $first, after: $after, status: $status) { totalCount pageInfo { hasNextPage endCursor } nodes { id status owner { id } } } } }`;
  const ids = (connection: { nodes: { id: string }[] }) => connection.nodes.map((deal) => deal.id);

  it('lists the deals the employee owns: won, then open, then lost; the latest first within each, then by id', async () => {
    const { me } = (await ok('rep-1', page))!;
    expect(me.deals.totalCount).toBe(8);
    expect(ids(me.deals)).toEqual([...WON, ...OPEN, ...LOST]);
    expect(me.deals.pageInfo).toEqual({ hasNextPage: false, endCursor: expect.any(String) });
    expect(me.deals.nodes[0]).toEqual({ id: 'a-won', status: 'CLOSED_WON', owner: { id: 'rep-1' } });
    expect(me.deals.nodes.find((deal: { id: string }) => deal.id === 'd-reopened').status).toBe('OPEN');
  });

  it('pages with an opaque cursor until the last page', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    for (const expected of [[true, 3], [true, 3], [false, 2]] as const) {
      const connection: Connection = (await ok('rep-1', page, { first: 3, after }))!.me.deals;
      expect([connection.pageInfo.hasNextPage, connection.nodes.length, connection.totalCount]).toEqual([...expected, 8]);
      seen.push(...ids(connection));
      after = connection.pageInfo.endCursor;
    }
    expect(seen).toEqual([...WON, ...OPEN, ...LOST]);
    const beyond = (await ok('rep-1', page, { first: 3, after }))!;
    expect(beyond.me.deals).toEqual({ totalCount: 8, pageInfo: { hasNextPage: false, endCursor: null }, nodes: [] });
  });

  it('keeps the deals of one status, counted alone', async () => {
    for (const [status, expected] of [['OPEN', OPEN], ['CLOSED_LOST', LOST], ['CLOSED_WON', WON]] as const) {
      const { me } = (await ok('rep-1', page, { status }))!;
      expect([status, ids(me.deals), me.deals.totalCount]).toEqual([status, expected, expected.length]);
    }
    const second = (await ok('rep-1', page, { status: 'OPEN', first: 2 }))!.me.deals;
    expect((await ok('rep-1', page, { status: 'OPEN', first: 2, after: second.pageInfo.endCursor }))!.me.deals.nodes).toEqual([
      { id: 'd-open-old', status: 'OPEN', owner: { id: 'rep-1' } },
    ]);
  });

  it('refuses a page size outside 1-200, a status it does not know and a cursor it did not give, naming the field', async () => {
    for (const first of [0, 201, -1]) expect((await gql('rep-1', page, { first })).errors?.[0].extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'first' });
    expect((await gql('rep-1', page, { after: 'not a cursor' })).errors?.[0].extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'after' });
    expect((await gql('rep-1', page, { status: 'WON' })).errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
  });

  it('lets the employee, HR, executives and admins read them, and refuses another rep', async () => {
    const theirs = `{ employee(id: "rep-1") { deals(first: 1) { totalCount nodes { id } } } }`;
    for (const who of ['hr-1', 'ceo', 'admin', 'rep-1']) {
      expect([who, (await ok(who, theirs))!.employee.deals]).toEqual([who, { totalCount: 8, nodes: [{ id: 'a-won' }] }]);
    }
    const refused = await gql('rep-2', theirs);
    expect(refused.errors?.[0].extensions).toEqual({ code: 'FORBIDDEN' });
    expect(refused.data).toEqual({ employee: null });
    expect((await ok('rep-2', `{ me { deals { totalCount nodes { id } } } }`))!.me.deals).toEqual({ totalCount: 1, nodes: [{ id: 'd-of-rep-2' }] });
  });
});
