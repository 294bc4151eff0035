import type { AllStreamSubscription } from '@eventstore/db-client';
import { backOff } from 'exponential-backoff';
import { EventStoreUnavailableError } from '../event-store.errors';
import { matchesFilter, type EventFilter, type RecordedEvent, type Subscription } from '../event-store.port';
import { toPortError } from './esdb-errors';
import { toRecorded } from './esdb-recorded';

/** The server ended the call without an error: a leader change, a restart, a scavenge; not the consumer's doing. */
class SubscriptionDroppedError extends Error {
  constructor() {
    super('EventStoreDB ended the subscription');
    this.name = 'SubscriptionDroppedError';
  }
}

const isDrop = (error: unknown) => error instanceof SubscriptionDroppedError || error instanceof EventStoreUnavailableError;

/**
 * Catch-up-then-live over $all that never completes on its own: when the server ends the call or becomes
 * unavailable, it resubscribes after the last delivered position with backoff, and drops anything at or
 * before that position, so nothing is delivered twice whatever the server's start semantics. Every call
 * of [Symbol.asyncIterator] returns the same iterator, so consumers taking a few events at a time share it.
 */
export class EsdbSubscription implements Subscription {
  private closed = false;
  private current: AllStreamSubscription | undefined;
  private readonly iterator: AsyncIterator<RecordedEvent>;
  private signalClosed!: () => void;
  private readonly whenClosed = new Promise<undefined>((resolve) => {
    this.signalClosed = () => resolve(undefined);
  });

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
    if (this.closed) return;
    this.closed = true;
    this.signalClosed();
    const current = this.current;
    this.current = undefined;
    // Destroying the client stream ends a pending next() now rather than at the next event.
    if (current) await release(current);
  }

  private async *follow(): AsyncGenerator<RecordedEvent> {
    let progressed = true;
    while (!this.closed) {
      // A server that confirms and drops at once would otherwise be resubscribed in a tight loop.
      const subscription = await this.subscribe(!progressed);
      if (!subscription) return;
      progressed = false;
      try {
        for await (const resolved of subscription) {
          const event = toRecorded(resolved);
          if (!event || (this.after !== undefined && event.position <= this.after)) continue;
          this.after = event.position;
          progressed = true;
          if (matchesFilter(event, this.filter)) yield event;
        }
      } catch (error) {
        if (this.closed) return;
        const mapped = toPortError(error);
        if (!isDrop(mapped)) throw mapped;
      } finally {
        if (this.current === subscription) this.current = undefined;
        await release(subscription);
      }
    }
  }

  /** Subscribes after the last delivered position, retrying drops and an unavailable server; undefined once closed. */
  private async subscribe(delayFirstAttempt: boolean): Promise<AllStreamSubscription | undefined> {
    const attempt = backOff(() => this.confirmed(), {
      delayFirstAttempt,
      numOfAttempts: 10,
      startingDelay: 100,
      maxDelay: 5_000,
      jitter: 'full',
      retry: (error) => !this.closed && isDrop(error),
    });
    const subscription = await Promise.race([attempt.catch((error) => this.rethrowUnlessClosed(error)), this.whenClosed]);
    if (this.closed) {
      // close() won the race: whatever the attempt still opens is released, never handed out.
      void attempt.then(release, () => undefined);
      return undefined;
    }
    this.current = subscription;
    return subscription;
  }

  private rethrowUnlessClosed(error: unknown): undefined {
    if (this.closed) return undefined;
    throw error;
  }

  /** Opens one subscription and waits for the server's confirmation, so a refused connection is retried here. */
  private confirmed(): Promise<AllStreamSubscription> {
    if (this.closed) return Promise.reject(new SubscriptionDroppedError());
    const subscription = this.open(this.after);
    return new Promise<AllStreamSubscription>((resolve, reject) => {
      const settle = (outcome: () => void) => {
        subscription.off('confirmation', onConfirmed).off('error', onError).off('finish', onEnded).off('close', onEnded);
        outcome();
      };
      const onConfirmed = () => settle(() => resolve(subscription));
      const fail = (error: unknown) => () => {
        void release(subscription);
        reject(error);
      };
      const onError = (error: unknown) => settle(fail(toPortError(error)));
      const onEnded = () => settle(fail(new SubscriptionDroppedError()));
      subscription.once('confirmation', onConfirmed).once('error', onError).once('finish', onEnded).once('close', onEnded);
    });
  }
}

/** Cancels the gRPC call (destroying the wrapper alone would leave it open) and ends the client stream. */
async function release(subscription: AllStreamSubscription): Promise<void> {
  await subscription.unsubscribe().catch(() => undefined);
  subscription.destroy();
}
