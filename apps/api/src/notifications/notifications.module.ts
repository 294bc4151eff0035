import { Module } from '@nestjs/common';
import { DeliveryResolver, NotificationsResolver } from './notifications.resolver';

@Module({ providers: [NotificationsResolver, DeliveryResolver] })
export class NotificationsModule {}
