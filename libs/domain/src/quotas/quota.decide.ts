import { DomainError, checkDate, checkId, formatMoney, hasRole, parseMoney, type Actor } from '../shared';
import { QuotaSet, type QuotaEvent } from './quota.events';
import type { Quotas } from './quota.evolve';

export interface SetQuotaDecision {
  type: 'SetQuota';
  actor: Actor;
  employeeId: string;
  periodStart: string;
  periodEnd: string;
  amount: string;
  /** Whether the employee is registered, from the employee's stream. */
  employeeRegistered: boolean;
}

/** HR and ADMIN set quotas; so does the HRIS/CRM feed. */
export const canSetQuota = (actor: Actor): boolean => hasRole(actor, 'HR', 'ADMIN', 'INTEGRATION');

export function decideQuota(command: SetQuotaDecision, state: Quotas): QuotaEvent[] | DomainError {
  const invalid =
    checkId(command.employeeId, 'employeeId') ??
    checkDate(command.periodStart, 'periodStart') ??
    checkDate(command.periodEnd, 'periodEnd');
  if (invalid) return invalid;
  if (command.periodEnd < command.periodStart) {
    return new DomainError('BAD_USER_INPUT', 'periodEnd must not be before periodStart', 'periodEnd');
  }
  const cents = parseMoney(command.amount, 'amount');
  if (cents instanceof DomainError) return cents;
  if (!canSetQuota(command.actor)) return new DomainError('FORBIDDEN', 'Only HR, ADMIN or INTEGRATION set quotas');
  if (!command.employeeRegistered) return new DomainError('NOT_FOUND', `No employee ${command.employeeId}`, 'employeeId');
  const amount = formatMoney(cents);
  const unchanged = state.some(
    (quota) => quota.periodStart === command.periodStart && quota.periodEnd === command.periodEnd && quota.amount === amount,
  );
  if (unchanged) return [];
  return [QuotaSet({ employeeId: command.employeeId, periodStart: command.periodStart, periodEnd: command.periodEnd, amount })];
}
