import { Inject, Injectable } from '@nestjs/common';
import { Projector } from '@club-ledger/eligibility';
import { APP_CONFIG } from '../config/config.provider';
import type { AppConfig } from '../config/config';
import { describeStorage } from '../storage/storage';
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
