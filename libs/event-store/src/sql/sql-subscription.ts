import type { EventEmitter } from 'node:events';
import { backOff } from 'exponential-backoff';
import type { RecordedEvent, Subscription } from '../event-store.port';

export interface FeedPage {
  events: RecordedEvent[];
  /** The last position scanned (filtered out or not): the next page starts after it. */
  lastPosition: bigint;
  /** Fewer rows than a page: the reader has caught up with the feed. */
  exhausted: boolean;
}

export interface SqlFeed {
  after: bigint;
  readPage(after: bigint): Promise<FeedPage>;
  /** Emits 'appended' when an append of this process commits. */
  appended: EventEmitter;
  pollIntervalMs: number;
}

/**
 * Catch-up then live over the event log: page through everything after the checkpoint, then wait for
 * an append of this process (immediate) or the poll interval (appends of other processes). A failed
 * read is retried from the last delivered position with backoff, so a dropped connection loses nothing.
 */
export class SqlSubscription implements Subscription {
  private closed = false;
  private signalled = false;
  private wake: (() => void) | undefined;
  private readonly onAppended = () => {
    this.signalled = true;
    this.wake?.();
  };

  constructor(private readonly feed: SqlFeed) {
    feed.appended.on('appended', this.onAppended);
  }

  async *[Symbol.asyncIterator](): AsyncIterator<RecordedEvent> {
    let after = this.feed.after;
    try {
      while (!this.closed) {
        this.signalled = false;
        const page = await backOff(() => this.feed.readPage(after), {
          numOfAttempts: 10,
          startingDelay: 100,
          maxDelay: 5_000,
          jitter: 'full',
          retry: () => !this.closed,
        });
        for (const event of page.events) {
          if (this.closed) return;
          yield event;
        }
        after = page.lastPosition;
        if (page.exhausted) await this.idle();
      }
    } finally {
      this.stopListening();
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    this.stopListening();
    this.wake?.();
  }

  private async idle(): Promise<void> {
    if (this.signalled || this.closed) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, this.feed.pollIntervalMs);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
    this.wake = undefined;
  }

  private stopListening(): void {
    this.feed.appended.off('appended', this.onAppended);
  }
}
