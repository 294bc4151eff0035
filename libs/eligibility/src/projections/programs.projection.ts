import type { SqlExecutor } from '@club-ledger/kernel';
import type { DecodedEvent } from '@club-ledger/event-store';
import type { AwardProgramEvent } from '@club-ledger/domain';
import type { Projection } from '../projector';

type Projected = AwardProgramEvent & Omit<DecodedEvent, 'type' | 'data'>;

/** Programs, the history of their criteria (each version with its reason and when it took force), and winners. */
export const programsProjection: Projection = {
  name: 'programs',
  handles: ['AwardProgramDrafted', 'CriteriaRevised', 'AwardProgramOpened', 'AwardProgramFinalized'],
  tables: ['award_programs', 'program_criteria'],
  async apply(events: readonly DecodedEvent[], tx: SqlExecutor) {
    for (const event of events as unknown as readonly Projected[]) await applyOne(event, tx);
  },
};

async function applyOne(event: Projected, tx: SqlExecutor): Promise<void> {
  switch (event.type) {
    case 'AwardProgramDrafted': {
      const { programId, name, description, periodStart, periodEnd, audienceDepartments, criteria } = event.data;
      await tx.query(
        `INSERT INTO award_programs (id, name, description, status, period_start, period_end, audience_departments, criteria_version)
         VALUES ($1, $2, $3, 'DRAFT', $4::date, $5::date, $6::jsonb, 1)`,
        [programId, name, description, periodStart, periodEnd, JSON.stringify(audienceDepartments)],
      );
      await insertCriteria(tx, programId, 1, null, criteria, event);
      return;
    }
    case 'CriteriaRevised': {
      const { programId, version, reason, criteria } = event.data;
      await tx.query(`UPDATE award_programs SET criteria_version = $2 WHERE id = $1`, [programId, version]);
      await insertCriteria(tx, programId, version, reason, criteria, event);
      return;
    }
    case 'AwardProgramOpened':
      await tx.query(`UPDATE award_programs SET status = 'OPEN' WHERE id = $1`, [event.data.programId]);
      return;
    case 'AwardProgramFinalized':
      await tx.query(
        `UPDATE award_programs SET status = 'FINALIZED', winners = $2::jsonb, winners_criteria_version = $3, finalized_at = $4::timestamptz
          WHERE id = $1`,
        [event.data.programId, JSON.stringify(event.data.winners), event.data.criteriaVersion, event.recordedAt.toISOString()],
      );
      return;
    default: {
      const unknown: never = event;
      throw new Error(`Unhandled program event ${JSON.stringify(unknown)}`);
    }
  }
}

/** A version is in force from when it was recorded: that is what `knownAt` asks about. */
function insertCriteria(tx: SqlExecutor, programId: string, version: number, reason: string | null, rules: unknown, { recordedAt, position }: Projected) {
  return tx.query(
    `INSERT INTO program_criteria (program_id, version, reason, rules, revised_at, position) VALUES ($1, $2, $3, $4::jsonb, $5::timestamptz, $6::numeric)`,
    [programId, version, reason, JSON.stringify(rules), recordedAt.toISOString(), position.toString()],
  );
}
