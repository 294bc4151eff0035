/** Money, dates and numbers in the reader's locale; amounts arrive as decimal strings in the reporting currency. */
export const REPORTING_CURRENCY = 'USD';

const locale = () => navigator.language || 'en-US';

export function formatMoney(amount: string | number, options: { compact?: boolean } = {}): string {
  return new Intl.NumberFormat(locale(), {
    style: 'currency',
    currency: REPORTING_CURRENCY,
    ...(options.compact ? { notation: 'compact', maximumFractionDigits: 1 } : { maximumFractionDigits: 0 }),
  }).format(Number(amount));
}

export function formatNumber(value: number, maximumFractionDigits = 2): string {
  return new Intl.NumberFormat(locale(), { maximumFractionDigits }).format(value);
}

export function formatPercent(ratio: number): string {
  return new Intl.NumberFormat(locale(), { style: 'percent', maximumFractionDigits: 0 }).format(ratio);
}

/** A business date (`2026-03-31`), shown as that calendar day wherever the reader is. */
export function formatDate(date: string | null | undefined): string {
  if (!date) return '—';
  return new Intl.DateTimeFormat(locale(), { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(`${date}T00:00:00Z`));
}

/** An instant, in the reader's own time zone. */
export function formatInstant(instant: string | null | undefined): string {
  if (!instant) return '—';
  return new Intl.DateTimeFormat(locale(), { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(instant));
}

/** When a credit was given: the instant, or only its day for history carried over with its original date (BACKFILLED). */
export function formatCreditedAt(credit: { creditedAt?: string; flags?: string[] }): string {
  if (credit.creditedAt && credit.flags?.includes('BACKFILLED')) return formatDate(credit.creditedAt.slice(0, 10));
  return formatInstant(credit.creditedAt);
}

/** The end of a calendar day (UTC) as an instant: "as of 2026-03-31" includes everything of that day. */
export const endOfDay = (date: string) => `${date}T23:59:59.999Z`;

/** Words kept in capitals when an enum value is spelled out: `POC_SUPPORT` → "POC support". */
const ACRONYMS = new Set(['POC', 'RFP']);

export const humanize = (constant: string) =>
  constant
    .split('_')
    .map((word, index) => (ACRONYMS.has(word) ? word : index === 0 ? word.charAt(0) + word.slice(1).toLowerCase() : word.toLowerCase()))
    .join(' ');
