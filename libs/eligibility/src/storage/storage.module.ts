import { Global, Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, Clock, PostgresClient, type AppConfig, type SqlClient } from '@club-ledger/kernel';
import { EVENT_STORE, type EventStore } from '@club-ledger/event-store';
import { CommandRunner, domainEvents } from '@club-ledger/domain';
import { migrateReadModels } from '../read-model';
import { Projector } from '../projector';
import { readModelProjections } from '../projections';
import { StandingChanges, listenForStandingChanges } from '../queries/standing-changes';
import { MeteredCommands } from './metered-commands';
import { openEventStore, openReadModels } from './storage';

export const SQL_CLIENT = Symbol('SqlClient');
const STANDINGS_LISTENER = Symbol('StandingsListener');

/** Closes in the reverse order of opening: the projector first, the databases last. */
class StorageShutdown implements OnApplicationShutdown {
  constructor(
    @Inject(SQL_CLIENT) private readonly sql: SqlClient,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(Projector) private readonly projector: Projector,
    @Inject(STANDINGS_LISTENER) private readonly listener: { close(): Promise<void> } | undefined,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await this.listener?.close();
    await this.projector.stop();
    await this.store.close();
    await this.sql.close();
  }
}

@Global()
@Module({})
export class StorageModule {
  static forRoot(): DynamicModule {
    return {
      module: StorageModule,
      providers: [
        { provide: SQL_CLIENT, inject: [APP_CONFIG], useFactory: (config: AppConfig) => openReadModels(config) },
        {
          provide: EVENT_STORE,
          inject: [APP_CONFIG, SQL_CLIENT],
          useFactory: (config: AppConfig, sql: SqlClient) => openEventStore(config, sql),
        },
        StandingChanges,
        {
          provide: Projector,
          inject: [APP_CONFIG, SQL_CLIENT, EVENT_STORE, StandingChanges],
          useFactory: async (config: AppConfig, sql: SqlClient, store: EventStore, changes: StandingChanges) => {
            await migrateReadModels(sql);
            const projections = readModelProjections({ onStandingsChanged: changes.publish });
            const projector = new Projector({ store, sql, catalog: domainEvents, projections });
            if (config.projector) projector.start();
            return projector;
          },
        },
        {
          provide: STANDINGS_LISTENER,
          inject: [APP_CONFIG, SQL_CLIENT, StandingChanges],
          // With PROJECTOR=off the standalone projector's commits reach `standingChanged` through PostgreSQL.
          useFactory: (config: AppConfig, sql: SqlClient, changes: StandingChanges) =>
            !config.projector && sql instanceof PostgresClient ? listenForStandingChanges(sql, changes) : undefined,
        },
        {
          provide: CommandRunner,
          inject: [EVENT_STORE, Clock, { token: MeteredCommands, optional: true }],
          // The API meters its commands; the CLI, which opens the ledger through this module too, has no metrics.
          useFactory: (store: EventStore, clock: Clock, metered?: MeteredCommands) => {
            const now = () => clock.now();
            return metered ? metered.runner(store, domainEvents, now) : new CommandRunner(store, domainEvents, now);
          },
        },
        StorageShutdown,
      ],
      exports: [SQL_CLIENT, EVENT_STORE, Projector, CommandRunner, StandingChanges],
    };
  }
}
