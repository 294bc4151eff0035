import type { Clock, NotificationConfig, SqlClient } from '@club-ledger/kernel';
import { chatSender } from './channels/chat';
import type { DeliveryChannel, Sender } from './channels/channel';
import { emailSender } from './channels/email';
import { notificationsProjection } from './notifications.projection';
import { DeliveryWorker, type DeliveryOutcome } from './outbox/delivery-worker';
import { QualificationWatch, type StandingPlaces } from './qualification-watch';
import type { DeliveryChannels, NotificationRecord } from './record-notices';

export interface NotificationsOptions {
  sql: SqlClient;
  config: NotificationConfig;
  clock: Clock;
  /** Where people stand, judged by the read side (qualifies, near miss): what the watch compares with what they were told. */
  places: StandingPlaces;
  /** Told, once committed, of every notification added (the `notificationAdded` subscription). */
  onAdded?(added: readonly NotificationRecord[]): void;
  onDelivery?(channel: DeliveryChannel, outcome: DeliveryOutcome): void;
  onError?(error: unknown): void;
  /** Overrides of the worker's timing (tests: a short timeout and backoff). */
  delivery?: { timeoutMs?: number; baseDelayMs?: number; pollMs?: number };
}

/**
 * Everything that tells people, wired once for the API's embedded projector and the standalone one: the projection
 * (run by the projector with the others), the watch over standings (fed what the standings projection announces)
 * and the delivery worker (started beside the projector).
 */
export class Notifications {
  readonly channels: DeliveryChannels;
  readonly watch: QualificationWatch;
  readonly worker: DeliveryWorker;
  readonly projection: ReturnType<typeof notificationsProjection>;
  /** The projections to run beside the read models: this one. */
  readonly projections: readonly ReturnType<typeof notificationsProjection>[];

  private readonly onError: NotificationsOptions['onError'];

  constructor(options: NotificationsOptions) {
    const { config, sql, clock } = options;
    this.onError = options.onError;
    this.channels = { email: config.smtpUrl !== null, chat: config.chatWebhookUrl !== null, hrEmail: config.hrEmail };
    this.watch = new QualificationWatch({ sql, places: options.places, channels: this.channels, clock, onAdded: options.onAdded, onError: options.onError });
    this.projection = notificationsProjection({
      channels: this.channels,
      clock,
      onAdded: options.onAdded,
      onProgramOpened: (programIds) => programIds.forEach((programId) => void this.watch.review(programId)),
    });
    this.projections = [this.projection];
    const senders: Partial<Record<DeliveryChannel, Sender>> = {
      ...(config.smtpUrl && { EMAIL: emailSender(config.smtpUrl, config.mailFrom) }),
      ...(config.chatWebhookUrl && { CHAT: chatSender(config.chatWebhookUrl) }),
    };
    this.worker = new DeliveryWorker({
      sql, senders, clock, maxAttempts: config.maxAttempts, onOutcome: options.onDelivery, onError: options.onError, ...options.delivery,
    });
  }

  /** For the standings projection: reviews the people whose standings a committed batch changed. */
  readonly standingsChanged = (changes: readonly { programId: string; employeeIds: string[] }[]): void => {
    for (const change of changes) void this.watch.review(change.programId, change.employeeIds);
  };

  /** Starts delivering, after telling whoever's place changed while no projector ran. */
  start(): void {
    this.watch.reviewAll().catch((error: unknown) => this.onError?.(error));
    this.worker.start();
  }

  async stop(): Promise<void> {
    await this.worker.stop();
    await this.watch.settled();
  }
}
