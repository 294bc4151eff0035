import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from './config';

const dataDir = () => mkdtempSync(join(tmpdir(), 'club-ledger-config-'));

describe('loadConfig', () => {
  it('defaults to PGlite in DATA_DIR, events in the same database, the projector on, port 3000', () => {
    const dir = dataDir();
    expect(loadConfig({ DATA_DIR: dir })).toEqual({
      port: 3000,
      readModels: { engine: 'pglite', dataDir: dir },
      events: { engine: 'sql' },
      projector: true,
    });
  });

  it('uses PostgreSQL with DATABASE_URL and EventStoreDB with EVENTSTORE_CONNECTION_STRING', () => {
    const config = loadConfig({
      DATABASE_URL: 'postgres://club@db:5432/ledger',
      EVENTSTORE_CONNECTION_STRING: 'esdb://eventstore:2113?tls=false',
      PROJECTOR: 'off',
      PORT: '8080',
    });
    expect(config).toEqual({
      port: 8080,
      readModels: { engine: 'postgres', url: 'postgres://club@db:5432/ledger', schema: undefined },
      events: { engine: 'eventstoredb', connectionString: 'esdb://eventstore:2113?tls=false' },
      projector: false,
    });
  });

  it.each([
    ['DATABASE_URL', { DATABASE_URL: 'mysql://db/ledger' }],
    ['DATABASE_URL', { DATABASE_URL: 'not a url' }],
    ['EVENTSTORE_CONNECTION_STRING', { EVENTSTORE_CONNECTION_STRING: 'http://eventstore:2113' }],
    ['PROJECTOR', { PROJECTOR: 'sometimes' }],
    ['PORT', { PORT: 'eighty' }],
    ['PORT', { PORT: '70000' }],
    ['DATABASE_SCHEMA', { DATABASE_URL: 'postgres://db/x', DATABASE_SCHEMA: 'Robert"; DROP' }],
  ])('names %s when its value is malformed', (variable, env) => {
    const attempt = () => loadConfig({ DATA_DIR: dataDir(), ...env });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(new RegExp(`^${variable} must`));
  });

  it('names DATA_DIR when the folder cannot be created', () => {
    const file = join(dataDir(), 'a-file');
    writeFileSync(file, '');
    expect(() => loadConfig({ DATA_DIR: join(file, 'data') })).toThrow(/^DATA_DIR must be a folder .*ENOTDIR/);
  });
});
