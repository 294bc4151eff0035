import { Global, Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { Clock, PostgresClient, type SqlClient } from '@club-ledger/kernel';
import { EVENT_STORE, type EventStore } from '@club-ledger/event-store';
import { CommandRunner, domainEvents } from '@club-ledger/domain';
import { migrateReadModels, Projector, readModelProjections } from '@club-ledger/eligibility';
import { migrateNotifications, Notifications } from '@club-ledger/notifications';
import { Logger } from 'nestjs-pino';
import { APP_CONFIG } from '../config/config.provider';
import type { AppConfig } from '../config/config';
import { MeteredCommandRunner } from '../metrics/metered-command-runner';
import { Metrics } from '../metrics/metrics';
import { AddedNotifications } from '../notifications/added-notifications';
import { StandingChanges, listenForStandingChanges } from '../programs/standing-changes';
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
    @Inject(Notifications) private readonly notifications: Notifications,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await this.listener?.close();
    await this.notifications.stop();
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
        AddedNotifications,
        {
          provide: Notifications,
          inject: [APP_CONFIG, SQL_CLIENT, Clock, AddedNotifications, { token: Metrics, optional: true }, { token: Logger, optional: true }],
          useFactory: async (config: AppConfig, sql: SqlClient, clock: Clock, added: AddedNotifications, metrics?: Metrics, log?: Logger) => {
            await migrateNotifications(sql);
            return new Notifications({
              sql,
              config: config.notifications,
              clock,
              onAdded: added.publish,
              onDelivery: (channel, outcome) => metrics?.deliveries.inc({ channel, outcome }),
              onError: (error) => log?.warn({ err: error }, 'notifications interrupted; they resume where they were'),
            });
          },
        },
        {
          provide: Projector,
          inject: [APP_CONFIG, SQL_CLIENT, EVENT_STORE, StandingChanges, Notifications],
          useFactory: async (config: AppConfig, sql: SqlClient, store: EventStore, changes: StandingChanges, notifications: Notifications) => {
            await migrateReadModels(sql);
            const projections = [
              ...readModelProjections({
                onStandingsChanged: (changed) => {
                  changes.publish(changed);
                  notifications.standingsChanged(changed);
                },
              }),
              notifications.projection,
            ];
            const projector = new Projector({ store, sql, catalog: domainEvents, projections });
            // The delivery worker runs beside the projector: where the projections run, so do the deliveries.
            if (config.projector) {
              projector.start();
              notifications.start();
            }
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
          inject: [EVENT_STORE, Clock, { token: Metrics, optional: true }],
          // The API meters its commands; the CLI, which opens the ledger through this module too, has no metrics.
          useFactory: (store: EventStore, clock: Clock, metrics?: Metrics) => {
            const now = () => clock.now();
            return metrics ? new MeteredCommandRunner(store, domainEvents, metrics, now) : new CommandRunner(store, domainEvents, now);
          },
        },
        StorageShutdown,
      ],
      exports: [SQL_CLIENT, EVENT_STORE, Projector, CommandRunner, StandingChanges, AddedNotifications, Notifications],
    };
  }
}
