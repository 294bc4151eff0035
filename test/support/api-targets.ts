import { randomUUID } from 'node:crypto';
import { pgliteStore } from './pglite-folder';
import { startEsdbTestServer, type EsdbTestServer } from './esdb-test-server';

export interface ApiTarget {
  name: string;
  /** What `health` reports for this storage. */
  eventStore: 'pglite' | 'postgres' | 'eventstoredb';
  readModels: 'pglite' | 'postgres';
  /** The environment of a fresh API on this storage (its own folder or schema). */
  env(): Promise<Record<string, string>>;
}

/**
 * The storage shapes an end-to-end suite runs the API on: PGlite; events in the EventStoreDB test server
 * with read models in PGlite; PostgreSQL when DATABASE_URL is set (else says, under `suite`, that it is left
 * out). Call it at the top of a test file: it stops the EventStoreDB test server after the file.
 */
export function apiTargets(suite: string): ApiTarget[] {
  let esdb: EsdbTestServer | undefined;
  afterAll(async () => esdb?.stop());
  const store = () => pgliteStore(suite.replace(/\W+/g, '-'));
  const targets: ApiTarget[] = [
    { name: 'PGlite', eventStore: 'pglite', readModels: 'pglite', env: async () => store() },
    {
      name: 'the EventStoreDB test server (events) and PGlite (read models)',
      eventStore: 'eventstoredb',
      readModels: 'pglite',
      env: async () => ({ ...store(), EVENTSTORE_CONNECTION_STRING: (esdb ??= await startEsdbTestServer()).connectionString }),
    },
  ];
  const databaseUrl = process.env.DATABASE_URL;
  if (databaseUrl) {
    targets.push({
      name: 'PostgreSQL',
      eventStore: 'postgres',
      readModels: 'postgres',
      env: async () => ({ DATABASE_URL: databaseUrl, DATABASE_SCHEMA: `e2e_${randomUUID().replace(/-/g, '').slice(0, 12)}` }),
    });
  } else {
    process.stdout.write(`${suite}: PostgreSQL skipped for want of DATABASE_URL\n`);
  }
  return targets;
}
