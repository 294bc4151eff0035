import { Inject, Logger, Module, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { ClaimEscalation, ClaimHandler, CreditLocator, DisputeHandler, scheduleEscalation } from '@club-ledger/domain';
import { ClaimQueries, SQL_CLIENT, claimsDue } from '@club-ledger/eligibility';
import { APP_CONFIG, Clock, type AppConfig, type SqlClient } from '@club-ledger/kernel';
import { DealsModule } from '../deals/deals.module';
import { PeopleModule } from '../people/people.module';
import { ProgramsModule } from '../programs/programs.module';
import { ClaimsResolver } from './claims.resolver';
import { DisputesResolver } from './disputes.resolver';
import { TeamResolver } from './team.resolver';

/** How often the escalation pass looks for claims unanswered too long; escalation is counted in days. */
const ESCALATION_INTERVAL_MS = 60_000;
/** Claims escalated per pass at most; the next pass takes the rest. */
const ESCALATIONS_PER_PASS = 100;

/** Runs the escalation pass where the projector runs (in this process unless PROJECTOR=off). */
class EscalationSchedule implements OnApplicationBootstrap, OnApplicationShutdown {
  private schedule?: { stop(): Promise<void> };
  private readonly log = new Logger('ClaimEscalation');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(ClaimEscalation) private readonly escalation: ClaimEscalation,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.projector) this.schedule = scheduleEscalation(this.escalation, ESCALATION_INTERVAL_MS, (error) => this.log.warn(`Claim escalation pass failed; tried again at the next: ${String(error)}`));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.schedule?.stop();
  }
}

@Module({
  imports: [PeopleModule, DealsModule, ProgramsModule],
  providers: [
    ClaimQueries,
    { provide: CreditLocator, useExisting: ClaimQueries },
    ClaimHandler,
    DisputeHandler,
    ClaimsResolver,
    DisputesResolver,
    TeamResolver,
    {
      provide: ClaimEscalation,
      inject: [ClaimHandler, DisputeHandler, SQL_CLIENT, Clock, APP_CONFIG],
      useFactory: (claims: ClaimHandler, disputes: DisputeHandler, sql: SqlClient, clock: Clock, config: AppConfig) =>
        new ClaimEscalation(claims, disputes, claimsDue(sql, ESCALATIONS_PER_PASS), () => clock.now(), config.claimEscalationDays),
    },
    EscalationSchedule,
  ],
})
export class ClaimsModule {}
