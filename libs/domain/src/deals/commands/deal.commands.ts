import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { CommandHandler } from '@nestjs/cqrs';
import { eventIdFor } from '@club-ledger/event-store';
import { CommandRunner, type CommandContext, type Decision } from '../../commands/command-runner';
import { employees } from '../../people/commands/employee.commands';
import { employeeStream } from '../../people/employee.events';
import { decideDeal, type DealCommand, type EmployeeFacts } from '../deal.decide';
import { dealStream, type ContributionKind, type DealType } from '../deal.events';
import { evolveDeal, noDeal, type Deal } from '../deal.evolve';

export const deals = { decide: decideDeal, evolve: evolveDeal, initial: noDeal };

export class OpenDeal {
  constructor(
    readonly input: { dealId: string; name: string; account: string; ownerId: string; dealType: DealType; amount: string; products: readonly string[]; openedOn: string },
    readonly context: CommandContext,
  ) {}
}

export class CloseDeal {
  constructor(
    readonly input: { dealId: string; outcome: 'WON' | 'LOST'; amount?: string | null; closedOn: string },
    readonly context: CommandContext,
  ) {}
}

export class ReopenDeal {
  constructor(
    readonly input: { dealId: string; reason: string },
    readonly context: CommandContext,
  ) {}
}

export class CreditContribution {
  constructor(
    readonly input: { dealId: string; contributorId: string; kind: ContributionKind; note: string },
    readonly context: CommandContext,
  ) {}
}

export class RetractCredit {
  constructor(
    readonly input: { dealId: string; creditId: string; reason: string },
    readonly context: CommandContext,
  ) {}
}

type DealCommandMessage = OpenDeal | CloseDeal | ReopenDeal | CreditContribution | RetractCredit;

/** Gathers the facts a deal command needs from other streams (is the owner or contributor registered and active?). */
@Injectable() // gives the subclasses' injector the constructor's parameter types
abstract class DealHandler<Command extends DealCommandMessage> {
  constructor(private readonly runner: CommandRunner) {}

  async execute(command: Command): Promise<Decision<Deal>> {
    const stream = dealStream(command.input.dealId);
    const [decision] = await Promise.all([this.toDecision(command), this.runner.prefetch(stream, deals)]);
    return this.runner.run(stream, deals, decision, command.context);
  }

  private async toDecision(command: DealCommandMessage): Promise<DealCommand> {
    const actor = command.context.actor;
    if (command instanceof OpenDeal) return { type: 'OpenDeal', actor, ...command.input, owner: await this.employee(command.input.ownerId) };
    if (command instanceof CloseDeal) return { type: 'CloseDeal', actor, ...command.input };
    if (command instanceof ReopenDeal) return { type: 'ReopenDeal', actor, ...command.input };
    if (command instanceof RetractCredit) return { type: 'RetractCredit', actor, ...command.input };
    const key = command.context.idempotencyKey;
    return {
      type: 'CreditContribution',
      actor,
      ...command.input,
      // The credit id derives from the idempotency key too, so a retry names the same credit.
      creditId: key === undefined ? randomUUID() : eventIdFor(`credit:${key}`),
      contributor: await this.employee(command.input.contributorId),
    };
  }

  private async employee(id: string): Promise<EmployeeFacts> {
    const state = await this.runner.current(employeeStream(id), employees);
    return state.registered ? { registered: true, active: state.active } : { registered: false };
  }
}

@CommandHandler(OpenDeal)
export class OpenDealHandler extends DealHandler<OpenDeal> {}

@CommandHandler(CloseDeal)
export class CloseDealHandler extends DealHandler<CloseDeal> {}

@CommandHandler(ReopenDeal)
export class ReopenDealHandler extends DealHandler<ReopenDeal> {}

@CommandHandler(CreditContribution)
export class CreditContributionHandler extends DealHandler<CreditContribution> {}

@CommandHandler(RetractCredit)
export class RetractCreditHandler extends DealHandler<RetractCredit> {}

export const dealHandlers = [OpenDealHandler, CloseDealHandler, ReopenDealHandler, CreditContributionHandler, RetractCreditHandler];
