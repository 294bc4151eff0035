import type { SqlClient } from '@club-ledger/kernel';
import { SqlEventStore, type EventStore } from '@club-ledger/event-store';
import { CommandRunner, domainEvents } from '@club-ledger/domain';
import { FACT_TYPES, type Fact } from '../engine/fold-facts';
import { Projector } from '../projector';
import { readModelProjections, type ReadModelOptions } from '../projections';
import { migrateReadModels } from '../read-model';

export interface LedgerUnderTest {
  sql: SqlClient;
  store: EventStore;
  projector: Projector;
  runner: CommandRunner;
  close(): Promise<void>;
}

/** A ledger for a suite: the SQL event store and every read model in `sql`, the projector running, a command runner. */
export async function ledgerUnderTest(sql: SqlClient, options: ReadModelOptions = {}): Promise<LedgerUnderTest> {
  const store = await SqlEventStore.open(sql);
  await migrateReadModels(sql);
  const projector = new Projector({ store, sql, catalog: domainEvents, projections: readModelProjections(options) });
  projector.start();
  return {
    sql, store, projector, runner: new CommandRunner(store, domainEvents),
    async close() {
      await projector.stop();
      await store.close();
      await sql.close();
    },
  };
}

const factTypes = new Set<string>(FACT_TYPES);

/** The facts a replay of the event log gives, those recorded by `knownAt` (all when omitted): the read side's yardstick. */
export async function factsOfLog(store: EventStore, knownAt?: Date): Promise<Fact[]> {
  const facts: Fact[] = [];
  for await (const recorded of store.readAll()) {
    if (!factTypes.has(recorded.type) || (knownAt && recorded.recordedAt.getTime() > knownAt.getTime())) continue;
    const event = domainEvents.decode(recorded);
    facts.push({ type: event.type, data: event.data, position: recorded.position.toString(), occurredAt: event.metadata.occurredAt, recordedAt: recorded.recordedAt.toISOString() } as Fact);
  }
  return facts;
}
