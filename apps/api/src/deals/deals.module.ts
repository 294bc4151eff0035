import { Module } from '@nestjs/common';
import { SetQuotaHandler, dealHandlers } from '@club-ledger/domain';
import { PeopleModule } from '../people/people.module';
import { CreditsResolver, EmployeeCreditsResolver } from './credits.resolver';
import { DealQueries } from '@club-ledger/eligibility';
import { DealsResolver } from './deals.resolver';

@Module({
  imports: [PeopleModule],
  providers: [DealQueries, ...dealHandlers, SetQuotaHandler, DealsResolver, CreditsResolver, EmployeeCreditsResolver],
  exports: [DealQueries],
})
export class DealsModule {}
