import type { INestApplication } from '@nestjs/common';
import { SignJWT } from 'jose';
import request from 'supertest';
import { TEST_JWT_SECRET, tokenFor, pgliteStore } from '@club-ledger/test-support';
import { createApp } from '../../apps/api/src/app';
import { loadConfig, type Environment } from '@club-ledger/kernel';

jest.setTimeout(60_000);

type Body = { data?: Record<string, unknown> | null; errors?: { message: string; extensions: Record<string, unknown> }[] };

async function start(env: Environment = {}): Promise<INestApplication> {
  const app = await createApp(loadConfig({ ...pgliteStore('malformed'), AUTH_JWT_SECRET: TEST_JWT_SECRET, ...env }), { logger: false });
  await app.init();
  return app;
}

const hs256 = (claims: Record<string, unknown>, lifetime?: { iat?: number; exp?: number }) => {
  const jwt = new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setSubject('rep-1');
  if (lifetime?.iat !== undefined) jwt.setIssuedAt(lifetime.iat);
  if (lifetime?.exp !== undefined) jwt.setExpirationTime(lifetime.exp);
  return jwt.sign(new TextEncoder().encode(TEST_JWT_SECRET));
};

describe('requests that are not what a GraphQL client sends', () => {
  let app: INestApplication;
  let token: string;
  beforeAll(async () => {
    process.stdout.write('malformed requests e2e: running against PGlite\n');
    app = await start({ NODE_ENV: 'production' });
    token = await tokenFor('admin', ['ADMIN']);
  });
  afterAll(async () => app?.close());

  const post = () => request(app.getHttpServer()).post('/graphql').set('Authorization', `Bearer ${token}`);
  const codeOf = (body: Body) => body.errors?.[0]?.extensions.code;

  it.each([
    ['bad JSON', () => post().set('content-type', 'application/json').send('{"query": "{ me { id } }"'), 400, 'MALFORMED_JSON'],
    ['a batched array', () => post().send([{ query: '{ me { id } }' }, { query: '{ me { id } }' }]), 400, 'BAD_REQUEST'],
    ['a mutation by GET', () => request(app.getHttpServer()).get('/graphql').set('Authorization', `Bearer ${token}`).set('apollo-require-preflight', 'true')
      .query({ query: 'mutation { offboardEmployee(id: "x", reason: "y") { id } }' }), 405, 'BAD_REQUEST'],
    ['a text/plain post', () => post().set('content-type', 'text/plain').send('{"query":"{ me { id } }"}'), 400, 'BAD_REQUEST'],
    ['a deeply nested JSON body', () => post().set('content-type', 'application/json')
      .send(`{"query":"query($n: [String]) { employees(department: \\"x\\") { id } }","variables":{"n":${'['.repeat(20_000)}${']'.repeat(20_000)}}}`), 400, 'BAD_USER_INPUT'],
  ])('answers %s with a 4xx and a code naming the problem', async (_, send, status, code) => {
    const response = await send();
    expect(response.status).toBe(status);
    expect(codeOf(response.body as Body)).toBe(code);
  });

  it('answers a depth flood of more than a hundred errors with QUERY_TOO_DEEP, not a 500', async () => {
    const deep = `m { ${'manager { '.repeat(12)}id${' }'.repeat(12)} }`.replace(/^m /, '');
    const fragments = Array.from({ length: 150 }, (_, n) => `fragment F${n} on Employee { manager ${deep} }`).join('\n');
    const query = `{ me { ${Array.from({ length: 150 }, (_, n) => `...F${n}`).join(' ')} } }\n${fragments}`;
    const response = await post().send({ query });
    expect(response.status).toBe(400);
    expect(codeOf(response.body as Body)).toBe('QUERY_TOO_DEEP');
  });

  it('gives no "Did you mean" hint in production, where the schema is private', async () => {
    const response = await post().send({ query: '{ me { nam } }' });
    const [error] = (response.body as Body).errors ?? [];
    expect(error.extensions.code).toBe('BAD_USER_INPUT');
    expect(error.message).not.toMatch(/Did you mean/);
    const variables = await post().send({ query: 'mutation($input: CloseDealInput!) { closeDeal(input: $input) { id } }', variables: { input: { dealI: 'x' } } });
    expect(JSON.stringify(variables.body)).not.toMatch(/Did you mean/);
  });
});

describe('bearer tokens per the contract', () => {
  let app: INestApplication;
  beforeAll(async () => (app = await start({ AUTH_MAX_TOKEN_LIFETIME: '2h' })));
  afterAll(async () => app?.close());

  const me = async (token: string) => {
    const response = await request(app.getHttpServer()).post('/graphql').set('Authorization', `Bearer ${token}`).send({ query: '{ me { id } }' });
    return (response.body as Body).errors?.[0]?.extensions.code ?? 'OK';
  };
  const now = () => Math.floor(Date.now() / 1000);

  it('accepts a token that expires within AUTH_MAX_TOKEN_LIFETIME with known roles', async () => {
    expect(await me(await hs256({ roles: ['HR'] }, { iat: now(), exp: now() + 3600 }))).toBe('OK');
    expect(await me(await hs256({}, { iat: now(), exp: now() + 3600 }))).toBe('OK');
  });

  it.each<[string, Record<string, unknown>, { iat?: number; exp?: number }]>([
    ['without exp', {}, { iat: 0 }],
    ['living longer than AUTH_MAX_TOKEN_LIFETIME', {}, { iat: 0, exp: 3 * 3600 }],
    ['without iat, expiring later than the lifetime from now', {}, { exp: 3 * 3600 }],
    ['with roles as a string', { roles: 'ADMIN' }, { iat: 0, exp: 3600 }],
    ['with an unknown role', { roles: ['HR', 'PIRATE'] }, { iat: 0, exp: 3600 }],
  ])('refuses a token %s', async (_, claims, times) => {
    const at = now();
    const lifetime = { ...(times.iat !== undefined && { iat: at + times.iat }), ...(times.exp !== undefined && { exp: at + times.exp }) };
    expect(await me(await hs256(claims, lifetime))).toBe('UNAUTHENTICATED');
  });
});
