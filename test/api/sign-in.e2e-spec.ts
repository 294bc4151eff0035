import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { TEST_JWT_SECRET, tokenFor, pgliteStore } from '@club-ledger/test-support';
import { createApp } from '../../apps/api/src/app';
import { type Environment, loadConfig } from '@club-ledger/kernel';

jest.setTimeout(60_000);

interface Account {
  sub: string;
  name: string;
  description: string;
  roles: string[];
}

const oidcEnv = { OIDC_AUTHORITY: 'https://idp.example.com/realms/acme', OIDC_CLIENT_ID: 'club-ledger-web' };
const jwksEnv = { AUTH_JWKS_URL: 'https://idp.example.com/jwks', AUTH_ISSUER: 'https://idp.example.com/realms/acme', AUTH_AUDIENCE: 'club-ledger' };

async function start(env: Environment): Promise<INestApplication> {
  // No web build: these suites are about /auth alone, wherever they run from.
  const config = { ...loadConfig({ ...pgliteStore('sign-in'), ...env }), webDir: join(tmpdir(), 'no-web-build') };
  const app = await createApp(config, { logger: false });
  await app.init();
  return app;
}

const ROLE_ACCOUNTS: Account[] = [
  { sub: 'hr-demo', name: 'HR', description: 'People team (HR role)', roles: ['HR'] },
  { sub: 'ceo-demo', name: 'Executive', description: 'Executive (EXECUTIVE role)', roles: ['EXECUTIVE'] },
  { sub: 'admin-demo', name: 'Admin', description: 'Administrator (ADMIN role)', roles: ['ADMIN'] },
];

