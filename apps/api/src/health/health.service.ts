import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@club-ledger/kernel';
import { describeStorage, Projector } from '@club-ledger/eligibility';
import type { Health } from './health.types';

@Injectable()
export class HealthService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(Projector) private readonly projector: Projector,
  ) {}

  health(): Health {
    return {
      status: 'ok',
      ...describeStorage(this.config),
      projections: this.projector.status().map(({ name, position }) => ({ name, position: position.toString() })),
    };
  }
}
