import { Global, Module } from '@nestjs/common';
import { Logger } from 'nestjs-pino';
import { APP_CONFIG, Clock, type AppConfig, type SqlClient } from '@club-ledger/kernel';
import { ProjectorCompanion, SQL_CLIENT, standingPlaces } from '@club-ledger/eligibility';
import { EVENT_STORE, type EventStore } from '@club-ledger/event-store';
import { holdBackHistory, migrateNotifications, Notifications } from '@club-ledger/notifications';
import { Metrics } from '../metrics/metrics';
import { AddedNotifications } from './added-notifications';
import { NotificationsListener } from './notifications-listener';
import { DeliveryResolver, NotificationsResolver } from './notifications.resolver';

/**
 * Notifications, their GraphQL, and the deliveries: global so that the storage module runs the notifications
 * projection and the delivery worker beside its projector (`ProjectorCompanion`).
 */
@Global()
@Module({
  providers: [
    AddedNotifications,
    {
      provide: Notifications,
      inject: [APP_CONFIG, SQL_CLIENT, EVENT_STORE, Clock, AddedNotifications, { token: Metrics, optional: true }, { token: Logger, optional: true }],
      useFactory: async (config: AppConfig, sql: SqlClient, store: EventStore, clock: Clock, added: AddedNotifications, metrics?: Metrics, log?: Logger) => {
        await migrateNotifications(sql);
        // Before the projector starts (it waits for this companion): what is in the store by now is history.
        await holdBackHistory(sql, store);
        return new Notifications({
          sql,
          config: config.notifications,
          clock,
          places: standingPlaces,
          onAdded: added.publish,
          onDelivery: (channel, outcome) => metrics?.deliveries.inc({ channel, outcome }),
          onError: (error) => log?.warn({ err: error }, 'notifications interrupted; they resume where they were'),
        });
      },
    },
    { provide: ProjectorCompanion, useExisting: Notifications },
    NotificationsListener,
    NotificationsResolver,
    DeliveryResolver,
  ],
  exports: [ProjectorCompanion],
})
export class NotificationsModule {}
