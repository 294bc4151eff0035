import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CommandRunner, type CommandContext, type Decision, type Sent } from '../../commands/command-runner';
import { employees } from '../../people/commands/employee.commands';
import { employeeStream } from '../../people/employee.events';
import { decideQuota, type SetQuotaDecision } from '../quota.decide';
import { quotaStream } from '../quota.events';
import { evolveQuotas, noQuotas, type Quotas } from '../quota.evolve';

const quotas = { decide: decideQuota, evolve: evolveQuotas, initial: noQuotas };

/** A quota command as a caller sends it: the handler adds whether the employee is registered. */
export type QuotaCommandSent = Sent<SetQuotaDecision, { SetQuota: 'employeeRegistered' }>;

/** Carries a quota command on the bus to the quota handler. */
export class QuotaMessage {
  constructor(
    readonly command: QuotaCommandSent,
    readonly context: CommandContext,
  ) {}
}

@CommandHandler(QuotaMessage)
export class QuotaHandler implements ICommandHandler<QuotaMessage, Decision<Quotas>> {
  constructor(private readonly runner: CommandRunner) {}

  async execute({ command, context }: QuotaMessage): Promise<Decision<Quotas>> {
    const employee = await this.runner.current(employeeStream(command.employeeId), employees);
    return this.runner.run(
      quotaStream(command.employeeId),
      quotas,
      { ...command, actor: context.actor, employeeRegistered: employee.registered },
      { ...context, occurredAt: context.occurredAt ?? `${command.periodStart}T00:00:00.000Z` },
    );
  }
}

export const quotaHandlers = [QuotaHandler];
