import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { DealsModule } from '../deals/deals.module';
import { ExplainModule } from '../explain/explain.module';
import { PeopleModule } from '../people/people.module';
import { ProgramsModule } from '../programs/programs.module';
import { ExportRows } from './export-rows';
import { ExportsController } from './exports.controller';

@Module({
  imports: [AuthModule, PeopleModule, DealsModule, ProgramsModule, ExplainModule],
  providers: [ExportRows],
  controllers: [ExportsController],
})
export class ExportsModule {}
