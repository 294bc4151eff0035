import { Injectable } from '@nestjs/common';
import { CommandHandler } from '@nestjs/cqrs';
import { CommandRunner, type CommandContext, type Decision } from '../../commands/command-runner';
import { decideEmployee, type DirectoryFacts, type EmployeeChanges, type EmployeeCommand, type EmployeeDetails } from '../employee.decide';
import { employeeStream } from '../employee.events';
import { evolveEmployee, noEmployee, type Employee } from '../employee.evolve';
import { Directory } from './directory.port';

export const employees = { decide: decideEmployee, evolve: evolveEmployee, initial: noEmployee };

export class RegisterEmployee {
  constructor(
    readonly id: string,
    readonly details: EmployeeDetails,
    readonly context: CommandContext,
  ) {}
}

export class ChangeEmployee {
  constructor(
    readonly id: string,
    readonly changes: EmployeeChanges,
    readonly context: CommandContext,
  ) {}
}

export class OffboardEmployee {
  constructor(
    readonly id: string,
    readonly reason: string,
    readonly context: CommandContext,
  ) {}
}

type PeopleCommand = RegisterEmployee | ChangeEmployee | OffboardEmployee;

/** Gathers the directory facts a people command needs, then runs it on the employee's stream. */
@Injectable() // gives the subclasses' injector the constructor's parameter types
abstract class PeopleHandler<Command extends PeopleCommand> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly directory: Directory,
  ) {}

  async execute(command: Command): Promise<Decision<Employee>> {
    return this.runner.run(employeeStream(command.id), employees, await this.toDecision(command), command.context);
  }

  private async toDecision(command: PeopleCommand): Promise<EmployeeCommand> {
    const actor = command.context.actor;
    if (command instanceof OffboardEmployee) return { type: 'OffboardEmployee', actor, id: command.id, reason: command.reason };
    if (command instanceof RegisterEmployee) {
      return { type: 'RegisterEmployee', actor, id: command.id, details: command.details, facts: await this.facts(command.id, command.details) };
    }
    return { type: 'ChangeEmployee', actor, id: command.id, changes: command.changes, facts: await this.facts(command.id, command.changes) };
  }

  private async facts(id: string, details: EmployeeChanges): Promise<DirectoryFacts> {
    const owner = typeof details.email !== 'string' ? undefined : await this.directory.emailOwner(details.email.trim().toLowerCase());
    const manager = details.managerId ? await this.runner.current(employeeStream(details.managerId), employees) : undefined;
    return { emailTaken: owner !== undefined && owner !== id, managerExists: manager === undefined || manager.registered };
  }
}

@CommandHandler(RegisterEmployee)
export class RegisterEmployeeHandler extends PeopleHandler<RegisterEmployee> {}

@CommandHandler(ChangeEmployee)
export class ChangeEmployeeHandler extends PeopleHandler<ChangeEmployee> {}

@CommandHandler(OffboardEmployee)
export class OffboardEmployeeHandler extends PeopleHandler<OffboardEmployee> {}

export const peopleHandlers = [RegisterEmployeeHandler, ChangeEmployeeHandler, OffboardEmployeeHandler];
