import { DomainError, checkId, hasRole, type Actor } from '../shared';
import { EmployeeChanged, EmployeeOffboarded, EmployeeRegistered, NotificationSettingsChanged, type EmployeeEvent } from './employee.events';
import type { NotificationSettings } from './notification-settings';
import type { Employee } from './employee.evolve';

export interface EmployeeDetails {
  name: string;
  email: string;
  department: string;
  title?: string | null;
  managerId?: string | null;
}

/** A change names only what changes: null clears the title or the manager, and is refused for what every employee has. */
export type EmployeeChanges = { [Field in keyof EmployeeDetails]?: EmployeeDetails[Field] | null };

/** Facts from outside this employee's stream, gathered by the handler before deciding. */
export interface DirectoryFacts {
  /** The email is held by another employee. */
  emailTaken: boolean;
  /** The manager named in the command is a registered employee (true when none is named). */
  managerExists: boolean;
}

export type EmployeeCommand =
  | { type: 'RegisterEmployee'; actor: Actor; id: string; details: EmployeeDetails; facts: DirectoryFacts }
  | { type: 'ChangeEmployee'; actor: Actor; id: string; changes: EmployeeChanges; facts: DirectoryFacts }
  | { type: 'OffboardEmployee'; actor: Actor; id: string; reason: string }
  | { type: 'ChangeNotificationSettings'; actor: Actor; id: string; changes: Partial<NotificationSettings> };

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** HR keeps the directory; ADMIN may; the HRIS feed (INTEGRATION) does. */
export const canManageDirectory = (actor: Actor): boolean => hasRole(actor, 'HR', 'ADMIN', 'INTEGRATION');

export function decideEmployee(command: EmployeeCommand, state: Employee): EmployeeEvent[] | DomainError {
  // How one is told is one's own choice, not the directory's.
  if (command.type === 'ChangeNotificationSettings') return changeNotificationSettings(command, state);
  if (!canManageDirectory(command.actor)) return new DomainError('FORBIDDEN', 'Only HR, ADMIN or INTEGRATION manage the directory');
  const badId = checkId(command.id, 'id');
  if (badId) return badId;
  switch (command.type) {
    case 'RegisterEmployee': {
      if (state.registered) return new DomainError('ALREADY_EXISTS', `Employee ${command.id} is already registered`);
      const invalid = checkDetails(command.id, command.details, command.facts);
      if (invalid) return invalid;
      const { name, email, department, title, managerId } = command.details;
      return [
        EmployeeRegistered({
          employeeId: command.id,
          name: name.trim(),
          email: email.trim().toLowerCase(),
          department: department.trim(),
          title: title?.trim() || null,
          managerId: managerId ?? null,
        }),
      ];
    }
    case 'ChangeEmployee': {
      if (!state.registered) return new DomainError('NOT_FOUND', `No employee ${command.id}`);
      if (!state.active) return new DomainError('INVALID_STATE', `Employee ${command.id} is offboarded`);
      const invalid = checkDetails(command.id, command.changes, command.facts);
      if (invalid) return invalid;
      const { name, email, department, title, managerId } = command.changes;
      const changes = {
        ...(typeof name === 'string' && { name: name.trim() }),
        ...(typeof email === 'string' && { email: email.trim().toLowerCase() }),
        ...(typeof department === 'string' && { department: department.trim() }),
        ...(title !== undefined && { title: title?.trim() || null }),
        ...(managerId !== undefined && { managerId }),
      };
      const changed = Object.fromEntries(
        Object.entries(changes).filter(([key, value]) => state[key as keyof typeof changes] !== value),
      );
      return Object.keys(changed).length > 0 ? [EmployeeChanged({ employeeId: command.id, ...changed })] : [];
    }
    case 'OffboardEmployee': {
      if (!state.registered) return new DomainError('NOT_FOUND', `No employee ${command.id}`);
      if (!state.active) return new DomainError('INVALID_STATE', `Employee ${command.id} is already offboarded`);
      if (!command.reason.trim()) return new DomainError('BAD_USER_INPUT', 'reason must not be empty', 'reason');
      return [EmployeeOffboarded({ employeeId: command.id, reason: command.reason.trim() })];
    }
    default: {
      const unknown: never = command;
      throw new Error(`Unhandled employee command ${JSON.stringify(unknown)}`);
    }
  }
}

/** Only the person changes their settings; a change that changes nothing records nothing. */
function changeNotificationSettings(
  command: Extract<EmployeeCommand, { type: 'ChangeNotificationSettings' }>,
  state: Employee,
): EmployeeEvent[] | DomainError {
  if (command.actor.id !== command.id) return new DomainError('FORBIDDEN', 'Only the person changes their own notification settings');
  if (!state.registered) return new DomainError('NOT_FOUND', `No employee ${command.id}`);
  const current = state.notifications;
  const next: NotificationSettings = {
    email: command.changes.email ?? current.email,
    chat: command.changes.chat ?? current.chat,
    muted: command.changes.muted ? [...new Set(command.changes.muted)].sort() : current.muted,
  };
  const same = next.email === current.email && next.chat === current.chat && next.muted.join() === current.muted.join();
  return same ? [] : [NotificationSettingsChanged({ employeeId: command.id, ...next })];
}

function checkDetails(id: string, details: EmployeeChanges, facts: DirectoryFacts): DomainError | undefined {
  for (const field of ['name', 'email', 'department'] as const) {
    if (details[field] === null) return new DomainError('BAD_USER_INPUT', `${field} cannot be removed`, field);
  }
  for (const field of ['name', 'department'] as const) {
    const value = details[field];
    if (typeof value === 'string' && (value.trim().length === 0 || value.length > 200)) {
      return new DomainError('BAD_USER_INPUT', `${field} must be 1-200 characters`, field);
    }
  }
  if (typeof details.email === 'string' && (details.email.length > 254 || !EMAIL.test(details.email.trim()))) {
    return new DomainError('BAD_USER_INPUT', 'email must be an email address', 'email');
  }
  if (typeof details.email === 'string' && facts.emailTaken) {
    return new DomainError('ALREADY_EXISTS', `Email ${details.email} belongs to another employee`, 'email');
  }
  if (typeof details.title === 'string' && details.title.length > 200) return new DomainError('BAD_USER_INPUT', 'title must be at most 200 characters', 'title');
  if (details.managerId !== undefined && details.managerId !== null) {
    const badManager = checkId(details.managerId, 'managerId');
    if (badManager) return badManager;
    if (details.managerId === id) return new DomainError('BAD_USER_INPUT', 'An employee cannot manage themselves', 'managerId');
    if (!facts.managerExists) return new DomainError('NOT_FOUND', `No employee ${details.managerId} to be the manager`, 'managerId');
  }
  return undefined;
}
