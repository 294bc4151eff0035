import type { EventStore } from '@club-ledger/event-store';

export class SubscriptionStalledError extends Error {
  constructor(
    readonly projection: string,
    readonly position: bigint,
    readonly head: bigint,
    readonly limitMs: number,
  ) {
    super(
      `The feed of ${projection} delivered nothing for ${limitMs} ms while the store's head (${head}) is past ` +
        `its position (${position}); resubscribing from its checkpoint`,
    );
    this.name = 'SubscriptionStalledError';
  }
}

/**
 * Notices a subscription that stops delivering without failing (a half-open connection, a server that no
 * longer pushes): nothing else would, since such a feed neither errors nor ends. Only time spent waiting on
 * the feed counts, so a long batch is never taken for a stall; `stalled` aborts once the store has held
 * events past the runner's position for `limitMs` while the runner waited and moved nowhere.
 */
export class StallWatchdog {
  private readonly stall = new AbortController();
  readonly stalled = this.stall.signal;
  private timer: NodeJS.Timeout | undefined;
  private waiting = false;
  private watched: bigint | undefined;
  private aheadSince: number | undefined;

  constructor(
    private readonly store: EventStore,
    private readonly projection: string,
    private readonly limitMs: number,
    private readonly position: () => bigint,
  ) {
    this.schedule();
  }

  /** Counts the time until `feed` settles as time spent waiting on the subscription. */
  async whileWaiting<T>(feed: Promise<T>): Promise<T> {
    this.waiting = true;
    try {
      return await feed;
    } finally {
      this.waiting = false;
    }
  }

  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private schedule(): void {
    // A few looks per limit: a stall is noticed between one and one and a half limits after it began.
    const next = () => this.timer && this.schedule();
    this.timer = setTimeout(() => void this.check().then(next, next), this.limitMs / 4);
    this.timer.unref();
  }

  private async check(): Promise<void> {
    const position = this.position();
    if (!this.waiting || position !== this.watched) {
      this.watched = position;
      this.aheadSince = undefined;
      return;
    }
    const head = await this.store.headPosition().catch(() => undefined);
    if (head === undefined || head <= position) {
      this.aheadSince = undefined;
      return;
    }
    this.aheadSince ??= Date.now();
    if (Date.now() - this.aheadSince < this.limitMs || !(await this.feedHasEventAfter(position))) return;
    this.stall.abort(new SubscriptionStalledError(this.projection, position, head, this.limitMs));
    this.stop();
  }

  /**
   * The head can be an event no subscriber is sent (EventStoreDB's own `$` events, after a restart, say):
   * before calling it a stall, make sure there is an event the subscription should have delivered.
   */
  private async feedHasEventAfter(position: bigint): Promise<boolean> {
    try {
      for await (const event of this.store.readAll({ fromPosition: position, maxCount: 2 })) {
        if (event.position > position) return true;
      }
      return false;
    } catch {
      return false;
    }
  }
}
