import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ConfigError, loadConfig } from './config';

const dataDir = () => mkdtempSync(join(tmpdir(), 'club-ledger-config-'));

describe('loadConfig', () => {
  it('defaults to PGlite in DATA_DIR, events in the same database, the projector on, port 3000, info logs', () => {
    const dir = dataDir();
    expect(loadConfig({ DATA_DIR: dir })).toEqual({
      port: 3000,
      readModels: { engine: 'pglite', dataDir: dir, sharedBuffersMb: 64 },
      events: { engine: 'sql' },
      projector: true,
      logLevel: 'info',
      auth: { kind: 'none' },
      maxTokenLifetimeSeconds: 86_400,
      metrics: { token: null, port: null, onApiPort: true },
      limits: {
        queryDepth: 10, queryCost: 10_000, bodyBytes: 100 * 1024, mutationsPerMinute: 600, readyMaxLag: 10_000,
        queryWork: 200_000, heavyPerCaller: 2, statementTimeoutMs: 15_000,
      },
      introspection: true,
      oidc: null,
      devSignIn: false,
      claimEscalationDays: 7,
      webDir: resolve(process.cwd(), 'dist/web'),
      notifications: { smtpUrl: null, mailFrom: 'Club Ledger <club-ledger@localhost>', chatWebhookUrl: null, hrEmail: null, maxAttempts: 8 },
      importBounds: { cellBytes: 64 * 1024, rowBytes: 1024 * 1024 },
    });
  });

  it('turns on mail with SMTP_URL and chat with CHAT_WEBHOOK_URL, mails HR at HR_EMAIL', () => {
    const config = loadConfig({
      DATA_DIR: dataDir(), SMTP_URL: 'smtp://club:secret@mail.example.com:587', MAIL_FROM: 'Club <club@example.com>',
      CHAT_WEBHOOK_URL: 'https://hooks.slack.com/services/T0/B0/x', HR_EMAIL: 'people@example.com', DELIVERY_MAX_ATTEMPTS: '3',
    });
    expect(config.notifications).toEqual({
      smtpUrl: 'smtp://club:secret@mail.example.com:587', mailFrom: 'Club <club@example.com>',
      chatWebhookUrl: 'https://hooks.slack.com/services/T0/B0/x', hrEmail: 'people@example.com', maxAttempts: 3,
    });
  });

  it('uses PostgreSQL with DATABASE_URL and EventStoreDB with EVENTSTORE_CONNECTION_STRING', () => {
    const config = loadConfig({
      DATABASE_URL: 'postgres://club@db:5432/ledger',
      EVENTSTORE_CONNECTION_STRING: 'esdb://eventstore:2113?tls=false',
      PROJECTOR: 'off',
      PORT: '8080',
      LOG_LEVEL: 'warn',
    });
    expect(config).toEqual({
      port: 8080,
      readModels: { engine: 'postgres', url: 'postgres://club@db:5432/ledger', schema: undefined },
      events: { engine: 'eventstoredb', connectionString: 'esdb://eventstore:2113?tls=false' },
      projector: false,
      logLevel: 'warn',
      auth: { kind: 'none' },
      maxTokenLifetimeSeconds: 86_400,
      metrics: expect.any(Object),
      limits: expect.any(Object),
      introspection: true,
      oidc: null,
      devSignIn: false,
      claimEscalationDays: 7,
      webDir: expect.any(String),
      notifications: expect.any(Object),
      importBounds: expect.any(Object),
    });
  });

  it.each([
    ['DATABASE_URL', { DATABASE_URL: 'mysql://db/ledger' }],
    ['DATABASE_URL', { DATABASE_URL: 'not a url' }],
    ['DATABASE_URL', { DATABASE_URL: 'postgres:ledger' }],
    ['EVENTSTORE_CONNECTION_STRING', { EVENTSTORE_CONNECTION_STRING: 'http://eventstore:2113' }],
    ['EVENTSTORE_CONNECTION_STRING', { EVENTSTORE_CONNECTION_STRING: 'esdb://' }],
    ['EVENTSTORE_CONNECTION_STRING', { EVENTSTORE_CONNECTION_STRING: 'esdb://event store:2113' }],
    ['PROJECTOR', { PROJECTOR: 'sometimes' }],
    ['LOG_LEVEL', { LOG_LEVEL: 'loud' }],
    ['PORT', { PORT: 'eighty' }],
    ['PORT', { PORT: '70000' }],
    ['DATABASE_SCHEMA', { DATABASE_URL: 'postgres://db/x', DATABASE_SCHEMA: 'Robert"; DROP' }],
    ['AUTH_JWT_SECRET', { AUTH_JWT_SECRET: 'short' }],
    ['AUTH_JWKS_URL', { AUTH_JWKS_URL: 'ftp://idp/keys' }],
    ['AUTH_ISSUER', { AUTH_JWKS_URL: 'https://idp.example.com/jwks', AUTH_AUDIENCE: 'club-ledger' }],
    ['AUTH_AUDIENCE', { AUTH_JWKS_URL: 'https://idp.example.com/jwks', AUTH_ISSUER: 'https://idp.example.com' }],
    ['GRAPHQL_INTROSPECTION', { GRAPHQL_INTROSPECTION: 'yes' }],
    ['GRAPHQL_MAX_DEPTH', { GRAPHQL_MAX_DEPTH: '0' }],
    ['GRAPHQL_MAX_DEPTH', { GRAPHQL_MAX_DEPTH: 'deep' }],
    ['GRAPHQL_MAX_COST', { GRAPHQL_MAX_COST: '2.5' }],
    ['REQUEST_BODY_LIMIT_KB', { REQUEST_BODY_LIMIT_KB: '100kb' }],
    ['REQUEST_BODY_LIMIT_KB', { REQUEST_BODY_LIMIT_KB: '0' }],
    ['RATE_LIMIT_MUTATIONS_PER_MINUTE', { RATE_LIMIT_MUTATIONS_PER_MINUTE: '0' }],
    ['PGLITE_SHARED_BUFFERS_MB', { PGLITE_SHARED_BUFFERS_MB: '0' }],
    ['PGLITE_SHARED_BUFFERS_MB', { PGLITE_SHARED_BUFFERS_MB: '64MB' }],
    ['READY_MAX_LAG', { READY_MAX_LAG: '-1' }],
    ['READY_MAX_LAG', { READY_MAX_LAG: 'lots' }],
    ['IMPORT_MAX_CELL_KB', { IMPORT_MAX_CELL_KB: '0' }],
    ['IMPORT_MAX_ROW_KB', { IMPORT_MAX_CELL_KB: '128', IMPORT_MAX_ROW_KB: '64' }],
    ['OIDC_AUTHORITY', { OIDC_AUTHORITY: 'idp.example.com', OIDC_CLIENT_ID: 'club-ledger-web' }],
    ['OIDC_AUTHORITY', { OIDC_AUTHORITY: 'ftp://idp.example.com', OIDC_CLIENT_ID: 'club-ledger-web' }],
    ['OIDC_AUTHORITY', { OIDC_CLIENT_ID: 'club-ledger-web' }],
    ['OIDC_CLIENT_ID', { OIDC_AUTHORITY: 'https://idp.example.com/realms/acme' }],
    ['OIDC_SCOPE', { OIDC_AUTHORITY: 'https://idp.example.com', OIDC_CLIENT_ID: 'web', OIDC_SCOPE: 'openid  "profile"' }],
    ['SMTP_URL', { SMTP_URL: 'http://mail.example.com' }],
    ['CHAT_WEBHOOK_URL', { CHAT_WEBHOOK_URL: 'hooks.slack.com/services/x' }],
    ['HR_EMAIL', { HR_EMAIL: 'people at example.com' }],
    ['DELIVERY_MAX_ATTEMPTS', { DELIVERY_MAX_ATTEMPTS: '0' }],
  ])('names %s when given %j', (variable, env) => {
    const attempt = () => loadConfig({ DATA_DIR: dataDir(), ...env });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(new RegExp(`^${variable} must`));
  });

  it('verifies tokens with the HS256 secret, or with the identity provider keys when a JWKS URL is set', () => {
    const secret = 'x'.repeat(32);
    expect(loadConfig({ DATA_DIR: dataDir(), AUTH_JWT_SECRET: secret }).auth).toEqual({ kind: 'secret', secret });
    const jwks = { AUTH_JWKS_URL: 'https://idp.example.com/jwks', AUTH_ISSUER: 'https://idp.example.com', AUTH_AUDIENCE: 'club-ledger' };
    expect(loadConfig({ DATA_DIR: dataDir(), ...jwks }).auth).toEqual({
      kind: 'jwks',
      jwksUrl: jwks.AUTH_JWKS_URL,
      issuer: jwks.AUTH_ISSUER,
      audience: jwks.AUTH_AUDIENCE,
    });
  });

  it.each(['esdb://admin:changeit@eventstore:2113?tls=false', 'esdb+discover://a:2113,b:2113,c:2113/?tls=true', 'esdb://eventstore'])(
    'accepts the EventStoreDB connection string %s',
    (connectionString) => {
      expect(loadConfig({ DATA_DIR: dataDir(), EVENTSTORE_CONNECTION_STRING: connectionString }).events).toEqual({ engine: 'eventstoredb', connectionString });
    },
  );

  it('reads a PostgreSQL schema of its own with DATABASE_URL, and a postgresql:// URL as well', () => {
    const config = loadConfig({ DATABASE_URL: 'postgresql://club@db/ledger', DATABASE_SCHEMA: 'club_ledger' });
    expect(config.readModels).toEqual({ engine: 'postgres', url: 'postgresql://club@db/ledger', schema: 'club_ledger' });
  });

  it('reads the GraphQL, body, rate and readiness limits', () => {
    const config = loadConfig({
      DATA_DIR: dataDir(),
      GRAPHQL_MAX_DEPTH: '6',
      GRAPHQL_MAX_COST: '500',
      REQUEST_BODY_LIMIT_KB: '16',
      RATE_LIMIT_MUTATIONS_PER_MINUTE: '3',
      READY_MAX_LAG: '0',
    });
    expect(config.limits).toEqual({
      queryDepth: 6, queryCost: 500, bodyBytes: 16 * 1024, mutationsPerMinute: 3, readyMaxLag: 0, queryWork: 200_000, heavyPerCaller: 2, statementTimeoutMs: 15_000,
    });
  });

  it('reads the token lifetime as a duration, and where /metrics is served', () => {
    expect(loadConfig({ DATA_DIR: dataDir(), AUTH_MAX_TOKEN_LIFETIME: '90m' }).maxTokenLifetimeSeconds).toBe(5_400);
    expect(loadConfig({ DATA_DIR: dataDir(), AUTH_MAX_TOKEN_LIFETIME: '3600' }).maxTokenLifetimeSeconds).toBe(3_600);
    expect(() => loadConfig({ DATA_DIR: dataDir(), AUTH_MAX_TOKEN_LIFETIME: 'forever' })).toThrow(ConfigError);
    expect(loadConfig({ DATA_DIR: dataDir(), NODE_ENV: 'production' }).metrics).toEqual({ token: null, port: null, onApiPort: false });
    expect(loadConfig({ DATA_DIR: dataDir(), NODE_ENV: 'production', METRICS_TOKEN: 'a-scrape-token-of-16+' }).metrics.onApiPort).toBe(true);
    expect(loadConfig({ DATA_DIR: dataDir(), METRICS_PORT: '9464' }).metrics).toEqual({ token: null, port: 9_464, onApiPort: false });
  });

  it('turns introspection off in production unless GRAPHQL_INTROSPECTION asks for it, and on elsewhere unless it forbids it', () => {
    const introspection = (env: Record<string, string>) => loadConfig({ DATA_DIR: dataDir(), ...env }).introspection;
    expect(introspection({ NODE_ENV: 'production' })).toBe(false);
    expect(introspection({ NODE_ENV: 'production', GRAPHQL_INTROSPECTION: 'true' })).toBe(true);
    expect(introspection({ NODE_ENV: 'development' })).toBe(true);
    expect(introspection({ GRAPHQL_INTROSPECTION: 'false' })).toBe(false);
  });

  it('offers the identity provider to the web app when OIDC_AUTHORITY and OIDC_CLIENT_ID are set, with the default scope', () => {
    const oidc = (env: Record<string, string>) => loadConfig({ DATA_DIR: dataDir(), ...env }).oidc;
    expect(oidc({})).toBeNull();
    expect(oidc({ OIDC_AUTHORITY: '', OIDC_CLIENT_ID: '' })).toBeNull();
    expect(oidc({ OIDC_AUTHORITY: 'https://idp.example.com/realms/acme', OIDC_CLIENT_ID: 'club-ledger-web' })).toEqual({
      authority: 'https://idp.example.com/realms/acme',
      clientId: 'club-ledger-web',
      scope: 'openid profile email',
    });
    expect(oidc({ OIDC_AUTHORITY: 'http://localhost:8080', OIDC_CLIENT_ID: 'web', OIDC_SCOPE: 'openid groups' })?.scope).toBe('openid groups');
  });

  it('offers development sign-in only with the HS256 secret and outside production', () => {
    const devSignIn = (env: Record<string, string>) => loadConfig({ DATA_DIR: dataDir(), ...env }).devSignIn;
    const secret = 'x'.repeat(32);
    const jwks = { AUTH_JWKS_URL: 'https://idp.example.com/jwks', AUTH_ISSUER: 'https://idp.example.com', AUTH_AUDIENCE: 'club-ledger' };
    expect(devSignIn({ AUTH_JWT_SECRET: secret })).toBe(true);
    expect(devSignIn({ AUTH_JWT_SECRET: secret, NODE_ENV: 'development' })).toBe(true);
    expect(devSignIn({ AUTH_JWT_SECRET: secret, NODE_ENV: 'production' })).toBe(false);
    expect(devSignIn({ AUTH_JWT_SECRET: secret, ...jwks })).toBe(false);
    expect(devSignIn({})).toBe(false);
  });

  it('treats an empty variable as unset, as shells and compose files often leave them', () => {
    expect(loadConfig({ DATA_DIR: dataDir(), DATABASE_URL: '', PORT: '' })).toMatchObject({ port: 3000, readModels: { engine: 'pglite' } });
  });

  it('does not touch DATA_DIR when the read models live in PostgreSQL', () => {
    const file = join(dataDir(), 'a-file');
    writeFileSync(file, '');
    expect(loadConfig({ DATA_DIR: join(file, 'data'), DATABASE_URL: 'postgres://db/ledger' }).readModels.engine).toBe('postgres');
  });

  it('names DATA_DIR when the folder cannot be created', () => {
    const file = join(dataDir(), 'a-file');
    writeFileSync(file, '');
    expect(() => loadConfig({ DATA_DIR: join(file, 'data') })).toThrow(/^DATA_DIR must be a folder .*ENOTDIR/);
  });
});
