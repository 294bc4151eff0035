import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { HealthController } from './health.controller';
import { HealthResolver } from './health.resolver';
import { HealthService } from './health.service';
import { ProjectionLag } from './projection-lag';
import { Readiness } from './readiness';

// Terminus would log every failed readiness probe as an error; the request log already records each 503.
@Module({
  imports: [TerminusModule.forRoot({ logger: false })],
  providers: [HealthService, HealthResolver, ProjectionLag, Readiness],
  controllers: [HealthController],
  exports: [ProjectionLag],
})
export class HealthModule {}
