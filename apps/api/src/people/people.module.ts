import { Module } from '@nestjs/common';
import { Directory, peopleHandlers } from '@club-ledger/domain';
import { DirectoryQueries } from '@club-ledger/eligibility';
import { PeopleResolver } from './people.resolver';

@Module({
  providers: [DirectoryQueries, { provide: Directory, useExisting: DirectoryQueries }, ...peopleHandlers, PeopleResolver],
  exports: [DirectoryQueries],
})
export class PeopleModule {}
