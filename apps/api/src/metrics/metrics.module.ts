import { Global, Module } from '@nestjs/common';
import { HealthModule } from '../health/health.module';
import { GraphQLMetricsPlugin } from './graphql-metrics.plugin';
import { MetricsController } from './metrics.controller';
import { Metrics } from './metrics';
import { MetricsPort } from './metrics-port';
import { ProjectionGauges } from './projection-gauges';

/** Prometheus metrics on GET /metrics (see MetricsController for who may scrape); global so that the storage module can meter the commands it runs. */
@Global()
@Module({
  imports: [HealthModule],
  providers: [Metrics, ProjectionGauges, GraphQLMetricsPlugin, MetricsPort],
  controllers: [MetricsController],
  exports: [Metrics],
})
export class MetricsModule {}
