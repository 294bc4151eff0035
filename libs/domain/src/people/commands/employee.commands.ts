import { Injectable } from '@nestjs/common';
import { CommandHandler } from '@nestjs/cqrs';
import { CommandRejected, CommandRunner, type CommandContext, type Decision } from '../../commands/command-runner';
import { DomainError } from '../../shared';
import { emailReservationStream, emailReservations, normalisedEmail } from '../email-reservation';
import { decideEmployee, type DirectoryFacts, type EmployeeChanges, type EmployeeCommand, type EmployeeDetails } from '../employee.decide';
import { employeeStream } from '../employee.events';
import { evolveEmployee, noEmployee, type Employee } from '../employee.evolve';

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
  constructor(private readonly runner: CommandRunner) {}

  /**
   * A command that gives an employee an email first checks itself against the employee as it stands (so a refused
   * command appends nothing), then takes the email's reservation — where racing registrations meet — and only then
   * records itself; the email it replaces is released afterwards. Should the record itself then fail (another writer
   * won the employee's stream), the reservation just taken is released.
   */
  async execute(command: Command): Promise<Decision<Employee>> {
    const stream = employeeStream(command.id);
    const decision = await this.toDecision(command);
    const email = 'changes' in decision ? decision.changes.email : 'details' in decision ? decision.details.email : undefined;
    if (typeof email !== 'string') return this.runner.run(stream, employees, decision, command.context);
    const before = await this.runner.current(stream, employees);
    const refusal = decideEmployee(decision, before);
    if (refusal instanceof DomainError) throw new CommandRejected(refusal);
    const previous = before.registered && before.email !== normalisedEmail(email) ? before.email : undefined;
    if (before.registered && previous === undefined) return this.runner.run(stream, employees, decision, command.context);
    const reserved = await this.reserve(email, command.id, command.context);
    try {
      const recorded = await this.runner.run(stream, employees, decision, command.context);
      if (previous) await this.release(previous, command.id, command.context);
      return recorded;
    } catch (error) {
      if (reserved.events.length > 0) await this.release(email, command.id, command.context);
      throw error;
    }
  }

  private async reserve(email: string, employeeId: string, context: CommandContext) {
    const stream = emailReservationStream(email);
    const { holder } = await this.runner.current(stream, emailReservations);
    const staleHolder = holder !== null && holder !== employeeId && !(await this.usesEmail(holder, email)) ? holder : null;
    return this.runner.run(stream, emailReservations, { type: 'ReserveEmail', email, employeeId, staleHolder }, withoutKey(context));
  }

  private release(email: string, employeeId: string, context: CommandContext) {
    return this.runner.run(emailReservationStream(email), emailReservations, { type: 'ReleaseEmail', email, employeeId }, withoutKey(context));
  }

  /**
   * Whether the holder of a reservation still uses the email: a registered holder whose record has another email lost
   * its release (a crash between the two appends); a holder not yet registered is taken to be registering now, and a
   * retry of that registration (the same id) takes the email.
   */
  private async usesEmail(employeeId: string, email: string): Promise<boolean> {
    const holder = await this.runner.current(employeeStream(employeeId), employees);
    return !holder.registered || holder.email === normalisedEmail(email);
  }

  private async toDecision(command: PeopleCommand): Promise<EmployeeCommand> {
    const actor = command.context.actor;
    if (command instanceof OffboardEmployee) return { type: 'OffboardEmployee', actor, id: command.id, reason: command.reason };
    if (command instanceof RegisterEmployee) {
      return { type: 'RegisterEmployee', actor, id: command.id, details: command.details, facts: await this.facts(command.details) };
    }
    return { type: 'ChangeEmployee', actor, id: command.id, changes: command.changes, facts: await this.facts(command.changes) };
  }

  /** The email is checked by its reservation (see `execute`); the manager by their own stream. */
  private async facts(details: EmployeeChanges): Promise<DirectoryFacts> {
    const manager = details.managerId ? await this.runner.current(employeeStream(details.managerId), employees) : undefined;
    return { emailTaken: false, managerExists: manager === undefined || manager.registered };
  }
}

/**
 * A reservation's events never take their ids from the command's idempotency key: the employee's event does, and two
 * events with one id would read as a retry. A retried command finds the email already its own and appends nothing.
 */
const withoutKey = ({ idempotencyKey: _key, ...context }: CommandContext): CommandContext => context;

@CommandHandler(RegisterEmployee)
export class RegisterEmployeeHandler extends PeopleHandler<RegisterEmployee> {}

@CommandHandler(ChangeEmployee)
export class ChangeEmployeeHandler extends PeopleHandler<ChangeEmployee> {}

@CommandHandler(OffboardEmployee)
export class OffboardEmployeeHandler extends PeopleHandler<OffboardEmployee> {}

export const peopleHandlers = [RegisterEmployeeHandler, ChangeEmployeeHandler, OffboardEmployeeHandler];
