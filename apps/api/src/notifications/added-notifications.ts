import { EventEmitter, on } from 'node:events';
import type { NotificationRecord } from '@club-ledger/notifications';

/** Notifications as the projector commits them in this process: the source of `notificationAdded`. */
export class AddedNotifications {
  private readonly emitter = new EventEmitter().setMaxListeners(0);

  readonly publish = (added: readonly NotificationRecord[]): void => {
    for (const notification of added) this.emitter.emit('added', notification);
  };

  /** Listens from the moment it is called. */
  watch(): AsyncIterableIterator<[NotificationRecord]> {
    return on(this.emitter, 'added') as AsyncIterableIterator<[NotificationRecord]>;
  }
}
