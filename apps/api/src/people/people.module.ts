import { Module } from '@nestjs/common';
import { Directory, peopleHandlers } from '@club-ledger/domain';
import { DirectoryQueries } from './directory.queries';
import { PeopleResolver } from './people.resolver';

@Module({
  providers: [DirectoryQueries, { provide: Directory, useExisting: DirectoryQueries }, ...peopleHandlers, PeopleResolver],
  exports: [DirectoryQueries],
})
export class PeopleModule {}
