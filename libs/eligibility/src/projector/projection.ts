import type { SqlExecutor } from '@club-ledger/kernel';
import type { DecodedEvent } from '@club-ledger/event-store';

/** What a projection tells the rest of the process once its batch is committed (never before: it could roll back). */
export type AfterCommit = () => void;

/**
 * A read model kept by folding events into SQL. `apply` gets a batch of the events it handles, in feed
 * order and already upcast, inside the transaction that also moves its checkpoint: it must never read
 * the event store, and it need not be idempotent, because a batch is applied exactly once.
 */
export interface Projection {
  readonly name: string;
  readonly handles: readonly string[];
  /** The read-model tables it writes and reads, and nothing else: a rebuild builds these aside and swaps them in. */
  readonly tables: readonly string[];
  apply(events: readonly DecodedEvent[], tx: SqlExecutor): Promise<AfterCommit | void>;
}

/**
 * Read models that must agree with one another at every position (standings read deals, credits and the
 * directory) run as one projection: each part applies its share of the batch, in the order given, in one
 * transaction under one checkpoint, and the feed is read once for all of them.
 */
export function composeProjections(name: string, parts: readonly Projection[]): Projection {
  return {
    name,
    handles: [...new Set(parts.flatMap((part) => part.handles))],
    tables: [...new Set(parts.flatMap((part) => part.tables))],
    async apply(events, tx) {
      const afterCommit: AfterCommit[] = [];
      for (const part of parts) {
        const handled = events.filter((event) => part.handles.includes(event.type));
        const after = handled.length > 0 ? await part.apply(handled, tx) : undefined;
        if (after) afterCommit.push(after);
      }
      return () => afterCommit.forEach((after) => after());
    },
  };
}
