import { PgliteClient, PostgresClient, type AppConfig, type SqlClient } from '@club-ledger/kernel';
import { EsdbEventStore, SqlEventStore, type EventStore } from '@club-ledger/event-store';

/** The read-model database; in the embedded default and the Postgres-only shape it holds the events too. */
export function openReadModels(config: AppConfig): Promise<SqlClient> {
  const storage = config.readModels;
  switch (storage.engine) {
    case 'pglite':
      return PgliteClient.open(storage.dataDir, { sharedBuffersMb: storage.sharedBuffersMb });
    case 'postgres':
      return PostgresClient.open(storage.url, { schema: storage.schema, statementTimeoutMs: config.limits.statementTimeoutMs });
    default: {
      const unknown: never = storage;
      throw new Error(`Unknown read-model storage ${JSON.stringify(unknown)}`);
    }
  }
}

export async function openEventStore(config: AppConfig, sql: SqlClient): Promise<EventStore> {
  const events = config.events;
  switch (events.engine) {
    case 'sql':
      return SqlEventStore.open(sql);
    case 'eventstoredb':
      return EsdbEventStore.connect(events.connectionString);
    default: {
      const unknown: never = events;
      throw new Error(`Unknown event storage ${JSON.stringify(unknown)}`);
    }
  }
}

export function describeStorage(config: AppConfig): { eventStore: string; readModels: string } {
  const readModels = config.readModels.engine;
  return { eventStore: config.events.engine === 'sql' ? readModels : 'eventstoredb', readModels };
}
