import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { get } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { createClient } from 'graphql-ws';
import request from 'supertest';
import WebSocket from 'ws';
import { TEST_JWT_SECRET, pgliteStore, tokenFor } from '@club-ledger/test-support';
import { createApp } from '../../apps/api/src/app';
import { type Environment, loadConfig } from '@club-ledger/kernel';

jest.setTimeout(60_000);

const temp = (name: string) => mkdtempSync(join(tmpdir(), `club-ledger-web-${name}-`));
const PAGE = '<!doctype html><title>Club Ledger</title><div id="root">the fake build</div>';
const SCRIPT = 'console.log("the fake bundle");';
const BIG_SCRIPT = Array.from({ length: 2000 }, (_, line) => `console.log("line ${line} of a page's script");`).join('\n');

/** What `npm run build:web` leaves behind, in miniature: the page, a content-hashed chunk, a file of vite's public/. */
function fakeBuild(): string {
  const parent = temp('build');
  writeFileSync(join(parent, 'secret.txt'), 'not part of the build');
  const webDir = join(parent, 'web');
  mkdirSync(join(webDir, 'assets'), { recursive: true });
  writeFileSync(join(webDir, '.env'), 'A_DOTFILE=1');
  writeFileSync(join(webDir, 'index.html'), PAGE);
  writeFileSync(join(webDir, 'assets', 'index-3f9a1c.js'), SCRIPT);
  writeFileSync(join(webDir, 'assets', 'page-77b0e2.js'), BIG_SCRIPT);
  writeFileSync(join(webDir, 'robots.txt'), 'User-agent: *\nDisallow: /\n');
  return webDir;
}

async function start(webDir: string, env: Environment = {}): Promise<INestApplication> {
  const config = { ...loadConfig({ ...pgliteStore('web-api'), AUTH_JWT_SECRET: TEST_JWT_SECRET, ...env }), webDir };
  const app = await createApp(config, { logger: false });
  await app.listen(0, '127.0.0.1');
  return app;
}

