import { CommandHandler } from '@nestjs/cqrs';
import { CommandRunner, type CommandContext, type Decision } from '../../commands/command-runner';
import { employees } from '../../people/commands/employee.commands';
import { employeeStream } from '../../people/employee.events';
import { decideQuota } from '../quota.decide';
import { quotaStream } from '../quota.events';
import { evolveQuotas, noQuotas, type Quotas } from '../quota.evolve';

const quotas = { decide: decideQuota, evolve: evolveQuotas, initial: noQuotas };

export class SetQuota {
  constructor(
    readonly input: { employeeId: string; periodStart: string; periodEnd: string; amount: string },
    readonly context: CommandContext,
  ) {}
}

@CommandHandler(SetQuota)
export class SetQuotaHandler {
  constructor(private readonly runner: CommandRunner) {}

  async execute({ input, context }: SetQuota): Promise<Decision<Quotas>> {
    const employee = await this.runner.current(employeeStream(input.employeeId), employees);
    return this.runner.run(
      quotaStream(input.employeeId),
      quotas,
      { type: 'SetQuota', actor: context.actor, ...input, employeeRegistered: employee.registered },
      { ...context, occurredAt: context.occurredAt ?? `${input.periodStart}T00:00:00.000Z` },
    );
  }
}
