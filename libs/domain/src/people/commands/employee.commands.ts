import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CommandRunner, type CommandContext, type Decision, type Sent } from '../../commands/command-runner';
import { decideEmployee, type DirectoryFacts, type EmployeeCommand, type EmployeeDetails } from '../employee.decide';
import { employeeStream } from '../employee.events';
import { evolveEmployee, noEmployee, type Employee } from '../employee.evolve';
import { Directory } from './directory.port';

export const employees = { decide: decideEmployee, evolve: evolveEmployee, initial: noEmployee };

/** An employee command as a caller sends it: the handler adds what the directory knows. */
export type EmployeeCommandSent = Sent<EmployeeCommand, { RegisterEmployee: 'facts'; ChangeEmployee: 'facts' }>;

/** Carries any employee command on the bus to the employee's handler. */
export class EmployeeMessage {
  constructor(
    readonly command: EmployeeCommandSent,
    readonly context: CommandContext,
  ) {}
}

/** Gathers the directory facts a people command needs, then runs it on the employee's stream. */
@CommandHandler(EmployeeMessage)
export class EmployeeHandler implements ICommandHandler<EmployeeMessage, Decision<Employee>> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly directory: Directory,
  ) {}

  async execute({ command, context }: EmployeeMessage): Promise<Decision<Employee>> {
    return this.runner.run(employeeStream(command.id), employees, await this.withFacts(command, context), context);
  }

  private async withFacts(command: EmployeeCommandSent, { actor }: CommandContext): Promise<EmployeeCommand> {
    switch (command.type) {
      case 'RegisterEmployee':
        return { ...command, actor, facts: await this.facts(command.id, command.details) };
      case 'ChangeEmployee':
        return { ...command, actor, facts: await this.facts(command.id, command.changes) };
      case 'OffboardEmployee':
      case 'ChangeNotificationSettings':
        return { ...command, actor };
      default: {
        const unknown: never = command;
        throw new Error(`Unknown employee command ${JSON.stringify(unknown)}`);
      }
    }
  }

  private async facts(id: string, details: Partial<EmployeeDetails>): Promise<DirectoryFacts> {
    const owner = details.email === undefined ? undefined : await this.directory.emailOwner(details.email.trim().toLowerCase());
    const manager = details.managerId ? await this.runner.current(employeeStream(details.managerId), employees) : undefined;
    return { emailTaken: owner !== undefined && owner !== id, managerExists: manager === undefined || manager.registered };
  }
}

export const peopleHandlers = [EmployeeHandler];
