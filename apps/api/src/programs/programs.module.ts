import { Module } from '@nestjs/common';
import { WinnerRanking, programHandlers } from '@club-ledger/domain';
import { ProgramQueries } from './program.queries';
import { ProgramsResolver } from './programs.resolver';
import { EngineWinnerRanking } from './winner-ranking';

@Module({
  providers: [ProgramQueries, EngineWinnerRanking, { provide: WinnerRanking, useExisting: EngineWinnerRanking }, ...programHandlers, ProgramsResolver],
})
export class ProgramsModule {}
