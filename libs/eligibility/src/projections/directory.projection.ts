import type { SqlExecutor } from '@club-ledger/kernel';
import type { DecodedEvent } from '@club-ledger/event-store';
import type { EmployeeEvent } from '@club-ledger/domain';
import type { Projection } from '../projector';

/** The directory: one row per employee, as registered, changed and offboarded. */
export const directoryProjection: Projection = {
  name: 'directory',
  handles: ['EmployeeRegistered', 'EmployeeChanged', 'EmployeeOffboarded'],
  async apply(events: readonly DecodedEvent[], tx: SqlExecutor) {
    for (const event of events as unknown as readonly EmployeeEvent[]) await applyOne(event, tx);
  },
};

async function applyOne(event: EmployeeEvent, tx: SqlExecutor): Promise<void> {
  switch (event.type) {
    case 'EmployeeRegistered': {
      const { employeeId, name, email, department, title, managerId } = event.data;
      await tx.query(
        `INSERT INTO employees (id, name, email, department, title, manager_id, active)
         VALUES ($1, $2, $3, $4, $5, $6, true)`,
        [employeeId, name, email, department, title, managerId],
      );
      return;
    }
    case 'EmployeeChanged': {
      const { employeeId, ...changes } = event.data;
      await tx.query(
        `UPDATE employees SET
           name = CASE WHEN $2 THEN $3 ELSE name END,
           email = CASE WHEN $4 THEN $5 ELSE email END,
           department = CASE WHEN $6 THEN $7 ELSE department END,
           title = CASE WHEN $8 THEN $9 ELSE title END,
           manager_id = CASE WHEN $10 THEN $11 ELSE manager_id END
         WHERE id = $1`,
        [
          employeeId,
          'name' in changes, changes.name ?? null,
          'email' in changes, changes.email ?? null,
          'department' in changes, changes.department ?? null,
          'title' in changes, changes.title ?? null,
          'managerId' in changes, changes.managerId ?? null,
        ],
      );
      return;
    }
    case 'EmployeeOffboarded':
      await tx.query(`UPDATE employees SET active = false WHERE id = $1`, [event.data.employeeId]);
      return;
    default: {
      const unknown: never = event;
      throw new Error(`Unhandled employee event ${JSON.stringify(unknown)}`);
    }
  }
}
