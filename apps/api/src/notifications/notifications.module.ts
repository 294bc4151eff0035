import { Global, Module } from '@nestjs/common';
import { Logger } from 'nestjs-pino';
import { APP_CONFIG, Clock, type AppConfig, type SqlClient } from '@club-ledger/kernel';
import { ProjectorCompanion, SQL_CLIENT, standingPlaces } from '@club-ledger/eligibility';
import { migrateNotifications, Notifications } from '@club-ledger/notifications';
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
      inject: [APP_CONFIG, SQL_CLIENT, Clock, AddedNotifications, { token: Metrics, optional: true }, { token: Logger, optional: true }],
      useFactory: async (config: AppConfig, sql: SqlClient, clock: Clock, added: AddedNotifications, metrics?: Metrics, log?: Logger) => {
        await migrateNotifications(sql);
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
