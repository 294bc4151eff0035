import type { SqlExecutor } from '@club-ledger/kernel';
import type { DecodedEvent } from '@club-ledger/event-store';

/**
 * A read model kept by folding events into SQL. `apply` gets a batch of the events it handles, in feed
 * order and already upcast, inside the transaction that also moves its checkpoint: it must never read
 * the event store, and it need not be idempotent, because a batch is applied exactly once.
 */
export interface Projection {
  readonly name: string;
  readonly handles: readonly string[];
  apply(events: readonly DecodedEvent[], tx: SqlExecutor): Promise<void>;
}
