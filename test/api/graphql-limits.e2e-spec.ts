import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { TEST_JWT_SECRET, tokenFor, pgliteStore } from '@club-ledger/test-support';
import { createApp } from '../../apps/api/src/app';
import { type Environment, loadConfig } from '@club-ledger/kernel';

jest.setTimeout(60_000);

type Body = { data?: Record<string, unknown> | null; errors?: { message: string; extensions: Record<string, unknown> }[] };

async function start(env: Environment = {}): Promise<INestApplication> {
  const app = await createApp(loadConfig({ ...pgliteStore('limits'), AUTH_JWT_SECRET: TEST_JWT_SECRET, ...env }), { logger: false });
  await app.init();
  process.stdout.write('graphql limits e2e: running against PGlite\n');
  return app;
}

async function post(app: INestApplication, sub: string, roles: string[], query: string, variables: Record<string, unknown> = {}) {
  const token = await tokenFor(sub, roles);
  return request(app.getHttpServer()).post('/graphql').set('Authorization', `Bearer ${token}`).send({ query, variables });
}

/** `me { manager { manager { … { id } } } }`, `levels` managers deep: the id sits `levels + 1` fields below `me`. */
const managerChain = (levels: number) => `{ me { ${'manager { '.repeat(levels)}id${' }'.repeat(levels)} } }`;

describe('the limits on what one GraphQL request may ask', () => {
  let app: INestApplication;
  beforeAll(async () => (app = await start()));
  afterAll(async () => app?.close());

  it('refuses a query nested deeper than GRAPHQL_MAX_DEPTH with QUERY_TOO_DEEP, and serves one at the limit', async () => {
    const atLimit = await post(app, 'rep-1', [], managerChain(9));
    expect((atLimit.body as Body).errors).toBeUndefined();

    const tooDeep = await post(app, 'rep-1', [], managerChain(10));
    expect(tooDeep.status).toBe(400);
    expect((tooDeep.body as Body).errors).toEqual([
      { message: 'The query nests fields more than 10 levels deep (GRAPHQL_MAX_DEPTH)', extensions: { code: 'QUERY_TOO_DEEP' } },
    ]);
  });

  it('refuses a query whose nested pages would cost more than GRAPHQL_MAX_COST with QUERY_TOO_COMPLEX, counting `first` from variables too', async () => {
    const pages = `query($n: Int) { employees(first: $n) { id creditsReceived(first: $n) { nodes { id note } } } }`;
    const small = await post(app, 'ceo', ['EXECUTIVE'], pages, { n: 5 });
    expect((small.body as Body).errors).toBeUndefined();

    const large = await post(app, 'ceo', ['EXECUTIVE'], pages, { n: 200 });
    expect(large.status).toBe(400);
    const [error] = (large.body as Body).errors ?? [];
    expect(error.extensions).toEqual({ code: 'QUERY_TOO_COMPLEX' });
    expect(error.message).toMatch(/^The query would cost \d+, over the limit of 10000 \(GRAPHQL_MAX_COST\)/);
  });

  it('refuses a fragment that multiplies itself into too many selections with QUERY_TOO_COMPLEX, before walking it', async () => {
    const times10 = (fragment: string) => Array.from({ length: 10 }, () => `...${fragment}`).join(' ');
    // A few hundred bytes that expand to tens of thousands of selections, tenfold per fragment.
    const bomb = `{ me { ...E } }
      fragment A on Employee { id name email }
      fragment B on Employee { ${times10('A')} }
      fragment C on Employee { ${times10('B')} }
      fragment D on Employee { ${times10('C')} }
      fragment E on Employee { ${times10('D')} }`;
    const response = await post(app, 'rep-1', [], bomb);
    expect((response.body as Body).errors).toEqual([
      { message: 'The query selects too many fields once its fragments are expanded', extensions: { code: 'QUERY_TOO_COMPLEX' } },
    ]);
  });

  it('answers a body over REQUEST_BODY_LIMIT_KB with 413 and a GraphQL error naming the limit', async () => {
    const token = await tokenFor('hr', ['HR']);
    const padding = 'x'.repeat(101 * 1024);
    const response = await request(app.getHttpServer())
      .post('/graphql')
      .set('Authorization', `Bearer ${token}`)
      .send({ query: '{ health { status } }', variables: { padding } })
      .expect(413);
    expect(response.headers['x-correlation-id']).toEqual(expect.any(String));
    expect(response.body).toEqual({
      errors: [{ message: 'The request body is over the 100 kB limit (REQUEST_BODY_LIMIT_KB)', extensions: { code: 'PAYLOAD_TOO_LARGE' } }],
    });
  });

  it('keeps introspection and the landing page on outside production', async () => {
    const response = await request(app.getHttpServer()).post('/graphql').send({ query: '{ __schema { queryType { name } } }' }).expect(200);
    expect(response.body).toEqual({ data: { __schema: { queryType: { name: 'Query' } } } });
    await request(app.getHttpServer()).get('/graphql').set('Accept', 'text/html').expect(200).expect('content-type', /text\/html/);
  });
});

