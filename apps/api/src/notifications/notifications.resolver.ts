import { CommandBus } from '@nestjs/cqrs';
import { Args, Context, ID, Int, Mutation, Parent, Query, ResolveField, Resolver, Subscription } from '@nestjs/graphql';
import { EmployeeMessage, hasRole, type Actor, type Decision, type Employee } from '@club-ledger/domain';
import { Projector, SQL_CLIENT } from '@club-ledger/eligibility';
import { Clock, type SqlClient } from '@club-ledger/kernel';
import {
  markNotificationsRead,
  readDeliveries,
  readNotification,
  readNotificationSettings,
  readNotifications,
  recipientsOf,
  retryDelivery,
  type DeliveryStatus as Status,
  type NotificationRecord,
  type Reader,
} from '@club-ledger/notifications';
import { Inject } from '@nestjs/common';
import { CurrentActor } from '../auth/current-actor.decorator';
import { offsetAfter, offsetConnection, pageSize } from '../graphql/paging';
import { readYourWrites } from '../graphql/read-your-writes';
import { commandContext, type GraphQLContext } from '../graphql/request-context';

import { AddedNotifications } from './added-notifications';
import {
  Delivery,
  DeliveryConnection,
  DeliveryStatus,
  Notification,
  NotificationConnection,
  NotificationSettings,
  NotificationSettingsInput,
} from './notification.types';
import { refusal } from '../graphql/refusal';

const readerOf = (actor: Actor): Reader => ({ id: actor.id, hr: hasRole(actor, 'HR') });
const adminOnly = (actor: Actor) => {
  if (!hasRole(actor, 'ADMIN')) throw refusal('Only ADMIN reads and retries deliveries', { code: 'FORBIDDEN' });
};

/** Each caller reads and marks their own notifications (HR callers also HR's); ADMIN sees the deliveries. */
@Resolver(() => Notification)
export class NotificationsResolver {
  constructor(
    @Inject(SQL_CLIENT) private readonly sql: SqlClient,
    private readonly commands: CommandBus,
    private readonly projector: Projector,
    private readonly added: AddedNotifications,
    private readonly clock: Clock,
  ) {}

  @Query(() => NotificationConnection)
  async notifications(
    @CurrentActor() actor: Actor,
    @Args('unreadOnly', { type: () => Boolean, nullable: true, defaultValue: false }) unreadOnly: boolean | null,
    @Args('first', { type: () => Int, nullable: true, defaultValue: 50 }) first: number | null,
    @Args('after', { type: () => String, nullable: true }) after: string | null,
  ) {
    const offset = offsetAfter(after);
    const page = await readNotifications(this.sql, readerOf(actor), { unreadOnly: unreadOnly ?? false, offset, limit: pageSize(first) });
    return { ...offsetConnection(page.nodes, page.totalCount, offset), unread: page.unread };
  }

  @Query(() => NotificationSettings)
  notificationSettings(@CurrentActor() actor: Actor) {
    return readNotificationSettings(this.sql, actor.id);
  }

  @Mutation(() => Int, { description: 'Marks these of my notifications read (all of mine when no ids are given); answers how many changed.' })
  markNotificationsRead(@CurrentActor() actor: Actor, @Args('ids', { type: () => [ID], nullable: true }) ids: string[] | null) {
    return markNotificationsRead(this.sql, readerOf(actor), ids ?? null);
  }

  @Mutation(() => NotificationSettings)
  async changeNotificationSettings(@CurrentActor() actor: Actor, @Args('input') input: NotificationSettingsInput, @Context() context: GraphQLContext) {
    const changes = Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined && value !== null));
    const decision: Decision<Employee> = await this.commands.execute(
      new EmployeeMessage({ type: 'ChangeNotificationSettings', id: actor.id, changes }, commandContext(context, actor)),
    );
    await readYourWrites(this.projector, decision);
    if (!decision.state.registered) throw new Error('The command left no employee');
    return decision.state.notifications;
  }

  @Query(() => DeliveryConnection, { description: 'ADMIN: deliveries outside the app, newest first.' })
  async deliveries(
    @CurrentActor() actor: Actor,
    @Args('status', { type: () => DeliveryStatus, nullable: true }) status: Status | null,
    @Args('first', { type: () => Int, nullable: true, defaultValue: 50 }) first: number | null,
    @Args('after', { type: () => String, nullable: true }) after: string | null,
  ) {
    adminOnly(actor);
    const offset = offsetAfter(after);
    const page = await readDeliveries(this.sql, { status: status ?? null, offset, limit: pageSize(first) });
    return offsetConnection(page.nodes, page.totalCount, offset);
  }

  @Mutation(() => Delivery, { description: 'ADMIN: tries a FAILED delivery once more, now.' })
  async retryDelivery(@CurrentActor() actor: Actor, @Args('id', { type: () => ID }) id: string) {
    adminOnly(actor);
    const delivery = await retryDelivery(this.sql, id, this.clock.now());
    if (!delivery) throw refusal(`No delivery ${id}`, { code: 'NOT_FOUND', field: 'id' });
    return delivery;
  }

  @Subscription(() => Notification, { resolve: (notification: Notification) => notification })
  notificationAdded(@CurrentActor() actor: Actor): AsyncIterator<Notification> {
    return this.pushed(this.added.watch(), recipientsOf(readerOf(actor)));
  }

  private async *pushed(added: AsyncIterableIterator<[NotificationRecord]>, recipients: string[]) {
    try {
      for await (const [{ recipient, id, kind, at, text, link }] of added) {
        if (recipients.includes(recipient)) yield { id, kind, at, text, link, read: false } satisfies Notification;
      }
    } finally {
      await added.return?.();
    }
  }
}

@Resolver(() => Delivery)
export class DeliveryResolver {
  constructor(@Inject(SQL_CLIENT) private readonly sql: SqlClient) {}

  @ResolveField(() => Notification)
  async notification(@CurrentActor() actor: Actor, @Parent() delivery: Delivery) {
    adminOnly(actor);
    const notification = await readNotification(this.sql, actor.id, null, delivery.notificationId);
    if (!notification) throw new Error(`Delivery ${delivery.id} has no notification`);
    return notification;
  }
}
