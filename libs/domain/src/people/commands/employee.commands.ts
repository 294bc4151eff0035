import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CommandRunner, type CommandContext, type Decision, type Sent } from '../../commands/command-runner';
import { DomainError } from '../../shared';
import { emailReservationStream, emailReservations, normalisedEmail } from '../email-reservation';
import { decideEmployee, type DirectoryFacts, type EmployeeChanges, type EmployeeCommand } from '../employee.decide';
import { employeeStream } from '../employee.events';
import { evolveEmployee, noEmployee, type Employee } from '../employee.evolve';

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
  constructor(private readonly runner: CommandRunner) {}

  /**
   * A command that gives an employee an email first checks itself against the employee as it stands (so a refused
   * command appends nothing), then takes the email's reservation — where racing registrations meet — and only then
   * records itself; the email it replaces is released afterwards. Should the record itself then fail (another writer
   * won the employee's stream), the reservation just taken is released.
   */
  async execute({ command, context }: EmployeeMessage): Promise<Decision<Employee>> {
    const stream = employeeStream(command.id);
    const decision = await this.withFacts(command, context);
    const email = decision.type === 'ChangeEmployee' ? decision.changes.email : decision.type === 'RegisterEmployee' ? decision.details.email : undefined;
    if (typeof email !== 'string') return this.runner.run(stream, employees, decision, context);
    const before = await this.runner.current(stream, employees);
    // A refusal is left to the runner, which refuses it as every command is refused (counted, nothing appended).
    if (decideEmployee(decision, before) instanceof DomainError) return this.runner.run(stream, employees, decision, context);
    const previous = before.registered && before.email !== normalisedEmail(email) ? before.email : undefined;
    if (before.registered && previous === undefined) return this.runner.run(stream, employees, decision, context);
    const reserved = await this.reserve(email, command.id, context);
    try {
      const recorded = await this.runner.run(stream, employees, decision, context);
      if (previous) await this.release(previous, command.id, context);
      return recorded;
    } catch (error) {
      if (reserved.events.length > 0) await this.release(email, command.id, context);
      throw error;
    }
  }

  private async withFacts(command: EmployeeCommandSent, { actor }: CommandContext): Promise<EmployeeCommand> {
    switch (command.type) {
      case 'RegisterEmployee':
        return { ...command, actor, facts: await this.facts(command.details) };
      case 'ChangeEmployee':
        return { ...command, actor, facts: await this.facts(command.changes) };
      case 'OffboardEmployee':
      case 'ChangeNotificationSettings':
        return { ...command, actor };
      default: {
        const unknown: never = command;
        throw new Error(`Unknown employee command ${JSON.stringify(unknown)}`);
      }
    }
  }

  private async reserve(email: string, employeeId: string, context: CommandContext) {
    const stream = emailReservationStream(email);
    const { holder } = await this.runner.current(stream, emailReservations);
    const staleHolder = holder !== null && holder !== employeeId && !(await this.usesEmail(holder, email)) ? holder : null;
    return this.runner.run(stream, emailReservations, { type: 'ReserveEmail', email, employeeId, staleHolder }, keyedFor(`reserve:${email}`, context));
  }

  private release(email: string, employeeId: string, context: CommandContext) {
    return this.runner.run(emailReservationStream(email), emailReservations, { type: 'ReleaseEmail', email, employeeId }, keyedFor(`release:${email}`, context));
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

  /** The email is checked by its reservation (see `execute`); the manager by their own stream. */
  private async facts(details: EmployeeChanges): Promise<DirectoryFacts> {
    const manager = details.managerId ? await this.runner.current(employeeStream(details.managerId), employees) : undefined;
    return { emailTaken: false, managerExists: manager === undefined || manager.registered };
  }
}

/**
 * A reservation's events never take their ids from the command's idempotency key itself: the employee's event does, and
 * two events with one id would read as a retry. They take a key derived from it, so a retried command (or the same
 * import run twice) names the same reservation events and appends nothing.
 */
const keyedFor = (step: string, { idempotencyKey, ...context }: CommandContext): CommandContext =>
  idempotencyKey === undefined ? context : { ...context, idempotencyKey: `${step}:${idempotencyKey}` };

export const peopleHandlers = [EmployeeHandler];
