import type { SqlExecutor } from '@club-ledger/kernel';
import type { DecodedEvent } from '@club-ledger/event-store';
import type { EmployeeEvent } from '@club-ledger/domain';
import type { Projection } from '../projector';

type Projected = EmployeeEvent & Omit<DecodedEvent, 'type' | 'data'>;

type Field = 'name' | 'email' | 'department' | 'title' | 'managerId';
/** An employee as a batch leaves them: a row to insert for a newcomer, or the fields to change on someone stored. */
type Employee = Partial<Record<Field, string | null>> & { id: string; active?: boolean; recordedAt?: string };

/**
 * The directory: one row per employee, as registered, changed and offboarded. A batch is folded in memory
 * per employee, then written in two set-based statements.
 */
export const directoryProjection: Projection = {
  name: 'directory',
  handles: ['EmployeeRegistered', 'EmployeeChanged', 'EmployeeOffboarded'],
  tables: ['employees'],
  async apply(events: readonly DecodedEvent[], tx: SqlExecutor) {
    const registered = new Map<string, Employee>();
    const changed = new Map<string, Employee>();
    const fold = (id: string) => registered.get(id) ?? changed.get(id) ?? changed.set(id, { id }).get(id) as Employee;
    for (const event of events as unknown as readonly Projected[]) {
      switch (event.type) {
        case 'EmployeeRegistered': {
          const { employeeId, name, email, department, title, managerId } = event.data;
          registered.set(employeeId, { id: employeeId, name, email, department, title, managerId, active: true, recordedAt: event.recordedAt.toISOString() });
          break;
        }
        case 'EmployeeChanged': {
          const { employeeId, ...changes } = event.data;
          Object.assign(fold(employeeId), changes);
          break;
        }
        case 'EmployeeOffboarded':
          fold(event.data.employeeId).active = false;
          break;
        // Not part of the directory: the notifications keep it.
        case 'NotificationSettingsChanged':
          break;
        default: {
          const unknown: never = event;
          throw new Error(`Unhandled employee event ${JSON.stringify(unknown)}`);
        }
      }
    }
    if (registered.size > 0) {
      await tx.query(
        `INSERT INTO employees (id, name, email, department, title, manager_id, active, recorded_at)
         SELECT id, name, email, department, title, "managerId", active, "recordedAt"
           FROM jsonb_to_recordset($1::jsonb) AS r(id text, name text, email text, department text, title text, "managerId" text, active boolean,
                "recordedAt" timestamptz)`,
        [JSON.stringify([...registered.values()])],
      );
    }
    if (changed.size > 0) {
      // A field left out of every change keeps its value; one set to null is cleared.
      await tx.query(
        `UPDATE employees e SET
           name = CASE WHEN c ? 'name' THEN c->>'name' ELSE e.name END,
           email = CASE WHEN c ? 'email' THEN c->>'email' ELSE e.email END,
           department = CASE WHEN c ? 'department' THEN c->>'department' ELSE e.department END,
           title = CASE WHEN c ? 'title' THEN c->>'title' ELSE e.title END,
           manager_id = CASE WHEN c ? 'managerId' THEN c->>'managerId' ELSE e.manager_id END,
           active = CASE WHEN c ? 'active' THEN (c->>'active')::boolean ELSE e.active END
           FROM jsonb_array_elements($1::jsonb) AS c
          WHERE e.id = c->>'id'`,
        [JSON.stringify([...changed.values()])],
      );
    }
  },
};
