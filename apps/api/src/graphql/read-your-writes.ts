import type { Decision } from '@club-ledger/domain';
import type { Projector } from '@club-ledger/eligibility';

/** How long a mutation waits for the read models to include its own write before answering anyway. */
const READ_YOUR_WRITES_MS = 2_000;

/** Waits, bounded, until every read model has passed this decision's write (nothing to wait for if nothing changed). */
export async function readYourWrites(projector: Projector, decision: Decision<unknown>): Promise<void> {
  if (decision.position !== undefined) await projector.waitUntilPassed(decision.position, READ_YOUR_WRITES_MS);
}
