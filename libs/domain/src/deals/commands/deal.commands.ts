import { randomUUID } from 'node:crypto';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { eventIdFor } from '@club-ledger/event-store';
import { CommandRunner, type CommandContext, type Decision, type Sent } from '../../commands/command-runner';
import { employees } from '../../people/commands/employee.commands';
import { employeeStream } from '../../people/employee.events';
import { decideDeal, type DealCommand, type EmployeeFacts } from '../deal.decide';
import { dealStream } from '../deal.events';
import { evolveDeal, noDeal, type Deal } from '../deal.evolve';

export const deals = { decide: decideDeal, evolve: evolveDeal, initial: noDeal };

/** A deal command as a caller sends it: the handler adds the owner's or contributor's facts and the credit's id. */
export type DealCommandSent = Sent<DealCommand, { OpenDeal: 'owner'; CreditContribution: 'contributor' | 'creditId' }>;

/** Carries any deal command on the bus to the deal's handler. */
export class DealMessage {
  constructor(
    readonly command: DealCommandSent,
    readonly context: CommandContext,
  ) {}
}

export interface DealDecision extends Decision<Deal> {
  /** The id of the credit a CreditContribution gave (or, for a retry, gave the first time). */
  creditId?: string;
}

/** Gathers the facts a deal command needs from other streams (is the owner or contributor registered and active?). */
@CommandHandler(DealMessage)
export class DealHandler implements ICommandHandler<DealMessage, DealDecision> {
  constructor(private readonly runner: CommandRunner) {}

  async execute({ command, context }: DealMessage): Promise<DealDecision> {
    const stream = dealStream(command.dealId);
    const [decided] = await Promise.all([this.withFacts(command, context), this.runner.prefetch(stream, deals)]);
    const decision = await this.runner.run(stream, deals, decided, context);
    return decided.type === 'CreditContribution' ? { ...decision, creditId: decided.creditId } : decision;
  }

  private async withFacts(command: DealCommandSent, { actor, idempotencyKey }: CommandContext): Promise<DealCommand> {
    switch (command.type) {
      case 'OpenDeal':
        return { ...command, actor, owner: await this.employee(command.ownerId) };
      case 'CreditContribution':
        return {
          ...command,
          actor,
          // The credit id derives from the idempotency key too, so a retry names the same credit.
          creditId: idempotencyKey === undefined ? randomUUID() : eventIdFor(`credit:${idempotencyKey}`),
          contributor: await this.employee(command.contributorId),
        };
      case 'CloseDeal':
      case 'ReopenDeal':
      case 'RetractCredit':
      case 'GrantClaimedCredit':
      case 'RestoreCredit':
        return { ...command, actor };
      default: {
        const unknown: never = command;
        throw new Error(`Unknown deal command ${JSON.stringify(unknown)}`);
      }
    }
  }

  private async employee(id: string): Promise<EmployeeFacts> {
    const state = await this.runner.current(employeeStream(id), employees);
    return state.registered ? { registered: true, active: state.active } : { registered: false };
  }
}

export const dealHandlers = [DealHandler];
