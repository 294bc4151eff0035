import { Module } from '@nestjs/common';
import { WinnerRanking, programHandlers } from '@club-ledger/domain';
import { DealsModule } from '../deals/deals.module';
import { ExplainModule } from '../explain/explain.module';
import { PeopleModule } from '../people/people.module';
import { EngineWinnerRanking, ProgramQueries, StandingsService } from '@club-ledger/eligibility';
import { ProgramsResolver } from './programs.resolver';
import { StandingChangedResolver, StandingResolver, ProgramStandingsResolver } from './standings.resolver';
import { ChangeCauseResolver, StandingChangeResolver, StandingChangesResolver } from './standing-changes.resolver';

@Module({
  imports: [PeopleModule, DealsModule, ExplainModule],
  providers: [
    ProgramQueries,
    StandingsService,
    EngineWinnerRanking,
    { provide: WinnerRanking, useExisting: EngineWinnerRanking },
    ...programHandlers,
    ProgramsResolver,
    ProgramStandingsResolver,
    StandingResolver,
    StandingChangedResolver,
    StandingChangesResolver,
    StandingChangeResolver,
    ChangeCauseResolver,
  ],
  exports: [ProgramQueries, StandingsService],
})
export class ProgramsModule {}
