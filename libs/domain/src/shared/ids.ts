import { DomainError } from './domain-error';

const ID = /^[A-Za-z0-9._-]{1,64}$/;

/** Ids come from the HRIS and the CRM: 1-64 characters of letters, digits, dot, underscore and hyphen. */
export function checkId(value: string, field: string): DomainError | undefined {
  return ID.test(value) ? undefined : new DomainError('BAD_USER_INPUT', `${field} must be 1-64 characters of [A-Za-z0-9._-]`, field);
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A business date (YYYY-MM-DD) that exists in the calendar. */
export function checkDate(value: string, field: string): DomainError | undefined {
  const instant = new Date(`${value}T00:00:00.000Z`);
  const valid = DATE.test(value) && !Number.isNaN(instant.getTime()) && instant.toISOString().startsWith(value);
  return valid ? undefined : new DomainError('BAD_USER_INPUT', `${field} must be a date YYYY-MM-DD`, field);
}
