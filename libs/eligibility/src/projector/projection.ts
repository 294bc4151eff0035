import { quoted, type SqlExecutor } from '@club-ledger/kernel';
import type { DecodedEvent } from '@club-ledger/event-store';

/** What a projection tells the rest of the process once its batch is committed (never before: it could roll back). */
export type AfterCommit = () => void;

export interface ApplyOptions {
  /**
   * More of the feed waits right behind this batch (a rebuild, a projector catching up): work that only the
   * latest state needs may be put off until `settle` (the checkpoint records that it is owed).
   */
  catchingUp: boolean;
}

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
  /** Those of its tables most batches rewrite many rows of (a rank moved moves hundreds): kept up more often. */
  readonly rewrittenOften?: readonly string[];
  apply(events: readonly DecodedEvent[], tx: SqlExecutor, options?: ApplyOptions): Promise<AfterCommit | void>;
  /**
   * Does what batches applied while catching up put off, in the caller's transaction, with the read model
   * standing at `position`; called only while that is owed.
   */
  settle?(tx: SqlExecutor, position: bigint): Promise<AfterCommit | void>;
}

/**
 * Does what the projection put off while catching up. Tables a catch-up filled have no fresh planner statistics (PGlite
 * never gathers any by itself), and the settle's whole-program reads would be planned blind: they are analyzed first
 * when `analyze` says so (the catch-up started from nothing, or the feed has grown enough since the last analysis). Not
 * at every settle: a projector following a busy feed settles often, and analyzing every table each time cost more than
 * the batches themselves. The indexes the catch-up put off are built before, in a transaction of their own
 * (`restoreIndexes`).
 */
export async function settleProjection(projection: Projection, tx: SqlExecutor, position: bigint, analyze = true): Promise<AfterCommit | void> {
  if (analyze && projection.tables.length > 0) await tx.query(`ANALYZE ${projection.tables.map(quoted).join(', ')}`);
  return projection.settle?.(tx, position);
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
    rewrittenOften: [...new Set(parts.flatMap((part) => part.rewrittenOften ?? []))],
    apply: (events, tx, options) =>
      inTurn(parts, (part) => {
        const handled = events.filter((event) => part.handles.includes(event.type));
        return handled.length > 0 ? part.apply(handled, tx, options) : undefined;
      }),
    settle: (tx, position) => inTurn(parts, (part) => part.settle?.(tx, position)),
  };
}

/** Runs `work` for each part in order; what each asks to do after the commit is done in the same order. */
async function inTurn(parts: readonly Projection[], work: (part: Projection) => Promise<AfterCommit | void> | undefined): Promise<AfterCommit> {
  const afterCommit: AfterCommit[] = [];
  for (const part of parts) {
    const after = await work(part);
    if (after) afterCommit.push(after);
  }
  return () => afterCommit.forEach((after) => after());
}