describe('the mutation rate limit', () => {
  let app: INestApplication;
  beforeAll(async () => (app = await start({ RATE_LIMIT_MUTATIONS_PER_MINUTE: '3' })));
  afterAll(async () => app?.close());

  const registerAs = (sub: string, id: string) =>
    post(app, sub, ['HR'], `mutation($input: RegisterEmployeeInput!) { registerEmployee(input: $input) { id } }`, {
      input: { id, name: `Person ${id}`, email: `${id}@example.com`, department: 'Sales' },
    });

  it('refuses the mutation over RATE_LIMIT_MUTATIONS_PER_MINUTE with RATE_LIMITED, records nothing, and still answers queries', async () => {
    for (const id of ['p-1', 'p-2', 'p-3']) expect(((await registerAs('hr-1', id)).body as Body).errors).toBeUndefined();

    const refused = (await registerAs('hr-1', 'p-4')).body as Body;
    expect(refused.errors?.[0].extensions).toMatchObject({ code: 'RATE_LIMITED' });
    expect(refused.errors?.[0].message).toMatch(/at most 3 mutations a minute \(RATE_LIMIT_MUTATIONS_PER_MINUTE\)/);

    const read = (await post(app, 'hr-1', ['HR'], `{ a: employee(id: "p-3") { id } b: employee(id: "p-4") { id } }`)).body as Body;
    expect(read).toEqual({ data: { a: { id: 'p-3' }, b: null } });
  });

  it('counts each caller on their own', async () => {
    for (const id of ['q-1', 'q-2', 'q-3']) expect(((await registerAs('hr-2', id)).body as Body).errors).toBeUndefined();
    expect(((await registerAs('hr-2', 'q-4')).body as Body).errors?.[0].extensions.code).toBe('RATE_LIMITED');
    expect(((await registerAs('hr-3', 'q-5')).body as Body).errors).toBeUndefined();
  });
});

describe('a production deployment', () => {
  let app: INestApplication;
  beforeAll(async () => (app = await start({ NODE_ENV: 'production' })));
  afterAll(async () => app?.close());

  it('refuses introspection with INTROSPECTION_DISABLED and serves no landing page, yet answers ordinary queries', async () => {
    const introspection = await request(app.getHttpServer()).post('/graphql').send({ query: '{ __schema { queryType { name } } }' });
    expect((introspection.body as Body).errors).toEqual([
      expect.objectContaining({ message: 'Schema introspection is off in this deployment (GRAPHQL_INTROSPECTION)', extensions: { code: 'INTROSPECTION_DISABLED' } }),
    ]);
    const page = await request(app.getHttpServer()).get('/graphql').set('Accept', 'text/html');
    expect(page.headers['content-type'] ?? '').not.toMatch(/text\/html/);

    const health = await request(app.getHttpServer()).post('/graphql').send({ query: '{ health { status } __typename }' }).expect(200);
    expect(health.body).toEqual({ data: { health: { status: 'ok' }, __typename: 'Query' } });
  });
});
