import { z } from 'zod';
import { defineEvent, type EventOf } from '@club-ledger/event-store';

export const QuotaSet = defineEvent('QuotaSet', {
  version: 1,
  schema: z.object({
    employeeId: z.string().min(1).max(64),
    periodStart: z.iso.date(),
    periodEnd: z.iso.date(),
    amount: z.string().regex(/^\d{1,15}\.\d{2}$/),
  }),
});

export type QuotaEvent = EventOf<typeof QuotaSet>;

export const quotaEventTypes = [QuotaSet];

export const quotaStream = (employeeId: string): string => `quota-${employeeId}`;
