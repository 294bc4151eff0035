import { z } from 'zod';
import { defineEvent, type EventOf } from '@club-ledger/event-store';
import { NOTIFICATION_KINDS } from './notification-settings';

const employeeId = z.string().min(1).max(64);

export const EmployeeRegistered = defineEvent('EmployeeRegistered', {
  version: 1,
  schema: z.object({
    employeeId,
    name: z.string().min(1),
    email: z.string().min(3),
    department: z.string().min(1),
    title: z.string().nullable(),
    managerId: employeeId.nullable(),
  }),
});

export const EmployeeChanged = defineEvent('EmployeeChanged', {
  version: 1,
  schema: z.object({
    employeeId,
    name: z.string().min(1).optional(),
    email: z.string().min(3).optional(),
    department: z.string().min(1).optional(),
    title: z.string().nullable().optional(),
    managerId: employeeId.nullable().optional(),
  }),
});

export const EmployeeOffboarded = defineEvent('EmployeeOffboarded', {
  version: 1,
  schema: z.object({ employeeId, reason: z.string().min(1) }),
});

/** The person's own choice of how they are told; the whole choice each time, so the latest event is the setting. */
export const NotificationSettingsChanged = defineEvent('NotificationSettingsChanged', {
  version: 1,
  schema: z.object({ employeeId, email: z.boolean(), chat: z.boolean(), muted: z.array(z.enum(NOTIFICATION_KINDS)) }),
});

export type EmployeeEvent =
  | EventOf<typeof EmployeeRegistered>
  | EventOf<typeof EmployeeChanged>
  | EventOf<typeof EmployeeOffboarded>
  | EventOf<typeof NotificationSettingsChanged>;

export const employeeEventTypes = [EmployeeRegistered, EmployeeChanged, EmployeeOffboarded, NotificationSettingsChanged];

export const employeeStream = (employeeId: string): string => `employee-${employeeId}`;
