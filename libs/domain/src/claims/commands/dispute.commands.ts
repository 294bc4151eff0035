import { randomUUID } from 'node:crypto';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { eventIdFor } from '@club-ledger/event-store';
import { CommandRunner, type CommandContext, type Decision, type Sent } from '../../commands/command-runner';
import { programs } from '../../awards/commands/award-program.commands';
import { programStream } from '../../awards/award-program.events';
import { deals } from '../../deals/commands/deal.commands';
import type { DealCommand } from '../../deals/deal.decide';
import { dealStream } from '../../deals/deal.events';
import { claimStream } from '../claim.events';
import { decideDispute, type DisputeCommand, type DisputeFacts, type RaiseDisputeData } from '../dispute.decide';
import { disputeStream } from '../dispute.events';
import { evolveDispute, noDispute, type Dispute } from '../dispute.evolve';
import { claims } from './claim.commands';
import { CreditLocator } from './credit-locator.port';
import { dealRefusal, employeeFacts, grantKey, grantOf, recordOnDeal } from './credit-grants';

export const disputes = { decide: decideDispute, evolve: evolveDispute, initial: noDispute };

/** A dispute command as a caller sends it: the handler adds the facts, and names a new dispute. */
export type DisputeCommandSent = Sent<DisputeCommand, { RaiseDispute: 'facts' | 'disputeId'; ResolveDispute: 'facts' }>;

/** Carries any dispute command on the bus to the dispute's handler. */
export class DisputeMessage {
  constructor(
    readonly command: DisputeCommandSent,
    readonly context: CommandContext,
  ) {}
}

type Raised = Extract<Dispute, { raised: true }>;

/** Gathers what is disputed from its own stream, decides, appends; a resolution in favour then records what it grants. */
@CommandHandler(DisputeMessage)
export class DisputeHandler implements ICommandHandler<DisputeMessage, Decision<Dispute>> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly credits: CreditLocator,
  ) {}

  async execute({ command, context }: DisputeMessage): Promise<Decision<Dispute>> {
    switch (command.type) {
      case 'RaiseDispute': {
        const key = context.idempotencyKey;
        const disputeId = key === undefined ? randomUUID() : eventIdFor(`dispute:${key}`);
        const facts = await this.raiseFacts(command, context);
        return this.runner.run(disputeStream(disputeId), disputes, { ...command, disputeId, actor: context.actor, facts }, context);
      }
      case 'ResolveDispute':
        return this.resolve(command, context);
      default: {
        const unknown: never = command;
        throw new Error(`Unknown dispute command ${JSON.stringify(unknown)}`);
      }
    }
  }

  private async raiseFacts(data: Omit<RaiseDisputeData, 'actor' | 'disputeId' | 'facts'>, { actor }: CommandContext): Promise<DisputeFacts> {
    const raiser = await employeeFacts(this.runner, actor.id);
    const facts: DisputeFacts = { raiserRegistered: raiser.registered };
    if (data.subject === 'RETRACTED_CREDIT' && data.creditId) {
      const dealId = await this.credits.dealOf(data.creditId);
      const deal = dealId === undefined ? undefined : await this.runner.current(dealStream(dealId), deals);
      const credit = deal?.opened ? deal.credits.find((candidate) => candidate.id === data.creditId) : undefined;
      return { ...facts, credit };
    }
    if (data.subject === 'DECLINED_CLAIM' && data.claimId) {
      const claim = await this.runner.current(claimStream(data.claimId), claims);
      return { ...facts, claim: claim.claimed ? claim : undefined };
    }
    if (data.subject === 'STANDING' && data.programId) {
      return { ...facts, programExists: (await this.runner.current(programStream(data.programId), programs)).drafted };
    }
    return facts;
  }

  /** Resolved on the dispute's stream first, once; a resolution in favour then restores or records the credit, keyed so it happens once. */
  private async resolve(command: Extract<DisputeCommandSent, { type: 'ResolveDispute' }>, context: CommandContext): Promise<Decision<Dispute>> {
    const dispute = await this.runner.current(disputeStream(command.disputeId), disputes);
    const effect = dispute.raised && command.inFavor ? await this.effectOf(dispute, context) : undefined;
    const facts: DisputeFacts = { effectRefused: effect && (await dealRefusal(this.runner, effect.command)) };
    const resolution = await this.runner.run(disputeStream(command.disputeId), disputes, { ...command, actor: context.actor, facts }, context);
    const resolved = resolution.events.find((event) => event.type === 'DisputeResolved');
    if (!resolved || !effect) return resolution;
    const recorded = await recordOnDeal(this.runner, effect.command, effect.key, context.actor, context.correlationId);
    return { ...resolution, position: recorded.position ?? resolution.position };
  }

  /**
   * Records what a resolution in favour grants, if the deal does not have it yet: what a resolution cut off after its
   * decision (a crash, a lost connection) still owes. Keyed like the resolution's own, so it is recorded once.
   */
  async grantResolved(disputeId: string, context: CommandContext): Promise<void> {
    const dispute = await this.runner.current(disputeStream(disputeId), disputes);
    if (!dispute.raised || dispute.status !== 'RESOLVED_IN_FAVOR') return;
    const effect = await this.effectOf(dispute, context);
    if (effect) await recordOnDeal(this.runner, effect.command, effect.key, context.actor, context.correlationId);
  }

  private async effectOf(dispute: Raised, { actor }: CommandContext): Promise<{ command: DealCommand; key: string } | undefined> {
    switch (dispute.subject) {
      case 'RETRACTED_CREDIT': {
        const creditId = dispute.creditId as string;
        const dealId = await this.credits.dealOf(creditId);
        if (dealId === undefined) return undefined;
        return { command: { type: 'RestoreCredit', actor, dealId, creditId, disputeId: dispute.id }, key: `restore:${dispute.id}` };
      }
      case 'DECLINED_CLAIM': {
        const claim = await this.runner.current(claimStream(dispute.claimId as string), claims);
        if (!claim.claimed) return undefined;
        return { command: grantOf(claim, actor, await employeeFacts(this.runner, claim.claimantId)), key: grantKey(claim.id) };
      }
      case 'STANDING':
        // A standing is computed, not recorded: HR acts on the resolution by the ledger's ordinary means.
        return undefined;
      default: {
        const unknown: never = dispute.subject;
        throw new Error(`Unhandled dispute subject ${JSON.stringify(unknown)}`);
      }
    }
  }
}
