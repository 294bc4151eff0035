import { Inject, Injectable } from '@nestjs/common';
import type { SqlClient } from '@club-ledger/kernel';
import { WinnerRanking, type CriteriaRules, type Winner } from '@club-ledger/domain';
import { EVENT_STORE, type EventStore } from '@club-ledger/event-store';
import { Projector, computeStandings, readProgramFacts } from '@club-ledger/eligibility';
import { SQL_CLIENT } from '../storage/storage.module';

/** How long finalizing waits for the read models to hold every fact recorded so far. */
const CATCH_UP_MS = 10_000;

/** Ranks winners with the criteria engine over the read models, once they have caught up with the whole ledger. */
@Injectable()
export class EngineWinnerRanking extends WinnerRanking {
  constructor(
    @Inject(SQL_CLIENT) private readonly sql: SqlClient,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly projector: Projector,
  ) {
    super();
  }

  async winners(programId: string, criteria: CriteriaRules, criteriaVersion: number): Promise<Winner[]> {
    await this.projector.waitUntilPassed(await this.store.headPosition(), CATCH_UP_MS);
    const facts = await readProgramFacts(this.sql, programId);
    if (!facts) return [];
    return computeStandings(facts, { ...criteria, version: criteriaVersion, reason: null, revisedAt: new Date().toISOString() })
      .filter((standing) => standing.qualifies)
      .sort((a, b) => (a.rank as number) - (b.rank as number))
      .map(({ employeeId, rank, score }) => ({ employeeId, rank: rank as number, score }));
  }
}
