import { DomainError } from './domain-error';

const DECIMAL = /^(0|[1-9]\d{0,14})(?:\.(\d{1,2}))?$/;

/**
 * Money travels as a decimal string ("1500000.00") and is counted in integer cents, never in floating
 * point. Amounts are non-negative and below 10^15 in the reporting currency.
 */
export function parseMoney(value: string, field: string): bigint | DomainError {
  const match = DECIMAL.exec(value.trim());
  if (!match) return new DomainError('BAD_USER_INPUT', `${field} must be a non-negative amount like "1500000.00"`, field);
  return BigInt(match[1]) * 100n + BigInt((match[2] ?? '').padEnd(2, '0'));
}

export function formatMoney(cents: bigint): string {
  const whole = cents / 100n;
  const fraction = (cents % 100n).toString().padStart(2, '0');
  return `${whole}.${fraction}`;
}
