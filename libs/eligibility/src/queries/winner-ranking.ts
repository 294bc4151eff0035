import { Inject, Injectable } from '@nestjs/common';
import { WinnerRanking, type CriteriaRules, type Winner } from '@club-ledger/domain';
import { EVENT_STORE, type EventStore } from '@club-ledger/event-store';
import { Clock } from '@club-ledger/kernel';
import { Projector } from '../projector';
import { ProgramQueries } from './program.queries';
import { StandingsService } from './standings.service';

/** How long finalizing waits for the read models to hold every fact recorded so far. */
const CATCH_UP_MS = 10_000;

/** Ranks winners with the criteria engine, as standings are read, once the read models hold the whole ledger. */
@Injectable()
export class EngineWinnerRanking extends WinnerRanking {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly projector: Projector,
    private readonly programs: ProgramQueries,
    private readonly standings: StandingsService,
    private readonly clock: Clock,
  ) {
    super();
  }

  async winners(programId: string, criteria: CriteriaRules, criteriaVersion: number): Promise<Winner[]> {
    await this.projector.waitUntilPassed(await this.store.headPosition(), CATCH_UP_MS);
    const program = await this.programs.program(programId);
    if (!program) return [];
    const inForce = { ...criteria, version: criteriaVersion, reason: null, revisedAt: this.clock.now().toISOString() };
    return (await this.standings.standings(program, {}, { proposed: inForce, withEvidence: false }))
      .filter((standing) => standing.qualifies)
      .map(({ employeeId, rank, score }) => ({ employeeId, rank: rank as number, score }));
  }
}
