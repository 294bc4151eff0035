import { Global, Module } from '@nestjs/common';
import { HealthModule } from '../health/health.module';
import { GraphQLMetricsPlugin } from './graphql-metrics.plugin';
import { MetricsController } from './metrics.controller';
import { Metrics } from './metrics';
import { ProjectionGauges } from './projection-gauges';

/** Prometheus metrics on GET /metrics; global so that the storage module can meter the commands it runs. */
@Global()
@Module({
  imports: [HealthModule],
  providers: [Metrics, ProjectionGauges, GraphQLMetricsPlugin],
  controllers: [MetricsController],
  exports: [Metrics],
})
export class MetricsModule {}
