import { Global, Module } from '@nestjs/common';
import { MeteredCommands } from '@club-ledger/eligibility';
import { HealthModule } from '../health/health.module';
import { ApiMeteredCommands } from './metered-command-runner';
import { GraphQLMetricsPlugin } from './graphql-metrics.plugin';
import { MetricsController } from './metrics.controller';
import { Metrics } from './metrics';
import { MetricsPort } from './metrics-port';
import { ProjectionGauges } from './projection-gauges';

/** Prometheus metrics on GET /metrics (see MetricsController for who may scrape); global so that the storage module can meter the commands it runs. */
@Global()
@Module({
  imports: [HealthModule],
  providers: [Metrics, ProjectionGauges, GraphQLMetricsPlugin, MetricsPort, { provide: MeteredCommands, useClass: ApiMeteredCommands }],
  controllers: [MetricsController],
  exports: [Metrics, MeteredCommands],
})
export class MetricsModule {}
