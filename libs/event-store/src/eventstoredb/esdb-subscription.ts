import { setTimeout as delay } from 'node:timers/promises';
import type { AllStreamSubscription } from '@eventstore/db-client';
import { EventStoreUnavailableError } from '../event-store.errors';
import { matchesFilter, type EventFilter, type RecordedEvent, type Subscription } from '../event-store.port';
import { toPortError } from './esdb-errors';
import { toRecorded } from './esdb-recorded';

const MAX_RETRY_DELAY_MS = 5_000;

/**
 * Catch-up-then-live over $all that never completes on its own: when the server ends the call (a leader
 * change, a restart) or becomes unavailable, it resubscribes after the last delivered position, with a
 * growing pause, and drops anything at or before that position so nothing is delivered twice.
 */
export class EsdbSubscription implements Subscription {
  private closed = false;
  private current: AllStreamSubscription | undefined;
  private readonly iterator: AsyncIterator<RecordedEvent>;

  constructor(
    private readonly open: (after: bigint | undefined) => AllStreamSubscription,
    private after: bigint | undefined,
    private readonly filter: EventFilter | undefined,
  ) {
    this.iterator = this.follow();
  }

  [Symbol.asyncIterator](): AsyncIterator<RecordedEvent> {
    return this.iterator;
  }

  async close(): Promise<void> {
    this.closed = true;
    const current = this.current;
    this.current = undefined;
    await current?.unsubscribe().catch(() => undefined);
    current?.destroy();
  }

  private async *follow(): AsyncGenerator<RecordedEvent> {
    let failures = 0;
    while (!this.closed) {
      const subscription = this.open(this.after);
      this.current = subscription;
      try {
        for await (const resolved of subscription) {
          const event = toRecorded(resolved);
          if (!event || (this.after !== undefined && event.position <= this.after)) continue;
          this.after = event.position;
          failures = 0;
          if (matchesFilter(event, this.filter)) yield event;
        }
      } catch (error) {
        if (this.closed) return;
        const mapped = toPortError(error);
        if (!(mapped instanceof EventStoreUnavailableError)) throw mapped;
      } finally {
        if (this.current === subscription) this.current = undefined;
        await subscription.unsubscribe().catch(() => undefined);
        subscription.destroy();
      }
      if (this.closed) return;
      failures += 1;
      await delay(Math.min(50 * 2 ** failures, MAX_RETRY_DELAY_MS));
    }
  }
}
