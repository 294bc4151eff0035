import type { SqlExecutor } from '@club-ledger/kernel';
import type { Employee } from './answers';

/** An employee as the directory keeps them. */
export interface EmployeeRow {
  id: string;
  name: string;
  email: string;
  department: string;
  title: string | null;
  manager_id: string | null;
  active: boolean;
}

export const toEmployee = (row: EmployeeRow): Employee => ({
  id: row.id,
  name: row.name,
  email: row.email,
  department: row.department,
  title: row.title,
  managerId: row.manager_id,
  active: row.active,
});

/** The directory's entries of `ids`, by id (those it does not know are missing). */
export async function directoryEntries(sql: SqlExecutor, ids: readonly string[]): Promise<Map<string, Employee>> {
  const rows = await sql.query<EmployeeRow>(`SELECT * FROM employees WHERE id = ANY($1::text[])`, [ids]);
  return new Map(rows.map((row) => [row.id, toEmployee(row)]));
}
