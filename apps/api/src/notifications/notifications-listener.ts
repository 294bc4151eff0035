import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, PostgresClient, type AppConfig, type SqlClient } from '@club-ledger/kernel';
import { SQL_CLIENT } from '@club-ledger/eligibility';
import { notificationsChannel, readAddedNotifications } from '@club-ledger/notifications';
import { AddedNotifications } from './added-notifications';

/**
 * With PROJECTOR=off, notifications are recorded by the standalone projector: its commits reach `notificationAdded`
 * here through PostgreSQL's NOTIFY (the ids), read back from the table.
 */
@Injectable()
export class NotificationsListener implements OnModuleInit, OnApplicationShutdown {
  private listening: { close(): Promise<void> } | undefined;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(SQL_CLIENT) private readonly sql: SqlClient,
    private readonly added: AddedNotifications,
  ) {}

  async onModuleInit(): Promise<void> {
    const sql = this.sql;
    if (this.config.projector || !(sql instanceof PostgresClient)) return;
    this.listening = await sql.listen(notificationsChannel(sql.schema), (payload) => {
      readAddedNotifications(sql, payload.split(',')).then(this.added.publish, () => undefined);
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.listening?.close();
  }
}
