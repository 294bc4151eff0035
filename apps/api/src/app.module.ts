import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { Module, type DynamicModule } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { GraphQLModule } from '@nestjs/graphql';
import { LoggerModule } from 'nestjs-pino';
import type { Clock } from '@club-ledger/kernel';
import { AuthModule } from './auth/auth.module';
import { SignInModule } from './auth/sign-in.module';
import { type AppConfig, ConfigModule } from '@club-ledger/kernel';
import { ClaimsModule } from './claims/claims.module';
import { graphqlOptions } from './graphql/graphql-options';
import { HealthModule } from './health/health.module';
import { LimitsModule } from './limits/limits.module';
import { requestLogging } from './logging/request-logging';
import { MetricsModule } from './metrics/metrics.module';
import { DealsModule } from './deals/deals.module';
import { ExportsModule } from './exports/exports.module';
import { NotificationsModule } from './notifications/notifications.module';
import { PeopleModule } from './people/people.module';
import { ProgramsModule } from './programs/programs.module';
import { StorageModule } from '@club-ledger/eligibility';
import { WebAppModule } from './web/web-app.module';
import { hasWebBuild } from './web/web-app';

@Module({})
export class AppModule {
  /** `logs: false` builds a silent app (tests); requests still get their correlation ids. */
  static forConfig(config: AppConfig, { logs = true, clock }: { logs?: boolean; clock?: Clock } = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config, clock),
        LoggerModule.forRoot(requestLogging(logs ? config.logLevel : 'silent')),
        StorageModule.forRoot(),
        CqrsModule.forRoot(),
        AuthModule,
        LimitsModule.forRoot(config.limits),
        GraphQLModule.forRoot<ApolloDriverConfig>({ driver: ApolloDriver, ...graphqlOptions(config) }),
        HealthModule,
        MetricsModule,
        PeopleModule,
        DealsModule,
        ProgramsModule,
        ExportsModule,
        ClaimsModule,
        NotificationsModule,
        SignInModule.forConfig(config),
        // Only a build present at start-up is served; without one, / is the API's 404 as before.
        ...(hasWebBuild(config.webDir) ? [WebAppModule.forWebDir(config.webDir)] : []),
      ],
    };
  }
}
