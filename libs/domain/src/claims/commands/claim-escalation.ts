import { CommandRejected } from '../../commands/command-runner';
import type { Actor } from '../../shared';
import { ClaimMessage, type ClaimHandler } from './claim.commands';
import type { DisputeHandler } from './dispute.commands';

/** What the scheduled pass works on, as the read side lists it. */
export interface ClaimsDue {
  /** The claims waiting on their owner since before a moment, each with the manager it would go to (null: HR). */
  escalations(before: Date): Promise<readonly { id: string; managerId: string | null }[]>;
  /** Approved claims whose credit the deal does not show: an approval cut off between its two appends, or still being recorded. */
  ungranted(): Promise<readonly string[]>;
  /** Disputes resolved in favour whose credit the deal does not show (restored or granted): the same, for a resolution. */
  unresolved(): Promise<readonly string[]>;
}

/** Who escalates and completes approvals and resolutions, in the events' metadata: the ledger itself, on schedule. */
export const ESCALATION_ACTOR: Actor = { id: 'claim-escalation', roles: [] };

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Escalates every claim unanswered for `days`, and records the credit of every approval, and of every dispute resolved
 * in favour, that did not get to it. Run on a schedule wherever the projector runs; each escalation's event id derives
 * from its claim, and each credit's from the claim it grants or the dispute that restores it, so replicas running it
 * together, or a pass repeated after a restart, append each once.
 */
export class ClaimEscalation {
  constructor(
    private readonly claims: ClaimHandler,
    private readonly disputes: DisputeHandler,
    private readonly due: ClaimsDue,
    private readonly now: () => Date,
    private readonly days: number,
  ) {}

  /** One pass: the ids of the claims it found due for escalation. */
  async pass(): Promise<string[]> {
    const now = this.now();
    const context = (claimId: string) => ({ actor: ESCALATION_ACTOR, correlationId: `escalation:${claimId}`, occurredAt: now.toISOString() });
    const due = await this.due.escalations(new Date(now.getTime() - this.days * DAY_MS));
    for (const { id, managerId } of due) {
      await this.claims.execute(new ClaimMessage({ type: 'EscalateClaim', claimId: id, approverId: managerId }, context(id)));
    }
    await completeEach(await this.due.ungranted(), (id) => this.claims.grantApproved(id, context(id)));
    await completeEach(await this.due.unresolved(), (id) => this.disputes.grantResolved(id, context(id)));
    return due.map(({ id }) => id);
  }
}

/** Completes each decision in turn; a deal that now refuses the credit (reopened since) keeps its own listed, the others still get theirs. */
async function completeEach(ids: readonly string[], complete: (id: string) => Promise<void>): Promise<void> {
  for (const id of ids) {
    try {
      await complete(id);
    } catch (error) {
      if (!(error instanceof CommandRejected)) throw error;
    }
  }
}

/** Runs passes every `intervalMs` until stopped; a pass that fails is tried again at the next tick. */
export function scheduleEscalation(escalation: ClaimEscalation, intervalMs: number, onError: (error: unknown) => void): { stop(): Promise<void> } {
  let running: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    running = running.then(() => escalation.pass()).catch(onError);
  }, intervalMs);
  timer.unref();
  return {
    stop: async () => {
      clearInterval(timer);
      await running;
    },
  };
}
