import { accessSync, constants, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';

/** Every environment variable the API reads; the compose test checks the deployment sets or defaults each. */
export const CONFIG_VARIABLES = [
  'PORT',
  'DATA_DIR',
  'PGLITE_SHARED_BUFFERS_MB',
  'DATABASE_URL',
  'DATABASE_SCHEMA',
  'EVENTSTORE_CONNECTION_STRING',
  'PROJECTOR',
  'LOG_LEVEL',
  'AUTH_JWT_SECRET',
  'AUTH_JWKS_URL',
  'AUTH_ISSUER',
  'AUTH_AUDIENCE',
  'AUTH_MAX_TOKEN_LIFETIME',
  'NODE_ENV',
  'GRAPHQL_INTROSPECTION',
  'GRAPHQL_MAX_DEPTH',
  'GRAPHQL_MAX_COST',
  'REQUEST_BODY_LIMIT_KB',
  'RATE_LIMIT_MUTATIONS_PER_MINUTE',
  'READY_MAX_LAG',
  'GRAPHQL_MAX_WORK',
  'HEAVY_OPERATIONS_PER_CALLER',
  'DATABASE_STATEMENT_TIMEOUT_MS',
  'METRICS_TOKEN',
  'METRICS_PORT',
  'OIDC_AUTHORITY',
  'OIDC_CLIENT_ID',
  'OIDC_SCOPE',
  'CLAIM_ESCALATION_DAYS',
  'SMTP_URL',
  'MAIL_FROM',
  'CHAT_WEBHOOK_URL',
  'HR_EMAIL',
  'DELIVERY_MAX_ATTEMPTS',
  'IMPORT_MAX_CELL_KB',
  'IMPORT_MAX_ROW_KB',
] as const;
type Variable = (typeof CONFIG_VARIABLES)[number];
export type Environment = Partial<Record<Variable, string>> & Record<string, string | undefined>;

/** Pino's level names, which operators know, so they stay valid when the logger changes; `info` by default. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export type ReadModelStorage = { engine: 'pglite'; dataDir: string; sharedBuffersMb: number } | { engine: 'postgres'; url: string; schema?: string };
export type EventStorage = { engine: 'sql' } | { engine: 'eventstoredb'; connectionString: string };

/** How bearer tokens are verified: a shared HS256 secret (development, the embedded default) or the IdP's keys. */
export type AuthConfig =
  | { kind: 'none' }
  | { kind: 'secret'; secret: string }
  | { kind: 'jwks'; jwksUrl: string; issuer: string; audience: string };

/** The identity provider's public client the web app signs in with (authorization code + PKCE); tokens are still verified by `auth`. */
export interface OidcClient {
  /** The provider's issuer URL, where the browser finds its discovery document. */
  authority: string;
  clientId: string;
  scope: string;
}

/** What one request may ask of the API, and how far behind the projections may fall while it still reports ready. */
export interface Limits {
  /** Deepest nesting of fields a GraphQL operation may select. */
  queryDepth: number;
  /** Highest estimated cost of a GraphQL operation: one per field, lists counted `first` times. */
  queryCost: number;
  /** Largest request body the API reads, in bytes. */
  bodyBytes: number;
  /** Mutations one caller (token subject, else IP address) may send in a minute. */
  mutationsPerMinute: number;
  /** Events a projection may lag behind the event store while `/health/ready` still answers 200. */
  readyMaxLag: number;
  /** Most work one request may ask for: each past moment, preview or near-miss list costs the facts it folds and the people it judges. */
  queryWork: number;
  /** Requests asking for such work that one caller may have running at once. */
  heavyPerCaller: number;
  /** Longest a PostgreSQL statement may run before the server cancels it. */
  statementTimeoutMs: number;
}

/** Where Prometheus scrapes: the API's port behind a bearer token, its own port, or (outside production) open. */
export interface MetricsAccess {
  token: string | null;
  port: number | null;
  /** Whether /metrics answers on the API's own port. */
  onApiPort: boolean;
}

export interface AppConfig {
  port: number;
  readModels: ReadModelStorage;
  events: EventStorage;
  /** Whether this process runs the projections (off when a standalone projector does). */
  projector: boolean;
  /** The least severe level still logged. */
  logLevel: LogLevel;
  auth: AuthConfig;
  /** The longest lifetime (`exp` − `iat`) a bearer token may claim, in seconds. */
  maxTokenLifetimeSeconds: number;
  limits: Limits;
  metrics: MetricsAccess;
  /** Schema introspection and the GraphQL landing page: on in development, off in production unless asked for. */
  introspection: boolean;
  /** The identity provider the web app offers for sign-in, or null when there is none. */
  oidc: OidcClient | null;
  /** Whether /auth/dev lets anyone sign in as anyone: only with the HS256 development secret, and never in production. */
  devSignIn: boolean;
  /** Days a claim waits on the deal's owner before it escalates to the owner's manager (or HR). */
  claimEscalationDays: number;
  /** The built web app (index.html and assets/), served at / when it holds an index.html; not an environment variable. */
  webDir: string;
  /** How people are told outside the app: mail, chat, HR's address, how often a delivery is tried. */
  notifications: NotificationConfig;
  /** The largest cell and row of a CSV the CLI imports, in bytes; a larger one rejects its row. */
  importBounds: { cellBytes: number; rowBytes: number };
}

/** How this deployment reaches people outside the app; a channel without its setting is off. */
export interface NotificationConfig {
  /** SMTP_URL, e.g. smtp://user:pass@host:587. */
  smtpUrl: string | null;
  /** MAIL_FROM: the sender of every mail. */
  mailFrom: string;
  /** CHAT_WEBHOOK_URL: a Slack-compatible incoming webhook. */
  chatWebhookUrl: string | null;
  /** HR_EMAIL: where notifications for HR (a dispute raised, a claim with nobody above its owner) are mailed. */
  hrEmail: string | null;
  /** DELIVERY_MAX_ATTEMPTS: attempts before a delivery is FAILED. */
  maxAttempts: number;
}

/** A configuration mistake: the message names the variable, and start-up stops with that one line. */
export class ConfigError extends Error {
  constructor(
    readonly variable: Variable,
    message: string,
  ) {
    super(`${variable} ${message}`);
    this.name = 'ConfigError';
  }
}

const schemas = {
  PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
  DATA_DIR: z.string().min(1).default('./data'),
  // PGlite's page cache lives in the API's own memory for good (see README, Performance).
  PGLITE_SHARED_BUFFERS_MB: z.coerce.number().int().min(1).max(4096).default(64),
  // The URL parser alone would accept `postgres:db`, which pg reads as a database on localhost.
  DATABASE_URL: z
    .url({ protocol: /^postgres(ql)?$/ })
    .regex(/^postgres(ql)?:\/\//)
    .optional(),
  // The PostgreSQL schema to work in (created if missing; default `public`), so deployments or test runs can share a database.
  DATABASE_SCHEMA: z
    .string()
    .regex(/^[a-z_][a-z0-9_]{0,62}$/)
    .optional(),
  EVENTSTORE_CONNECTION_STRING: z
    .string()
    .regex(/^esdb(\+discover)?:\/\/[^\s/?]+\/?(\?\S*)?$/)
    .optional(),
  PROJECTOR: z.enum(['on', 'off']).default('on'),
  LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
  AUTH_JWT_SECRET: z.string().min(32).optional(),
  AUTH_JWKS_URL: z.url({ protocol: /^https?$/ }).optional(),
  AUTH_ISSUER: z.string().min(1).optional(),
  AUTH_AUDIENCE: z.string().min(1).optional(),
  AUTH_MAX_TOKEN_LIFETIME: z
    .string()
    .regex(/^[1-9]\d{0,8}[smhd]?$/)
    .default('24h')
    .transform((text) => Number.parseInt(text, 10) * ({ s: 1, m: 60, h: 3600, d: 86_400 }[text.slice(-1)] ?? 1)),
  NODE_ENV: z.string().min(1).optional(),
  GRAPHQL_INTROSPECTION: z.enum(['true', 'false']).optional(),
  GRAPHQL_MAX_DEPTH: z.coerce.number().int().min(1).max(100).default(10),
  GRAPHQL_MAX_COST: z.coerce.number().int().min(1).default(10_000),
  REQUEST_BODY_LIMIT_KB: z.coerce.number().int().min(1).max(10_240).default(100),
  RATE_LIMIT_MUTATIONS_PER_MINUTE: z.coerce.number().int().min(1).default(600),
  READY_MAX_LAG: z.coerce.number().int().min(0).default(10_000),
  // About the facts of a ledger of a few thousand people's year: one past moment or a few, never a thousand.
  GRAPHQL_MAX_WORK: z.coerce.number().int().min(1).default(200_000),
  HEAVY_OPERATIONS_PER_CALLER: z.coerce.number().int().min(1).max(100).default(2),
  DATABASE_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(100).default(15_000),
  METRICS_TOKEN: z.string().min(16).optional(),
  METRICS_PORT: z.coerce.number().int().min(1).max(65_535).optional(),
  OIDC_AUTHORITY: z.url({ protocol: /^https?$/ }).optional(),
  OIDC_CLIENT_ID: z.string().min(1).optional(),
  // Space-separated scope names, as the authorization request sends them (RFC 6749, section 3.3).
  OIDC_SCOPE: z
    .string()
    .regex(/^[\x21\x23-\x5b\x5d-\x7e]+( [\x21\x23-\x5b\x5d-\x7e]+)*$/)
    .default('openid profile email'),
  CLAIM_ESCALATION_DAYS: z.coerce.number().int().min(1).max(365).default(7),
  SMTP_URL: z.url({ protocol: /^smtps?$/ }).optional(),
  MAIL_FROM: z.string().min(3).max(320).default('Club Ledger <club-ledger@localhost>'),
  CHAT_WEBHOOK_URL: z.url({ protocol: /^https?$/ }).optional(),
  HR_EMAIL: z.email().optional(),
  DELIVERY_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(8),
  IMPORT_MAX_CELL_KB: z.coerce.number().int().min(1).max(102_400).default(64),
  IMPORT_MAX_ROW_KB: z.coerce.number().int().min(1).max(1_048_576).default(1024),
} satisfies Record<Variable, z.ZodType>;

const expectations: Record<Variable, string> = {
  PORT: 'must be a port number (0-65535)',
  DATA_DIR: 'must be a folder path',
  PGLITE_SHARED_BUFFERS_MB: 'must be a whole number of megabytes (1-4096)',
  DATABASE_URL: 'must be a postgres:// or postgresql:// URL',
  DATABASE_SCHEMA: 'must be a lower-case SQL identifier',
  EVENTSTORE_CONNECTION_STRING: 'must be an esdb:// or esdb+discover:// connection string',
  PROJECTOR: 'must be "on" or "off"',
  LOG_LEVEL: `must be one of ${LOG_LEVELS.join(', ')}`,
  AUTH_JWT_SECRET: 'must be at least 32 characters',
  AUTH_JWKS_URL: 'must be an http(s) URL of the identity provider\'s JSON Web Key Set',
  AUTH_ISSUER: 'must name the token issuer when AUTH_JWKS_URL is set',
  AUTH_AUDIENCE: 'must name the token audience when AUTH_JWKS_URL is set',
  AUTH_MAX_TOKEN_LIFETIME: 'must be a duration: seconds, or a number with s, m, h or d (e.g. 24h)',
  NODE_ENV: 'must name the environment, e.g. production',
  GRAPHQL_INTROSPECTION: 'must be "true" or "false"',
  GRAPHQL_MAX_DEPTH: 'must be a whole number of levels (1-100)',
  GRAPHQL_MAX_COST: 'must be a whole number of at least 1',
  REQUEST_BODY_LIMIT_KB: 'must be a whole number of kilobytes (1-10240)',
  RATE_LIMIT_MUTATIONS_PER_MINUTE: 'must be a whole number of at least 1',
  READY_MAX_LAG: 'must be a whole number of events (0 or more)',
  GRAPHQL_MAX_WORK: 'must be a whole number of at least 1',
  HEAVY_OPERATIONS_PER_CALLER: 'must be a whole number (1-100)',
  DATABASE_STATEMENT_TIMEOUT_MS: 'must be a whole number of milliseconds (at least 100)',
  METRICS_TOKEN: 'must be at least 16 characters',
  METRICS_PORT: 'must be a port number (1-65535)',
  OIDC_AUTHORITY: "must be the http(s) URL of the identity provider's issuer, set together with OIDC_CLIENT_ID",
  OIDC_CLIENT_ID: "must name the web app's client at the identity provider, set together with OIDC_AUTHORITY",
  OIDC_SCOPE: 'must be scope names separated by single spaces, e.g. "openid profile email"',
  CLAIM_ESCALATION_DAYS: 'must be a whole number of days (1-365)',
  SMTP_URL: 'must be an smtp:// or smtps:// URL of the mail server, e.g. smtp://user:pass@mail.example.com:587',
  MAIL_FROM: 'must be the sender of notification mail, e.g. "Club Ledger <club@example.com>"',
  CHAT_WEBHOOK_URL: 'must be the http(s) URL of a Slack-compatible incoming webhook',
  HR_EMAIL: 'must be the email address HR is notified at',
  DELIVERY_MAX_ATTEMPTS: 'must be a whole number of attempts (1-100)',
  IMPORT_MAX_CELL_KB: 'must be a whole number of kilobytes (1-102400)',
  IMPORT_MAX_ROW_KB: 'must be a whole number of kilobytes (1-1048576), no less than IMPORT_MAX_CELL_KB',
};

function read<V extends Variable>(env: Environment, variable: V): z.output<(typeof schemas)[V]> {
  const raw = env[variable] === '' ? undefined : env[variable];
  const result = schemas[variable].safeParse(raw);
  if (!result.success) throw new ConfigError(variable, expectations[variable]);
  return result.data as z.output<(typeof schemas)[V]>;
}

/** Reads and validates the configuration once, at start-up. */
export function loadConfig(env: Environment): AppConfig {
  const databaseUrl = read(env, 'DATABASE_URL');
  const connectionString = read(env, 'EVENTSTORE_CONNECTION_STRING');
  const auth = authConfig(env);
  const config: AppConfig = {
    port: read(env, 'PORT'),
    readModels: databaseUrl
      ? { engine: 'postgres', url: databaseUrl, schema: read(env, 'DATABASE_SCHEMA') }
      : { engine: 'pglite', dataDir: resolve(read(env, 'DATA_DIR')), sharedBuffersMb: read(env, 'PGLITE_SHARED_BUFFERS_MB') },
    events: connectionString ? { engine: 'eventstoredb', connectionString } : { engine: 'sql' },
    projector: read(env, 'PROJECTOR') === 'on',
    logLevel: read(env, 'LOG_LEVEL'),
    auth,
    maxTokenLifetimeSeconds: read(env, 'AUTH_MAX_TOKEN_LIFETIME'),
    metrics: metricsAccess(env),
    limits: {
      queryDepth: read(env, 'GRAPHQL_MAX_DEPTH'),
      queryCost: read(env, 'GRAPHQL_MAX_COST'),
      bodyBytes: read(env, 'REQUEST_BODY_LIMIT_KB') * 1024,
      mutationsPerMinute: read(env, 'RATE_LIMIT_MUTATIONS_PER_MINUTE'),
      readyMaxLag: read(env, 'READY_MAX_LAG'),
      queryWork: read(env, 'GRAPHQL_MAX_WORK'),
      heavyPerCaller: read(env, 'HEAVY_OPERATIONS_PER_CALLER'),
      statementTimeoutMs: read(env, 'DATABASE_STATEMENT_TIMEOUT_MS'),
    },
    introspection: introspection(env),
    oidc: oidcClient(env),
    devSignIn: auth.kind === 'secret' && read(env, 'NODE_ENV') !== 'production',
    claimEscalationDays: read(env, 'CLAIM_ESCALATION_DAYS'),
    webDir: resolve(process.cwd(), 'dist/web'),
    notifications: {
      smtpUrl: read(env, 'SMTP_URL') ?? null,
      mailFrom: read(env, 'MAIL_FROM'),
      chatWebhookUrl: read(env, 'CHAT_WEBHOOK_URL') ?? null,
      hrEmail: read(env, 'HR_EMAIL') ?? null,
      maxAttempts: read(env, 'DELIVERY_MAX_ATTEMPTS'),
    },
    importBounds: importBounds(env),
  };
  if (config.readModels.engine === 'pglite') assertWritableFolder(config.readModels.dataDir);
  return config;
}

function authConfig(env: Environment): AuthConfig {
  const secret = read(env, 'AUTH_JWT_SECRET');
  const jwksUrl = read(env, 'AUTH_JWKS_URL');
  if (jwksUrl) {
    const issuer = read(env, 'AUTH_ISSUER');
    const audience = read(env, 'AUTH_AUDIENCE');
    if (!issuer) throw new ConfigError('AUTH_ISSUER', expectations.AUTH_ISSUER);
    if (!audience) throw new ConfigError('AUTH_AUDIENCE', expectations.AUTH_AUDIENCE);
    return { kind: 'jwks', jwksUrl, issuer, audience };
  }
  return secret ? { kind: 'secret', secret } : { kind: 'none' };
}

/** In production /metrics is never open to anyone: it needs METRICS_TOKEN on the API's port, or gets a port of its own. */
function metricsAccess(env: Environment): MetricsAccess {
  const token = read(env, 'METRICS_TOKEN') ?? null;
  const port = read(env, 'METRICS_PORT') ?? null;
  const production = read(env, 'NODE_ENV') === 'production';
  return { token, port, onApiPort: port === null && (token !== null || !production) };
}

/** A row holds its cells, so it may never be smaller than one of them. */
function importBounds(env: Environment): AppConfig['importBounds'] {
  const [cellKb, rowKb] = [read(env, 'IMPORT_MAX_CELL_KB'), read(env, 'IMPORT_MAX_ROW_KB')];
  if (rowKb < cellKb) throw new ConfigError('IMPORT_MAX_ROW_KB', expectations.IMPORT_MAX_ROW_KB);
  return { cellBytes: cellKb * 1024, rowBytes: rowKb * 1024 };
}

/** Both or neither: an authority without a client id (or the reverse) is a half-done set-up, not a choice. */
function oidcClient(env: Environment): OidcClient | null {
  const authority = read(env, 'OIDC_AUTHORITY');
  const clientId = read(env, 'OIDC_CLIENT_ID');
  if (!authority && !clientId) return null;
  if (!authority) throw new ConfigError('OIDC_AUTHORITY', expectations.OIDC_AUTHORITY);
  if (!clientId) throw new ConfigError('OIDC_CLIENT_ID', expectations.OIDC_CLIENT_ID);
  return { authority, clientId, scope: read(env, 'OIDC_SCOPE') };
}

/** A production deployment keeps its schema to itself unless GRAPHQL_INTROSPECTION says otherwise. */
function introspection(env: Environment): boolean {
  const asked = read(env, 'GRAPHQL_INTROSPECTION');
  return asked === undefined ? read(env, 'NODE_ENV') !== 'production' : asked === 'true';
}

function assertWritableFolder(dataDir: string): void {
  try {
    mkdirSync(dataDir, { recursive: true });
    accessSync(dataDir, constants.R_OK | constants.W_OK);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? 'not writable';
    throw new ConfigError('DATA_DIR', `must be a folder this process can create and write (${dataDir}: ${reason})`);
  }
}
