import { randomUUID } from 'node:crypto';
import type { CommandBus } from '@nestjs/cqrs';
import { CommandRejected, AwardProgramMessage, DealMessage, type Actor } from '@club-ledger/domain';
import { eventIdFor } from '@club-ledger/event-store';
import type { Projector } from '@club-ledger/eligibility';
import { Importer, type ImportSummary, type NumberedRow } from '../import/importer';
import { creditKey, type ImportKind } from '../import/rows';
import { demoPrograms } from './demo-programs';
import { generateOrg, type GeneratedOrg, type OrgSize } from './org-generator';

export const DEMO_SIZE: OrgSize = { employees: 300, deals: 1_500 };

/** The generated organization as the four exports an HRIS and a CRM would give. */
export function exportsOf(org: GeneratedOrg): Record<ImportKind, Record<string, string>[]> {
  const closed = org.deals.filter((deal) => deal.outcome !== 'OPEN');
  return {
    employees: org.employees.map(({ id, name, email, department, title }) => ({ id, name, email, department, title })),
    quotas: org.quotas,
    deals: org.deals.map(({ id, name, account, ownerId, type, amount, products, openedOn, outcome, closedOn }) => ({
      id, name, account, ownerId, type, amount, products: products.join(';'), openedOn, outcome: outcome === 'OPEN' ? '' : outcome, closedOn: closedOn ?? '',
    })),
    credits: closed.flatMap((deal) =>
      deal.credits.map((credit) => ({ dealId: deal.id, contributorId: credit.contributorId, kind: credit.kind, note: credit.note, creditedBy: deal.ownerId, creditedOn: credit.creditedOn })),
    ),
  };
}

/**
 * Seeds a deterministic organization through the same import path and handlers as any file: people,
 * quotas, the year's deals and credits (a few retracted), then the two demo programs, opened. Seeding
 * again with the same seed appends nothing.
 */
export async function seedDemo(
  commands: CommandBus,
  projector: Projector,
  options: { seed: number; size?: OrgSize },
  onProgress: (kind: string, summary: ImportSummary, total: number) => void = () => undefined,
): Promise<Record<ImportKind, ImportSummary>> {
  const org = generateOrg(options.seed, options.size ?? DEMO_SIZE);
  const files = exportsOf(org);
  const importer = new Importer({ rowByRow: commands, projector });
  const summaries = {} as Record<ImportKind, ImportSummary>;
  for (const kind of ['employees', 'quotas', 'deals', 'credits'] as const) {
    const rows: NumberedRow[] = files[kind].map((row, index) => ({ line: index + 2, row }));
    summaries[kind] = await importer.run(kind, rows, (summary) => onProgress(kind, summary, rows.length));
  }
  for (const deal of org.deals) {
    for (const credit of deal.credits.filter((candidate) => candidate.retraction)) {
      const owner: Actor = { id: deal.ownerId, roles: [] };
      // The deal handler derives a credit's id from its idempotency key, so the seed knows it without a query.
      const creditId = eventIdFor(`credit:${creditKey(deal.id, credit.contributorId, credit.kind)}`);
      await ignoreRejection(commands.execute(new DealMessage({ type: 'RetractCredit', dealId: deal.id, creditId, reason: credit.retraction as string }, { actor: owner, correlationId: randomUUID(), idempotencyKey: `seed:retract:${creditId}` })));
    }
  }
  const hr: Actor = { id: 'seed', roles: ['HR'] };
  for (const program of demoPrograms(org.year)) {
    const context = (step: string) => ({ actor: hr, correlationId: randomUUID(), idempotencyKey: `seed:${step}:${program.programId}` });
    await ignoreRejection(commands.execute(new AwardProgramMessage({ type: 'DraftAwardProgram', ...program }, context('draft'))));
    await ignoreRejection(commands.execute(new AwardProgramMessage({ type: 'OpenAwardProgram', programId: program.programId }, context('open'))));
  }
  return summaries;
}

/** A step already taken by an earlier seed (the program is open already) is not an error. */
async function ignoreRejection(step: Promise<unknown>): Promise<void> {
  try {
    await step;
  } catch (error) {
    if (!(error instanceof CommandRejected)) throw error;
  }
}
