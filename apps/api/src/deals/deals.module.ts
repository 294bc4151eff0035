import { Module } from '@nestjs/common';
import { dealHandlers, quotaHandlers } from '@club-ledger/domain';
import { PeopleModule } from '../people/people.module';
import { CreditsResolver, EmployeeCreditsResolver } from './credits.resolver';
import { DealQueries } from '@club-ledger/eligibility';
import { DealsResolver } from './deals.resolver';

@Module({
  imports: [PeopleModule],
  providers: [DealQueries, ...dealHandlers, ...quotaHandlers, DealsResolver, CreditsResolver, EmployeeCreditsResolver],
  exports: [DealQueries],
})
export class DealsModule {}
