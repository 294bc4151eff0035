export type Role = 'HR' | 'EXECUTIVE' | 'ADMIN' | 'INTEGRATION';

/** Every role a token may carry; an ordinary employee has none. */
export const ROLES: readonly Role[] = ['HR', 'EXECUTIVE', 'ADMIN', 'INTEGRATION'];

/** Who asks: built by the API from a verified token; the domain never sees the token itself. */
export interface Actor {
  /** An employee id, or a service name for INTEGRATION callers. */
  id: string;
  roles: readonly Role[];
}

export const hasRole = (actor: Actor, ...roles: Role[]): boolean => roles.some((role) => actor.roles.includes(role));

/** HR, EXECUTIVE and ADMIN read everything: every deal, credit and standing. */
export const readsEverything = (actor: Actor): boolean => hasRole(actor, 'HR', 'EXECUTIVE', 'ADMIN');
