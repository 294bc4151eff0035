import type { Actor } from '../../shared';
import { ClaimsCommand, type ClaimsCommandHandler } from './claim.commands';

/** The claims waiting on their owner since before a moment, each with the manager it would go to (null: HR). */
export type DueClaims = (before: Date) => Promise<readonly { id: string; managerId: string | null }[]>;

/** Who escalates, in the events' metadata: the ledger itself, on schedule. */
export const ESCALATION_ACTOR: Actor = { id: 'claim-escalation', roles: [] };

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Escalates every claim unanswered for `days`. Run on a schedule wherever the projector runs; each escalation's
 * event id derives from its claim, so replicas running it together, or a pass repeated after a restart, append it once.
 */
export class ClaimEscalation {
  constructor(
    private readonly claims: ClaimsCommandHandler,
    private readonly due: DueClaims,
    private readonly now: () => Date,
    private readonly days: number,
  ) {}

  /** One pass: the ids of the claims it found due. */
  async pass(): Promise<string[]> {
    const now = this.now();
    const due = await this.due(new Date(now.getTime() - this.days * DAY_MS));
    for (const { id, managerId } of due) {
      const command = new ClaimsCommand(
        { type: 'EscalateClaim', data: { claimId: id, approverId: managerId } },
        { actor: ESCALATION_ACTOR, correlationId: `escalation:${id}`, occurredAt: now.toISOString() },
      );
      await this.claims.execute(command);
    }
    return due.map(({ id }) => id);
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
