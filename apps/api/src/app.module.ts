import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { Module, type DynamicModule } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { GraphQLModule } from '@nestjs/graphql';
import { AuthModule } from './auth/auth.module';
import type { AppConfig } from './config/config';
import { ConfigModule } from './config/config.provider';
import { formatError } from './graphql/errors';
import { graphqlContext } from './graphql/request-context';
import { HealthModule } from './health/health.module';
import { DealsModule } from './deals/deals.module';
import { PeopleModule } from './people/people.module';
import { ProgramsModule } from './programs/programs.module';
import { StorageModule } from './storage/storage.module';

@Module({})
export class AppModule {
  static forConfig(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        StorageModule.forRoot(),
        CqrsModule.forRoot(),
        AuthModule,
        GraphQLModule.forRoot<ApolloDriverConfig>({
          driver: ApolloDriver,
          path: '/graphql',
          autoSchemaFile: true,
          sortSchema: true,
          context: graphqlContext,
          subscriptions: { 'graphql-ws': true },
          formatError,
        }),
        HealthModule,
        PeopleModule,
        DealsModule,
        ProgramsModule,
      ],
    };
  }
}
