import type { CommandRunner } from '../../commands/command-runner';
import { deals } from '../../deals/commands/deal.commands';
import type { DealCommand, EmployeeFacts } from '../../deals/deal.decide';
import { dealStream } from '../../deals/deal.events';
import { employees } from '../../people/commands/employee.commands';
import { employeeStream } from '../../people/employee.events';
import { DomainError, type Actor } from '../../shared';
import { claimCreditId } from '../claim.events';
import type { Claim } from '../claim.evolve';

type Claimed = Extract<Claim, { claimed: true }>;
export type Grant = Extract<DealCommand, { type: 'GrantClaimedCredit' }>;

/** The credit a claim asks for, as a command on the deal's stream: always the same credit for the same claim. */
export const grantOf = (claim: Pick<Claimed, 'id' | 'dealId' | 'claimantId' | 'kind' | 'note'>, actor: Actor, contributor: EmployeeFacts): Grant => ({
  type: 'GrantClaimedCredit',
  actor,
  dealId: claim.dealId,
  creditId: claimCreditId(claim.id),
  contributorId: claim.claimantId,
  kind: claim.kind,
  note: claim.note,
  contributor,
});

/**
 * What the deal would answer to a command, asked before anything is recorded elsewhere: a claim made or approved,
 * or a dispute resolved, is refused when the deal would refuse what it records.
 */
export async function dealRefusal(runner: CommandRunner, command: DealCommand): Promise<DomainError | undefined> {
  const outcome = deals.decide(command, await runner.current(dealStream(command.dealId), deals));
  return outcome instanceof DomainError ? outcome : undefined;
}

/** Records on the deal's stream what a decision grants; keyed by what was decided, so a retry or a race records it once. */
export function recordOnDeal(runner: CommandRunner, command: DealCommand, key: string, actor: Actor, correlationId: string) {
  return runner.run(dealStream(command.dealId), deals, command, { actor, correlationId, idempotencyKey: key });
}

export async function employeeFacts(runner: CommandRunner, id: string): Promise<EmployeeFacts> {
  const state = await runner.current(employeeStream(id), employees);
  return state.registered ? { registered: true, active: state.active } : { registered: false };
}

/** The deal's side of granting a claim, by approval or by dispute, is keyed by the claim. */
export const grantKey = (claimId: string): string => `grant:${claimId}`;
