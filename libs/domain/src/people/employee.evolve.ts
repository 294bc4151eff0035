import type { EmployeeEvent } from './employee.events';
import { DEFAULT_NOTIFICATION_SETTINGS, type NotificationSettings } from './notification-settings';

export type Employee =
  | { registered: false }
  | {
      registered: true;
      id: string;
      name: string;
      email: string;
      department: string;
      title: string | null;
      managerId: string | null;
      active: boolean;
      notifications: NotificationSettings;
    };

export const noEmployee: Employee = { registered: false };

export function evolveEmployee(state: Employee, event: EmployeeEvent): Employee {
  switch (event.type) {
    case 'EmployeeRegistered': {
      const { employeeId, ...rest } = event.data;
      return { registered: true, id: employeeId, ...rest, active: true, notifications: DEFAULT_NOTIFICATION_SETTINGS };
    }
    case 'EmployeeChanged': {
      if (!state.registered) return state;
      const { employeeId: _id, ...changes } = event.data;
      return { ...state, ...changes };
    }
    case 'EmployeeOffboarded':
      return state.registered ? { ...state, active: false } : state;
    case 'NotificationSettingsChanged': {
      const { employeeId: _id, ...notifications } = event.data;
      return state.registered ? { ...state, notifications } : state;
    }
    default: {
      const unknown: never = event;
      throw new Error(`Unhandled employee event ${JSON.stringify(unknown)}`);
    }
  }
}
