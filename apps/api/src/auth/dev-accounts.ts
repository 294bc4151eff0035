import { ROLES, checkId, type Role } from '@club-ledger/domain';
import type { Employee } from '../people/employee.types';

/** Someone to sign in as in development: a role account, or an employee of the directory (no roles). */
export interface DevAccount {
  sub: string;
  name: string;
  description: string;
  roles: Role[];
}

/** One account per role a person holds in the product, listed before the people so the demo starts in one click. */
export const ROLE_ACCOUNTS: readonly DevAccount[] = [
  { sub: 'hr-demo', name: 'HR', description: 'People team (HR role)', roles: ['HR'] },
  { sub: 'ceo-demo', name: 'Executive', description: 'Executive (EXECUTIVE role)', roles: ['EXECUTIVE'] },
  { sub: 'admin-demo', name: 'Admin', description: 'Administrator (ADMIN role)', roles: ['ADMIN'] },
];

/** The role accounts whose id, name or description contains `search`, in any case (all of them when it is empty). */
export function roleAccountsMatching(search: string): DevAccount[] {
  const wanted = search.toLowerCase();
  return ROLE_ACCOUNTS.filter((account) => [account.sub, account.name, account.description].some((text) => text.toLowerCase().includes(wanted)));
}

export function accountOf(employee: Employee): DevAccount {
  return {
    sub: employee.id,
    name: employee.name,
    description: [employee.title, employee.department].filter(Boolean).join(' · '),
    roles: [],
  };
}

/** The body of POST /auth/dev/token, checked: an employee id as SPEC defines it, and known roles only. */
export function tokenRequestOf(body: unknown): { sub: string; roles: Role[] } | { refusal: string } {
  const { sub, roles = [] } = (typeof body === 'object' && body !== null ? body : {}) as { sub?: unknown; roles?: unknown };
  if (typeof sub !== 'string') return { refusal: 'sub must be the employee id to sign in as' };
  const badId = checkId(sub, 'sub');
  if (badId) return { refusal: badId.message };
  if (!Array.isArray(roles)) return { refusal: `roles must be a list of ${ROLES.join(', ')}` };
  const unknown = roles.filter((role) => !ROLES.includes(role as Role));
  if (unknown.length > 0) return { refusal: `roles must each be one of ${ROLES.join(', ')}, not ${unknown.map((role) => JSON.stringify(role)).join(', ')}` };
  return { sub, roles: [...new Set(roles as Role[])] };
}
