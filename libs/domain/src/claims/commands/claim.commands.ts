import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CommandRunner, type CommandContext, type Decision } from '../../commands/command-runner';
import { deals } from '../../deals/commands/deal.commands';
import { dealStream } from '../../deals/deal.events';
import { decideClaim, type ClaimCommand, type ClaimDecision, type ClaimFacts } from '../claim.decide';
import { claimIdFor, claimStream } from '../claim.events';
import { evolveClaim, noClaim, type Claim } from '../claim.evolve';
import { dealRefusal, employeeFacts, grantKey, grantOf, recordOnDeal } from './credit-grants';

export const claims = { decide: decideClaim, evolve: evolveClaim, initial: noClaim };

/** Every command on a claim travels the bus in this one message. */
export class ClaimsCommand {
  constructor(
    readonly command: ClaimCommand,
    readonly context: CommandContext,
  ) {}
}

type ClaimCredit = Extract<ClaimCommand, { type: 'ClaimCredit' }>;

/** Gathers what a claim's rules need from the deal and the people, decides, appends; an approval then records the credit. */
@CommandHandler(ClaimsCommand)
export class ClaimsCommandHandler implements ICommandHandler<ClaimsCommand, Decision<Claim>> {
  constructor(private readonly runner: CommandRunner) {}

  async execute({ command, context }: ClaimsCommand): Promise<Decision<Claim>> {
    const { actor } = context;
    switch (command.type) {
      case 'ClaimCredit':
        return this.claimCredit(command, context);
      case 'ApproveClaim':
        return this.approve(command.data.claimId, context);
      case 'EscalateClaim':
        // Keyed by the claim: two passes escalating the same claim (replicas, a restart) append one event.
        return this.run({ ...command, actor, facts: {} }, { ...context, idempotencyKey: `escalate:${command.data.claimId}` });
      case 'DeclineClaim':
      case 'WithdrawClaim':
        return this.run({ ...command, actor, facts: {} }, context);
      default: {
        const unknown: never = command;
        throw new Error(`Unhandled claim command ${JSON.stringify(unknown)}`);
      }
    }
  }

  /**
   * A claim's stream is named after what it asks for and how many such claims were decided before it, so two
   * claims for the same credit race on one stream: the store takes the first, the second finds it pending.
   */
  private async claimCredit(command: ClaimCredit, context: CommandContext): Promise<Decision<Claim>> {
    const { dealId, kind } = command.data;
    const claimant = context.actor.id;
    let claimId = claimIdFor(dealId, claimant, kind, 0);
    for (let round = 1; ; round += 1) {
      const earlier = await this.runner.current(claimStream(claimId), claims);
      if (!earlier.claimed || earlier.status === 'PENDING') break;
      claimId = claimIdFor(dealId, claimant, kind, round);
    }
    const data = { ...command.data, claimId };
    const facts = await this.claimFacts(data, context);
    return this.run({ type: 'ClaimCredit', data, actor: context.actor, facts }, context);
  }

  private async claimFacts(data: ClaimCredit['data'], { actor }: CommandContext): Promise<ClaimFacts> {
    const [claimant, deal] = await Promise.all([employeeFacts(this.runner, actor.id), this.runner.current(dealStream(data.dealId), deals)]);
    if (!deal.opened) return { claimantRegistered: claimant.registered };
    const grant = grantOf({ id: data.claimId, dealId: data.dealId, claimantId: actor.id, kind: data.kind, note: data.note }, actor, claimant);
    return { dealOwnerId: deal.ownerId, claimantRegistered: claimant.registered, creditRefused: await dealRefusal(this.runner, grant) };
  }

  /**
   * Decided on the claim's stream first, at the revision it was read at: of two approvals racing, one is recorded
   * and the other finds the claim decided. The credit follows on the deal's stream, keyed by the claim.
   */
  private async approve(claimId: string, context: CommandContext): Promise<Decision<Claim>> {
    const approve = { type: 'ApproveClaim' as const, data: { claimId }, actor: context.actor };
    const claim = await this.runner.current(claimStream(claimId), claims);
    if (!claim.claimed) return this.run({ ...approve, facts: {} }, context);
    const grant = grantOf(claim, context.actor, await employeeFacts(this.runner, claim.claimantId));
    const approval = await this.run({ ...approve, facts: { creditRefused: await dealRefusal(this.runner, grant) } }, context);
    const approved = approval.events.find((event) => event.type === 'ClaimApproved');
    if (!approved) return approval;
    const credit = await recordOnDeal(this.runner, grant, grantKey(claimId), context.actor, context.correlationId);
    return { ...approval, position: credit.position ?? approval.position };
  }

  private run(decision: ClaimDecision, context: CommandContext): Promise<Decision<Claim>> {
    return this.runner.run(claimStream(decision.data.claimId), claims, decision, context);
  }
}
