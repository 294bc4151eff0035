import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { CONFIG_VARIABLES, loadConfig } from '../../apps/api/src/config/config';

interface Service {
  image?: string;
  build?: string;
  environment?: Record<string, string>;
  ports?: string[];
  depends_on?: Record<string, unknown> | string[];
}

const root = join(__dirname, '..', '..');
const compose = parse(readFileSync(join(root, 'docker-compose.yml'), 'utf8')) as { services: Record<string, Service> };
const api = compose.services.api;

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
    // Unused with PostgreSQL (DATA_DIR, DATABASE_SCHEMA), a default that suits (LOG_LEVEL, the limits; NODE_ENV is
    // set by the image), or left to the organisation: its identity provider, or a development secret. A new variable
    // fails here until it is placed.
    const optional = new Set([
      'DATA_DIR', 'DATABASE_SCHEMA', 'LOG_LEVEL', 'AUTH_JWT_SECRET', 'AUTH_JWKS_URL', 'AUTH_ISSUER', 'AUTH_AUDIENCE',
      'NODE_ENV', 'GRAPHQL_INTROSPECTION', 'GRAPHQL_MAX_DEPTH', 'GRAPHQL_MAX_COST', 'REQUEST_BODY_LIMIT_KB',
      'RATE_LIMIT_MUTATIONS_PER_MINUTE', 'READY_MAX_LAG',
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
});
