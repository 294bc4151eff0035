import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { TEST_JWT_SECRET, tokenFor, pgliteStore } from '@club-ledger/test-support';
import { createApp } from '../../apps/api/src/app';
import { loadConfig } from '@club-ledger/kernel';

jest.setTimeout(120_000);

/** The caller kinds of the access rules: the deal's owner, another rep, a credited contributor, each role, and nobody. */
const callers = {
  owner: ['rep-1', []],
  otherRep: ['rep-2', []],
  contributor: ['pm-1', []],
  hr: ['hr-1', ['HR']],
  executive: ['ceo', ['EXECUTIVE']],
  admin: ['admin', ['ADMIN']],
  integration: ['crm', ['INTEGRATION']],
  anonymous: ['', []],
} as const;
type Caller = keyof typeof callers;
const everyone = Object.keys(callers) as Caller[];

interface Cell {
  /** Prepares fresh state as ADMIN and returns the operation to run as the caller. */
  prepare(unique: string): Promise<{ query: string; variables?: Record<string, unknown> }>;
  allowed: Caller[];
}

describe('the access rules, operation by caller', () => {
  let app: INestApplication;
  const tokens: Partial<Record<Caller, string>> = {};

  async function gql(caller: Caller, query: string, variables: Record<string, unknown> = {}): Promise<string> {
    const call = request(app.getHttpServer()).post('/graphql');
    if (tokens[caller]) call.set('Authorization', `Bearer ${tokens[caller]}`);
    const body = (await call.send({ query, variables })).body as { errors?: { extensions: { code: string } }[] };
    return body.errors?.[0]?.extensions.code ?? 'OK';
  }
  const asAdmin = async (query: string, variables: Record<string, unknown> = {}) => expect(await gql('admin', query, variables)).toBe('OK');

  const register = (id: string) =>
    asAdmin(`mutation($input: RegisterEmployeeInput!) { registerEmployee(input: $input) { id } }`, {
      input: { id, name: id, email: `${id}@example.com`, department: 'Sales' },
    });
  const openDeal = (id: string) =>
    asAdmin(`mutation($input: OpenDealInput!) { openDeal(input: $input) { id } }`, {
      input: { id, name: id, account: 'Acme', ownerId: 'rep-1', type: 'RENEWAL', amount: '100.00', products: [], openedOn: '2026-01-01' },
    });
  const winDeal = async (id: string) => {
    await openDeal(id);
    await asAdmin(`mutation { closeDeal(input: { dealId: "${id}", outcome: WON, closedOn: "2026-02-01" }) { id } }`);
  };
  const creditOn = async (dealId: string): Promise<string> => {
    const body = (await request(app.getHttpServer()).post('/graphql').set('Authorization', `Bearer ${tokens.owner}`)
      .send({ query: `mutation { creditContribution(input: { dealId: "${dealId}", contributorId: "pm-1", kind: DEAL_ASSIST, note: "Helped" }) { id } }` })).body;
    return body.data.creditContribution.id;
  };

  const matrix: Record<string, Cell> = {
    me: { prepare: async () => ({ query: `{ me { id } }` }), allowed: everyone.filter((c) => c !== 'anonymous') },
    employees: { prepare: async () => ({ query: `{ employees { id } }` }), allowed: everyone.filter((c) => c !== 'anonymous') },
    employee: { prepare: async () => ({ query: `{ employee(id: "pm-1") { id } }` }), allowed: everyone.filter((c) => c !== 'anonymous') },
    deal: {
      prepare: async (u) => {
        await winDeal(`q-${u}`);
        await creditOn(`q-${u}`);
        return { query: `{ deal(id: "q-${u}") { id } }` };
      },
      allowed: ['owner', 'contributor', 'hr', 'executive', 'admin'],
    },
    creditsReceived: {
      prepare: async () => ({ query: `{ employee(id: "pm-1") { creditsReceived { totalCount } } }` }),
      allowed: ['contributor', 'hr', 'executive', 'admin'],
    },
    employeeDeals: {
      prepare: async () => ({ query: `{ employee(id: "rep-1") { deals { totalCount } } }` }),
      allowed: ['owner', 'hr', 'executive', 'admin'],
    },
    registerEmployee: {
      prepare: async (u) => ({
        query: `mutation($input: RegisterEmployeeInput!) { registerEmployee(input: $input) { id } }`,
        variables: { input: { id: `e-${u}`, name: 'New', email: `e-${u}@example.com`, department: 'Sales' } },
      }),
      allowed: ['hr', 'admin', 'integration'],
    },
    changeEmployee: {
      prepare: async (u) => {
        await register(`c-${u}`);
        return { query: `mutation { changeEmployee(input: { id: "c-${u}", title: "Lead" }) { id } }` };
      },
      allowed: ['hr', 'admin', 'integration'],
    },
    offboardEmployee: {
      prepare: async (u) => {
        await register(`o-${u}`);
        return { query: `mutation { offboardEmployee(id: "o-${u}", reason: "left") { id } }` };
      },
      allowed: ['hr', 'admin', 'integration'],
    },
    openDeal: {
      prepare: async (u) => ({
        query: `mutation($input: OpenDealInput!) { openDeal(input: $input) { id } }`,
        variables: { input: { id: `od-${u}`, name: 'D', account: 'A', ownerId: 'rep-1', type: 'RENEWAL', amount: '1.00', products: [], openedOn: '2026-01-01' } },
      }),
      allowed: ['owner', 'admin', 'integration'],
    },
    closeDeal: {
      prepare: async (u) => {
        await openDeal(`cd-${u}`);
        return { query: `mutation { closeDeal(input: { dealId: "cd-${u}", outcome: WON, closedOn: "2026-02-01" }) { id } }` };
      },
      allowed: ['owner', 'admin', 'integration'],
    },
    reopenDeal: {
      prepare: async (u) => {
        await winDeal(`rd-${u}`);
        return { query: `mutation { reopenDeal(dealId: "rd-${u}", reason: "clawback") { id } }` };
      },
      allowed: ['admin', 'integration'],
    },
    creditContribution: {
      prepare: async (u) => {
        await winDeal(`cc-${u}`);
        return { query: `mutation { creditContribution(input: { dealId: "cc-${u}", contributorId: "pm-1", kind: POC_SUPPORT, note: "POC" }) { id } }` };
      },
      allowed: ['owner', 'admin'],
    },
    retractCredit: {
      prepare: async (u) => {
        await winDeal(`rc-${u}`);
        return { query: `mutation { retractCredit(creditId: "${await creditOn(`rc-${u}`)}", reason: "typo") { id } }` };
      },
      allowed: ['owner', 'hr', 'admin'],
    },
    setQuota: {
      prepare: async () => ({ query: `mutation { setQuota(input: { employeeId: "rep-1", periodStart: "2026-01-01", periodEnd: "2026-12-31", amount: "${Math.floor(Math.random() * 1e6)}.00" }) { id } }` }),
      allowed: ['hr', 'admin', 'integration'],
    },
    // Notifications are their recipient's only: every caller reads and marks their own, none anyone else's.
    // A service account reads only what its writes need: no notifications, no settings.
    notifications: { prepare: async () => ({ query: `{ notifications { totalCount unread } }` }), allowed: everyone.filter((c) => c !== 'anonymous' && c !== 'integration') },
    notificationSettings: { prepare: async () => ({ query: `{ notificationSettings { email } }` }), allowed: everyone.filter((c) => c !== 'anonymous' && c !== 'integration') },
    markNotificationsRead: { prepare: async () => ({ query: `mutation { markNotificationsRead }` }), allowed: everyone.filter((c) => c !== 'anonymous') },
    deliveries: { prepare: async () => ({ query: `{ deliveries { totalCount } }` }), allowed: ['admin'] },
  };

  beforeAll(async () => {
    app = await createApp(loadConfig({ ...pgliteStore('access'), AUTH_JWT_SECRET: TEST_JWT_SECRET }), { logger: false });
    await app.init();
    for (const caller of everyone) {
      const [sub, roles] = callers[caller];
      if (sub) tokens[caller] = await tokenFor(sub, [...roles]);
    }
    for (const id of ['rep-1', 'rep-2', 'pm-1']) await register(id);
  });
  afterAll(async () => app?.close());

  const cells = Object.entries(matrix).flatMap(([operation, cell]) => everyone.map((caller) => ({ operation, caller, cell })));
  it.each(cells)('$operation as $caller', async ({ caller, cell }) => {
    const { query, variables } = await cell.prepare(randomUUID().slice(0, 8));
    const expected = caller === 'anonymous' ? 'UNAUTHENTICATED' : cell.allowed.includes(caller) ? 'OK' : 'FORBIDDEN';
    expect(await gql(caller, query, variables)).toBe(expected);
  });
});
