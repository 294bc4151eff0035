import { Inject, Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';
import type { SqlClient } from '@club-ledger/kernel';
import { Directory, type Actor } from '@club-ledger/domain';
import { managersOf } from './claims';
import { SQL_CLIENT } from '../storage/storage.module';
import type { Employee } from './answers';

interface EmployeeRow {
  id: string;
  name: string;
  email: string;
  department: string;
  title: string | null;
  manager_id: string | null;
  active: boolean;
}

/** Which employees a list keeps: one department, and those whose name, email or id contains a text. */
export interface EmployeeFilter {
  department?: string;
  search?: string;
}

/** An ILIKE pattern for "contains `text`": its own `%`, `_` and backslash match themselves, not any characters. */
const containsPattern = (text: string): string => `%${text.replace(/[\\%_]/g, '\\$&')}%`;

const toEmployee = (row: EmployeeRow): Employee => ({
  id: row.id,
  name: row.name,
  email: row.email,
  department: row.department,
  title: row.title,
  managerId: row.manager_id,
  active: row.active,
});

/** Reads of the directory read model; also answers the people handlers' email question. */
@Injectable()
export class DirectoryQueries extends Directory {
  constructor(@Inject(SQL_CLIENT) private readonly sql: SqlClient) {
    super();
  }

  async emailOwner(email: string): Promise<string | undefined> {
    const [row] = await this.sql.query<{ id: string }>(`SELECT id FROM employees WHERE email = $1 LIMIT 1`, [email]);
    return row?.id;
  }

  async list({ department, search }: EmployeeFilter, first: number, after: string | undefined): Promise<Employee[]> {
    const rows = await this.sql.query<EmployeeRow>(
      `SELECT * FROM employees
        WHERE ($1::text IS NULL OR department = $1) AND ($2::text IS NULL OR id > $2)
          AND ($3::text IS NULL OR name ILIKE $3 OR email ILIKE $3 OR id ILIKE $3)
        ORDER BY id LIMIT $4`,
      [department ?? null, after ?? null, search ? containsPattern(search) : null, first],
    );
    return rows.map(toEmployee);
  }

  /** Active employees by name whose name, email or id contains `search` (everyone when it is empty). */
  async activeByName(search: string, limit: number): Promise<Employee[]> {
    const rows = await this.sql.query<EmployeeRow>(
      `SELECT * FROM employees
        WHERE active AND (name ILIKE $1 OR email ILIKE $1 OR id ILIKE $1)
        ORDER BY name, id LIMIT $2`,
      [containsPattern(search), limit],
    );
    return rows.map(toEmployee);
  }

  /** Whether the caller manages this employee, directly or through the chain: a manager reads their reports as HR would. */
  async manages(actor: Actor, employeeId: string): Promise<boolean> {
    return actor.id !== employeeId && (await managersOf(this.sql, employeeId)).includes(actor.id);
  }

  /** One query per batch of ids, however many employees a page of results names. */
  loader(): DataLoader<string, Employee | null> {
    return new DataLoader(async (ids: readonly string[]) => {
      const rows = await this.sql.query<EmployeeRow>(`SELECT * FROM employees WHERE id = ANY($1::text[])`, [ids]);
      const byId = new Map(rows.map((row) => [row.id, toEmployee(row)]));
      return ids.map((id) => byId.get(id) ?? null);
    });
  }
}