describe('development sign-in (HS256 secret, outside production)', () => {
  let app: INestApplication;
  const http = () => request(app.getHttpServer());
  // 26 members named Z to A as their ids count up, so that name order is not id order; more than the 24 listed.
  const members = Array.from({ length: 26 }, (_, n) => ({
    id: `member-${String(n).padStart(2, '0')}`,
    name: `Member ${String.fromCharCode(90 - n)}`,
    department: 'Customer Success',
    title: 'Customer Success Manager',
  }));
  const people = [
    { id: 'pm-1', name: 'Priya Natarajan', department: 'Product Management', title: 'Product Manager' },
    { id: 'se-1', name: 'Sam Okafor', department: 'Sales Engineering', title: null },
    { id: 'gone-1', name: 'Aaron Left', department: 'Sales', title: 'Account Executive' },
    ...members,
  ];

  async function graphql(token: string, query: string, variables: Record<string, unknown> = {}) {
    return (await http().post('/graphql').set('Authorization', `Bearer ${token}`).send({ query, variables })).body as {
      data?: Record<string, unknown>;
      errors?: { extensions: Record<string, unknown> }[];
    };
  }
  const accounts = async (search?: string) => (await http().get('/auth/dev/accounts').query(search === undefined ? {} : { search }).expect(200)).body as Account[];

  beforeAll(async () => {
    app = await start({ AUTH_JWT_SECRET: TEST_JWT_SECRET });
    const hr = await tokenFor('hr-1', ['HR']);
    const registered = await Promise.all(
      people.map(({ id, ...details }) =>
        graphql(hr, `mutation($input: RegisterEmployeeInput!) { registerEmployee(input: $input) { id } }`, { input: { id, email: `${id}@example.com`, ...details } }),
      ),
    );
    expect(registered.flatMap((body) => body.errors ?? [])).toEqual([]);
    expect((await graphql(hr, `mutation { offboardEmployee(id: "gone-1", reason: "left") { id } }`)).errors).toBeUndefined();
  });
  afterAll(async () => app?.close());

  it('offers development sign-in and no identity provider', async () => {
    expect((await http().get('/auth/config').expect(200)).body).toEqual({ devSignIn: true, oidc: null });
  });

  it('lists the three role accounts, then the first 24 active employees by name, with title and department', async () => {
    const listed = await accounts();
    expect(listed.slice(0, 3)).toEqual(ROLE_ACCOUNTS);
    const active = people.filter((person) => person.id !== 'gone-1').sort((a, b) => a.name.localeCompare(b.name));
    expect(listed.slice(3).map((account) => account.sub)).toEqual(active.slice(0, 24).map((person) => person.id));
    expect(listed).toHaveLength(27);
    expect(listed[3]).toEqual({ sub: 'member-25', name: 'Member A', description: 'Customer Success Manager · Customer Success', roles: [] });
    expect(await accounts('')).toEqual(listed);
  });

  it('narrows the list to the accounts and active employees whose name, email or id contains the search, in any case', async () => {
    expect(await accounts('PRIYA')).toEqual([{ sub: 'pm-1', name: 'Priya Natarajan', description: 'Product Manager · Product Management', roles: [] }]);
    expect(await accounts('se-1@EXAMPLE')).toEqual([{ sub: 'se-1', name: 'Sam Okafor', description: 'Sales Engineering', roles: [] }]);
    expect((await accounts('member-0')).map((account) => account.sub)).toEqual(
      ['member-09', 'member-08', 'member-07', 'member-06', 'member-05', 'member-04', 'member-03', 'member-02', 'member-01', 'member-00'],
    );
    expect(await accounts('admin')).toEqual([ROLE_ACCOUNTS[2]]);
    expect(await accounts('  executive ')).toEqual([ROLE_ACCOUNTS[1]]);
    expect(await accounts('aaron')).toEqual([]);
    // The search is text, not a pattern.
    expect(await accounts('%')).toEqual([]);
    expect(await accounts('_')).toEqual([]);
  });

  it('mints a token that signs in on /graphql as the chosen employee, or with the chosen role', async () => {
    const minted = await http().post('/auth/dev/token').send({ sub: 'pm-1', roles: [] }).expect(200).expect('content-type', /json/);
    expect(minted.body).toEqual({ token: expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+$/) });
    expect(await graphql(minted.body.token, `{ me { id name } }`)).toEqual({ data: { me: { id: 'pm-1', name: 'Priya Natarajan' } } });

    const hr = (await http().post('/auth/dev/token').send({ sub: 'hr-demo', roles: ['HR'] }).expect(200)).body.token as string;
    const someoneElses = await graphql(hr, `{ employee(id: "pm-1") { creditsReceived { totalCount } } }`);
    expect(someoneElses).toEqual({ data: { employee: { creditsReceived: { totalCount: 0 } } } });
  });

  it('refuses a subject that is not an employee id, or a role the product does not know, with 400 and why', async () => {
    const refused = async (body: unknown) => (await http().post('/auth/dev/token').send(body as object).expect(400).expect('content-type', /json/)).body;
    expect(await refused({ sub: 'bad id!', roles: [] })).toMatchObject({ statusCode: 400, message: 'sub must be 1-64 characters of [A-Za-z0-9._-]' });
    expect(await refused({ sub: 'x'.repeat(65), roles: [] })).toMatchObject({ message: expect.stringMatching(/^sub must/) });
    expect(await refused({ sub: '', roles: [] })).toMatchObject({ message: expect.stringMatching(/^sub must/) });
    expect(await refused({ roles: ['HR'] })).toMatchObject({ message: expect.stringMatching(/^sub must/) });
    expect(await refused({ sub: 'pm-1', roles: ['PIRATE'] })).toMatchObject({ message: 'roles must each be one of HR, EXECUTIVE, ADMIN, INTEGRATION, not "PIRATE"' });
    expect(await refused({ sub: 'pm-1', roles: 'HR' })).toMatchObject({ message: expect.stringMatching(/^roles must/) });
    expect(await refused([])).toMatchObject({ message: expect.stringMatching(/^sub must/) });
  });
});

describe.each([
  { shape: 'in production, with an identity provider', env: { AUTH_JWT_SECRET: TEST_JWT_SECRET, NODE_ENV: 'production', ...oidcEnv } },
  { shape: "with the identity provider's keys (JWKS)", env: { ...jwksEnv, ...oidcEnv } },
])('sign-in $shape', ({ env }) => {
  let app: INestApplication;
  beforeAll(async () => (app = await start(env)));
  afterAll(async () => app?.close());

  it('offers the identity provider and no development sign-in', async () => {
    const options = (await request(app.getHttpServer()).get('/auth/config').expect(200)).body;
    expect(options).toEqual({ devSignIn: false, oidc: { authority: 'https://idp.example.com/realms/acme', clientId: 'club-ledger-web', scope: 'openid profile email' } });
  });

  it('answers the development routes with 404, as if they did not exist', async () => {
    await request(app.getHttpServer()).get('/auth/dev/accounts').expect(404);
    await request(app.getHttpServer()).get('/auth/dev/accounts?search=hr').expect(404);
    await request(app.getHttpServer()).post('/auth/dev/token').send({ sub: 'hr-demo', roles: ['HR'] }).expect(404);
  });
});
