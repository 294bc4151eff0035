import { Controller, Get } from '@nestjs/common';
import { HealthService } from './health.service';
import type { Health } from './health.types';

@Controller('health')
export class HealthController {
  constructor(private readonly service: HealthService) {}

  @Get()
  health(): Health {
    return this.service.health();
  }
}
