import { Field, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { NOTIFICATION_KINDS, type NotificationKind as Kind } from '@club-ledger/domain';
import type { DeliveryChannel as Channel, DeliveryStatus as Status } from '@club-ledger/notifications';
import { PageInfo } from '../deals/deal.types';
import { DateTimeScalar } from '../graphql/scalars';

export const NotificationKind = Object.fromEntries(NOTIFICATION_KINDS.map((kind) => [kind, kind])) as Record<Kind, Kind>;
export const DeliveryChannel = { EMAIL: 'EMAIL', CHAT: 'CHAT' } as const satisfies Record<Channel, Channel>;
export const DeliveryStatus = { PENDING: 'PENDING', DELIVERED: 'DELIVERED', FAILED: 'FAILED' } as const satisfies Record<Status, Status>;
registerEnumType(NotificationKind, { name: 'NotificationKind' });
registerEnumType(DeliveryChannel, { name: 'DeliveryChannel' });
registerEnumType(DeliveryStatus, { name: 'DeliveryStatus' });

@ObjectType()
export class Notification {
  @Field(() => ID) id!: string;
  @Field(() => NotificationKind) kind!: Kind;
  @Field(() => DateTimeScalar) at!: Date;
  @Field({ description: 'Whether the caller has read it.' }) read!: boolean;
  @Field() text!: string;
  @Field(() => String, { nullable: true, description: "The app's path that shows what it is about." }) link!: string | null;
}

@ObjectType()
export class NotificationConnection {
  @Field(() => [Notification]) nodes!: Notification[];
  @Field(() => PageInfo) pageInfo!: PageInfo;
  @Field(() => Int) totalCount!: number;
  @Field(() => Int, { description: "How many of the caller's notifications are unread, whatever the filter." }) unread!: number;
}

@ObjectType()
export class NotificationSettings {
  @Field() email!: boolean;
  @Field() chat!: boolean;
  @Field(() => [NotificationKind], { description: 'Kinds shown in the app only: neither emailed nor posted.' }) muted!: Kind[];
}

@InputType()
export class NotificationSettingsInput {
  @Field(() => Boolean, { nullable: true }) email?: boolean | null;
  @Field(() => Boolean, { nullable: true }) chat?: boolean | null;
  @Field(() => [NotificationKind], { nullable: true }) muted?: Kind[] | null;
}

@ObjectType()
export class Delivery {
  @Field(() => ID) id!: string;
  notificationId!: string;
  @Field(() => DeliveryChannel) channel!: Channel;
  @Field(() => DeliveryStatus) status!: Status;
  @Field(() => Int) attempts!: number;
  @Field(() => String, { nullable: true }) lastError!: string | null;
  @Field(() => DateTimeScalar, { nullable: true }) lastAttemptAt!: Date | null;
}

@ObjectType()
export class DeliveryConnection {
  @Field(() => [Delivery]) nodes!: Delivery[];
  @Field(() => PageInfo) pageInfo!: PageInfo;
  @Field(() => Int) totalCount!: number;
}
