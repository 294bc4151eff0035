import type { EmployeeEvent } from './employee.events';

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
    };

export const noEmployee: Employee = { registered: false };

export function evolveEmployee(state: Employee, event: EmployeeEvent): Employee {
  switch (event.type) {
    case 'EmployeeRegistered': {
      const { employeeId, ...rest } = event.data;
      return { registered: true, id: employeeId, ...rest, active: true };
    }
    case 'EmployeeChanged': {
      if (!state.registered) return state;
      const { employeeId: _id, ...changes } = event.data;
      return { ...state, ...changes };
    }
    case 'EmployeeOffboarded':
      return state.registered ? { ...state, active: false } : state;
    default: {
      const unknown: never = event;
      throw new Error(`Unhandled employee event ${JSON.stringify(unknown)}`);
    }
  }
}