describe('the API with a built web app', () => {
  let app: INestApplication;
  beforeAll(async () => (app = await start(fakeBuild(), { REQUEST_BODY_LIMIT_KB: '1' })));
  afterAll(async () => app?.close());
  const http = () => request(app.getHttpServer());
  /** The bytes on the wire, as sent: supertest would decompress them. */
  const rawBytes = (path: string, encoding: string) =>
    new Promise<Buffer>((resolve, reject) => {
      const { port } = app.getHttpServer().address() as AddressInfo;
      get({ host: '127.0.0.1', port, path, headers: { 'Accept-Encoding': encoding } }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk)).on('end', () => resolve(Buffer.concat(chunks))).on('error', reject);
      }).on('error', reject);
    });

  it('serves index.html at /, never to be cached', async () => {
    const response = await http().get('/').expect(200).expect('content-type', /^text\/html/);
    expect(response.text).toBe(PAGE);
    expect(response.headers['cache-control']).toBe('no-cache');
  });

  it('answers a deep link with index.html, so the app routes it on reload', async () => {
    for (const path of ['/programs/xf-2026', '/programs/xf-2026/standings/rep-1?asOf=2026-06-30', '/signin-callback?code=abc&state=xyz']) {
      const response = await http().get(path).expect(200).expect('content-type', /^text\/html/);
      expect([path, response.text]).toEqual([path, PAGE]);
      expect(response.headers['cache-control']).toBe('no-cache');
    }
  });

  it('serves the hashed assets for a year, immutable, and the other files of the build as they are', async () => {
    const script = await http().get('/assets/index-3f9a1c.js').expect(200).expect('content-type', /javascript/);
    expect(script.text).toBe(SCRIPT);
    expect(script.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const robots = await http().get('/robots.txt').expect(200).expect('content-type', /^text\/plain/);
    expect(robots.text).toContain('Disallow: /');
  });

  it('serves the assets compressed to a browser that accepts gzip, and as they are to one that does not', async () => {
    const zipped = await http().get('/assets/page-77b0e2.js').set('Accept-Encoding', 'gzip').expect(200);
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect((await rawBytes('/assets/page-77b0e2.js', 'gzip')).length).toBeLessThan(BIG_SCRIPT.length / 4);
    expect(zipped.text).toBe(BIG_SCRIPT);
    expect(zipped.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const plain = await http().get('/assets/page-77b0e2.js').set('Accept-Encoding', 'identity').expect(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.text).toBe(BIG_SCRIPT);
  });

  it('serves nothing outside the build, nor its dotfiles', async () => {
    for (const path of ['/%2e%2e/secret.txt', '/assets/%2e%2e/%2e%2e/secret.txt', '/.env']) {
      const response = await http().get(path);
      expect([path, response.text]).toEqual([path, expect.not.stringMatching(/not part of the build|A_DOTFILE/)]);
    }
  });

  it('answers an unknown asset with 404, not with the page', async () => {
    const response = await http().get('/assets/x.js').expect(404);
    expect(response.headers['content-type']).not.toMatch(/text\/html/);
    expect(response.text).not.toContain('the fake build');
  });

  it('leaves the API its paths: GraphQL, health, metrics and /auth, including their 404s', async () => {
    const landing = await http().get('/graphql').set('Accept', 'text/html').expect(200);
    expect(landing.text).not.toContain('the fake build');
    const query = await http().post('/graphql').send({ query: '{ health { status } }' }).expect(200);
    expect(query.body).toEqual({ data: { health: { status: 'ok' } } });
    await http().get('/health').expect(200).expect('content-type', /json/);
    await http().get('/health/live').expect(200);
    await http().get('/metrics').expect(200).expect('content-type', /^text\/plain/);
    await http().get('/auth/config').expect(200).expect('content-type', /json/);
    for (const path of ['/health/nothing', '/metrics/nothing', '/auth/nothing', '/auth/dev/nothing']) {
      const response = await http().get(path).expect(404);
      expect([path, response.text]).toEqual([path, expect.not.stringContaining('the fake build')]);
    }
    // Apollo answers everything under /graphql itself (a GET without a query is its 400), as before.
    const underGraphql = await http().get('/graphql/nothing').set('Accept', 'text/html');
    expect(underGraphql.text).not.toContain('the fake build');
  });

  it('keeps refusing a body over the limit with 413', async () => {
    const response = await http().post('/graphql').send({ query: `{ health { status } } # ${'x'.repeat(2048)}` }).expect(413);
    expect(response.body.errors[0].extensions).toEqual({ code: 'PAYLOAD_TOO_LARGE' });
  });

  it('keeps graphql-ws subscriptions on /graphql', async () => {
    const url = `ws://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}/graphql`;
    const client = createClient({ url, webSocketImpl: WebSocket, retryAttempts: 0, connectionParams: { Authorization: `Bearer ${await tokenFor('hr-1', ['HR'])}` } });
    try {
      const failure = await new Promise<unknown>((resolve) => {
        client.subscribe({ query: `subscription { standingChanged(programId: "no-such-program") { score } }` }, { next: resolve, error: resolve, complete: () => resolve('completed') });
      });
      // The server parsed, authenticated and resolved the subscription: it answered the contract's NOT_FOUND.
      expect(JSON.stringify(failure)).toContain('NOT_FOUND');
    } finally {
      await client.dispose();
    }
  });
});

describe('the API without a built web app', () => {
  let app: INestApplication;
  beforeAll(async () => (app = await start(temp('empty'))));
  afterAll(async () => app?.close());

  it('answers / and deep links with 404, and the API as before', async () => {
    await request(app.getHttpServer()).get('/').expect(404);
    await request(app.getHttpServer()).get('/programs/xf-2026').expect(404);
    await request(app.getHttpServer()).get('/health').expect(200);
  });
});
