import { Controller, Get } from '@nestjs/common';
import { HealthCheck, HealthCheckService, type HealthCheckResult } from '@nestjs/terminus';
import { HealthService } from './health.service';
import type { Health } from './health.types';
import { Readiness } from './readiness';

@Controller('health')
export class HealthController {
  constructor(
    private readonly service: HealthService,
    private readonly checks: HealthCheckService,
    private readonly readiness: Readiness,
  ) {}

  @Get()
  health(): Health {
    return this.service.health();
  }

  /** Liveness: the process answers. Nothing outside it is asked, so a database outage never gets the API restarted. */
  @Get('live')
  @HealthCheck()
  live(): Promise<HealthCheckResult> {
    return this.checks.check([]);
  }

  /** Readiness: the stores answer and the projections are close enough to the feed; 503 with the details otherwise. */
  @Get('ready')
  @HealthCheck()
  ready(): Promise<HealthCheckResult> {
    return this.checks.check([() => this.readiness.eventStore(), () => this.readiness.readModels(), () => this.readiness.projections()]);
  }
}
