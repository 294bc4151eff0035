import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { CONFIG_VARIABLES, loadConfig } from '@club-ledger/kernel';
import { loadProjectorConfig } from '../../apps/projector/src/projector-config';

interface Service {
  image?: string;
  build?: string;
  profiles?: string[];
  command?: string[];
  environment?: Record<string, string>;
  ports?: string[];
  depends_on?: Record<string, { required?: boolean }> | string[];
}

const root = join(__dirname, '..', '..');
const compose = parse(readFileSync(join(root, 'docker-compose.yml'), 'utf8'), { merge: true }) as { services: Record<string, Service> };
const clusterEnv = Object.fromEntries(
  readFileSync(join(root, 'deploy', 'cluster.env'), 'utf8')
    .split('\n')
    .filter((line) => /^[A-Z_]+=/.test(line))
    .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
);

/** A service's environment as Compose hands it over, `${NAME:-default}` resolved from the shell's variables. */
function environmentOf(service: Service, shell: Record<string, string> = {}): Record<string, string> {
  return Object.fromEntries(
    Object.entries(service.environment ?? {}).map(([name, value]) => [
      name,
      String(value).replace(/\$\{(\w+):-([^}]*)\}/g, (_, variable: string, fallback: string) => shell[variable] ?? fallback),
    ]),
  );
}
const api = { ...compose.services.api, environment: environmentOf(compose.services.api) };

// No container engine runs here, so the deployment file is checked against the code that reads it.
describe('docker-compose.yml', () => {
  it('names only services that exist', () => {
    for (const [name, service] of Object.entries(compose.services)) {
      const dependencies = Array.isArray(service.depends_on) ? service.depends_on : Object.keys(service.depends_on ?? {});
      for (const dependency of dependencies) expect([name, dependency, dependency in compose.services]).toEqual([name, dependency, true]);
    }
  });

  it('gives the api a valid configuration that puts events in EventStoreDB and read models in PostgreSQL', () => {
    const config = loadConfig(api.environment ?? {});
    expect(config.events).toEqual({ engine: 'eventstoredb', connectionString: 'esdb://eventstore:2113?tls=false' });
    expect(config.readModels).toMatchObject({ engine: 'postgres' });
  });

  it('sets, or leaves to a default, every variable the api reads', () => {
    // Unused with PostgreSQL (DATA_DIR, PGLITE_SHARED_BUFFERS_MB, DATABASE_SCHEMA), a default that suits (LOG_LEVEL, the limits, OIDC_SCOPE, CLAIM_ESCALATION_DAYS; NODE_ENV
    // is set by the image), or left to the organisation: its identity provider (token keys and the web app's client),
    // or a development secret, its mail server and chat (notifications then stay in the app). A new variable fails
    // here until it is placed.
    const optional = new Set([
      'DATA_DIR', 'PGLITE_SHARED_BUFFERS_MB', 'DATABASE_SCHEMA', 'LOG_LEVEL', 'AUTH_JWT_SECRET', 'AUTH_JWKS_URL', 'AUTH_ISSUER', 'AUTH_AUDIENCE',
      'NODE_ENV', 'GRAPHQL_INTROSPECTION', 'GRAPHQL_MAX_DEPTH', 'GRAPHQL_MAX_COST', 'REQUEST_BODY_LIMIT_KB',
      'RATE_LIMIT_MUTATIONS_PER_MINUTE', 'READY_MAX_LAG', 'OIDC_AUTHORITY', 'OIDC_CLIENT_ID', 'OIDC_SCOPE', 'CLAIM_ESCALATION_DAYS',
      'SMTP_URL', 'MAIL_FROM', 'CHAT_WEBHOOK_URL', 'HR_EMAIL', 'DELIVERY_MAX_ATTEMPTS',
      // Limits with defaults that suit, and the metrics' access, left to the operator.
      'AUTH_MAX_TOKEN_LIFETIME', 'METRICS_TOKEN', 'METRICS_PORT', 'GRAPHQL_MAX_WORK', 'HEAVY_OPERATIONS_PER_CALLER', 'DATABASE_STATEMENT_TIMEOUT_MS',
      // The CLI's import bounds: the API never reads them.
      'IMPORT_MAX_CELL_KB', 'IMPORT_MAX_ROW_KB',
    ]);
    for (const variable of CONFIG_VARIABLES) {
      if (!optional.has(variable)) expect([variable, variable in (api.environment ?? {})]).toEqual([variable, true]);
    }
    expect(Object.keys(api.environment ?? {}).filter((name) => !(CONFIG_VARIABLES as readonly string[]).includes(name))).toEqual([]);
  });

  it('points the api at the hosts and ports of its services', () => {
    const config = loadConfig(api.environment ?? {});
    const url = new URL(config.readModels.engine === 'postgres' ? config.readModels.url : '');
    expect(url.hostname).toBe('postgres');
    expect(compose.services.postgres.ports).toContain(`${url.port}:5432`);
    expect(compose.services.eventstore.ports).toContain('2113:2113');
    expect(api.ports?.map((mapping) => mapping.split(':').at(-1))).toEqual([String(config.port)]);
    const pg = compose.services.postgres.environment ?? {};
    expect(`${url.username}:${url.password}${url.pathname}`).toBe(`${pg.POSTGRES_USER}:${pg.POSTGRES_PASSWORD}/${pg.POSTGRES_DB}`);
  });

  it('runs the api without projections and the standalone projector beside it, on the same stores', () => {
    expect(loadConfig(api.environment ?? {}).projector).toBe(false);
    const projector = compose.services.projector;
    expect(projector.command?.join(' ')).toContain('dist/apps/projector/src/main.js');
    const worker = loadProjectorConfig(environmentOf(projector));
    expect(worker.readModels).toEqual(loadConfig(api.environment ?? {}).readModels);
    expect(worker.events).toEqual(loadConfig(api.environment ?? {}).events);
  });

  it('offers a 3-node cluster under the cluster profile, each node seeded with the other two', () => {
    const nodes = Object.entries(compose.services).filter(([, service]) => service.profiles?.includes('cluster'));
    expect(nodes.map(([name]) => name)).toEqual(['eventstore-1', 'eventstore-2', 'eventstore-3']);
    for (const [name, node] of nodes) {
      const environment = node.environment ?? {};
      expect(environment.EVENTSTORE_CLUSTER_SIZE).toBe('3');
      const others = nodes.map(([other]) => other).filter((other) => other !== name);
      expect(environment.EVENTSTORE_GOSSIP_SEED).toBe(others.map((other) => `${other}:2113`).join(','));
      expect(environment.EVENTSTORE_ADVERTISE_HOST_TO_CLIENT_AS).toBe(name);
    }
    // With deploy/cluster.env the api and the projector discover the leader among exactly those nodes.
    for (const service of [compose.services.api, compose.services.projector]) {
      const config = loadConfig(environmentOf(service, clusterEnv));
      expect(config.events.engine).toBe('eventstoredb');
      const hosts = config.events.engine === 'eventstoredb' ? config.events.connectionString.replace(/^esdb\+discover:\/\//, '').split('?')[0].split(',') : [];
      expect(hosts).toEqual(nodes.map(([name]) => `${name}:2113`));
    }
    // The single node is optional for the api, so `--scale eventstore=0` leaves only the cluster.
    expect((compose.services.api.depends_on as Record<string, { required?: boolean }>).eventstore.required).toBe(false);
  });
});
