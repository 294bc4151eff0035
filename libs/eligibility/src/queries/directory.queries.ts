import { Inject, Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';
import type { SqlClient } from '@club-ledger/kernel';
import { Directory } from '@club-ledger/domain';
import { containsPattern } from './standing-order';
import { SQL_CLIENT } from '../storage/storage.module';
import type { Department, Employee } from './answers';
import { directoryEntries, toEmployee, type EmployeeRow } from './directory-entries';


export type EmployeeOrder = 'ID' | 'NAME' | 'DEPARTMENT';

/** The columns the directory may be ordered by: fixed texts chosen by the field, never a value of the request. */
const EMPLOYEE_ORDERS: Record<EmployeeOrder, string> = { ID: 'id', NAME: 'name', DEPARTMENT: 'department' };

/** Which employees a list keeps: one department, and those whose name, email or id contains a text. */
export interface EmployeeFilter {
  department?: string;
  search?: string;
}


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

  async list({ department, search }: EmployeeFilter, first: number, after: string | null | undefined): Promise<Employee[]> {
    const rows = await this.sql.query<EmployeeRow>(
      `SELECT * FROM employees
        WHERE ($1::text IS NULL OR department = $1) AND ($2::text IS NULL OR id > $2)
          AND ($3::text IS NULL OR name ILIKE $3 OR email ILIKE $3 OR id ILIKE $3)
        ORDER BY id LIMIT $4`,
      [department ?? null, after ?? null, search ? containsPattern(search) : null, first],
    );
    return rows.map(toEmployee);
  }

  /** A page of the directory in a chosen order; paged by offset, as names and departments repeat. */
  async ordered({ department, search }: EmployeeFilter, order: { field: EmployeeOrder; descending: boolean }, offset: number, limit: number): Promise<Employee[]> {
    const rows = await this.sql.query<EmployeeRow>(
      `SELECT * FROM employees
        WHERE ($1::text IS NULL OR department = $1) AND ($2::text IS NULL OR name ILIKE $2 OR email ILIKE $2 OR id ILIKE $2)
        ORDER BY ${EMPLOYEE_ORDERS[order.field]} ${order.descending ? 'DESC' : 'ASC'}, id OFFSET $3 LIMIT $4`,
      [department ?? null, search ? containsPattern(search) : null, offset, limit],
    );
    return rows.map(toEmployee);
  }

  /** Every department named by an employee, with how many active employees it has. */
  async departments(): Promise<Department[]> {
    return this.sql.query<Department>(
      `SELECT department AS name, (count(*) FILTER (WHERE active))::int AS "headCount" FROM employees GROUP BY department ORDER BY department`,
    );
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

  /** One query per batch of ids, however many employees a page of results names. */
  loader(): DataLoader<string, Employee | null> {
    return new DataLoader(async (ids: readonly string[]) => {
      const byId = await directoryEntries(this.sql, ids);
      return ids.map((id) => byId.get(id) ?? null);
    });
  }
}
