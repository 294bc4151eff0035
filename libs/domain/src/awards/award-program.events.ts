import { z } from 'zod';
import { defineEvent, type EventOf } from '@club-ledger/event-store';
import { criteriaSchema } from './criteria';

const id = z.string().min(1).max(64);

export const AwardProgramDrafted = defineEvent('AwardProgramDrafted', {
  version: 1,
  schema: z.object({
    programId: id,
    name: z.string().min(1),
    description: z.string().nullable(),
    periodStart: z.iso.date(),
    periodEnd: z.iso.date(),
    audienceDepartments: z.array(z.string().min(1)),
    criteria: criteriaSchema,
  }),
});

export const CriteriaRevised = defineEvent('CriteriaRevised', {
  version: 1,
  schema: z.object({ programId: id, version: z.number().int().min(2), reason: z.string().min(1), criteria: criteriaSchema }),
});

export const AwardProgramOpened = defineEvent('AwardProgramOpened', { version: 1, schema: z.object({ programId: id }) });

export const AwardProgramFinalized = defineEvent('AwardProgramFinalized', {
  version: 1,
  schema: z.object({
    programId: id,
    criteriaVersion: z.number().int().min(1),
    winners: z.array(z.object({ employeeId: id, rank: z.number().int().min(1), score: z.number() })),
  }),
});

export type AwardProgramEvent =
  | EventOf<typeof AwardProgramDrafted>
  | EventOf<typeof CriteriaRevised>
  | EventOf<typeof AwardProgramOpened>
  | EventOf<typeof AwardProgramFinalized>;

export const awardProgramEventTypes = [AwardProgramDrafted, CriteriaRevised, AwardProgramOpened, AwardProgramFinalized];

export const programStream = (programId: string): string => `program-${programId}`;
