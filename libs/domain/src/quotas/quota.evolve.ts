import type { QuotaEvent } from './quota.events';

export interface Quota {
  periodStart: string;
  periodEnd: string;
  amount: string;
}

/** An employee's quotas, one per period; setting a period again replaces its amount. */
export type Quotas = readonly Quota[];

export const noQuotas: Quotas = [];

export function evolveQuotas(state: Quotas, event: QuotaEvent): Quotas {
  const { periodStart, periodEnd, amount } = event.data;
  const others = state.filter((quota) => quota.periodStart !== periodStart || quota.periodEnd !== periodEnd);
  return [...others, { periodStart, periodEnd, amount }];
}
