import { Module } from '@nestjs/common';
import { DealsModule } from '../deals/deals.module';
import { PeopleModule } from '../people/people.module';
import { AuditEntryResolver } from './audit-entry.resolver';
import { NameBook } from './names';

/** Sentences with people's names: audit trails and the causes of a change of standing. */
@Module({
  imports: [PeopleModule, DealsModule],
  providers: [NameBook, AuditEntryResolver],
  exports: [NameBook],
})
export class ExplainModule {}
