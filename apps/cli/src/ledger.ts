import { Module, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { Directory, SetQuotaHandler, WinnerRanking, dealHandlers, peopleHandlers, programHandlers } from '@club-ledger/domain';
import type { AppConfig } from '../../api/src/config/config';
import { ConfigModule } from '../../api/src/config/config.provider';
import { DirectoryQueries } from '../../api/src/people/directory.queries';
import { ProgramQueries } from '../../api/src/programs/program.queries';
import { StandingsService } from '../../api/src/programs/standings.service';
import { EngineWinnerRanking } from '../../api/src/programs/winner-ranking';
import { StorageModule } from '../../api/src/storage/storage.module';

/** The write side and its projector, without GraphQL: the same handlers and rules the API runs. */
@Module({
  imports: [StorageModule.forRoot(), CqrsModule.forRoot()],
  providers: [
    DirectoryQueries,
    { provide: Directory, useExisting: DirectoryQueries },
    ProgramQueries,
    StandingsService,
    EngineWinnerRanking,
    { provide: WinnerRanking, useExisting: EngineWinnerRanking },
    ...peopleHandlers,
    ...dealHandlers,
    SetQuotaHandler,
    ...programHandlers,
  ],
})
class LedgerModule {}

@Module({})
class ConfiguredLedger {}

/**
 * Opens the ledger for a command that needs it (the token command does not): on the embedded default this
 * takes the data folder, so it runs only while no API holds it.
 */
export function openLedger(config: AppConfig): Promise<INestApplicationContext> {
  return NestFactory.createApplicationContext(
    { module: ConfiguredLedger, imports: [ConfigModule.forRoot(config), LedgerModule] },
    { logger: ['fatal', 'error'], abortOnError: false },
  );
}
