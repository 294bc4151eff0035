/** A calendar date YYYY-MM-DD that exists (no 2026-02-30 rolled into March). */
export function isCalendarDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const instant = new Date(`${value}T00:00:00.000Z`);
  return !Number.isNaN(instant.getTime()) && instant.toISOString().startsWith(value);
}

const INSTANT = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-](\d{2}):(\d{2}))$/;

/**
 * An ISO-8601 instant whose every part exists: a real calendar date, a time of day within 24 hours and an offset within
 * ±14:00. `Date.parse` alone would roll 2026-02-30 into March and read a missing offset as local time.
 */
export function isInstant(value: string): boolean {
  const match = INSTANT.exec(value);
  if (!match) return false;
  const [, date, hours, minutes, seconds = '0', , offsetHours = '0', offsetMinutes = '0'] = match;
  return (
    isCalendarDate(date) &&
    Number(hours) < 24 && Number(minutes) < 60 && Number(seconds) < 60 &&
    Number(offsetHours) <= 14 && Number(offsetMinutes) < 60 &&
    !Number.isNaN(Date.parse(value))
  );
}
