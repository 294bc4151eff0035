import { Module, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { Directory, SetQuotaHandler, WinnerRanking, dealHandlers, peopleHandlers, programHandlers } from '@club-ledger/domain';
import { type AppConfig, ConfigModule } from '@club-ledger/kernel';
import { DirectoryQueries, EngineWinnerRanking, ProgramQueries, StandingsService, StorageModule } from '@club-ledger/eligibility';

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
