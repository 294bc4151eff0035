import { Inject, Injectable } from '@nestjs/common';
import { Gauge } from 'prom-client';
import { APP_CONFIG, type AppConfig } from '@club-ledger/kernel';
import { ProjectionLag } from '../health/projection-lag';
import { Metrics } from './metrics';

/**
 * Each projection's position and lag, read when Prometheus scrapes rather than kept up to date. The lag is counted
 * up to READY_MAX_LAG + 1, as readiness counts it: past the limit, that it is over matters more than by how much.
 * When the stores do not answer, the gauges are left empty rather than stale.
 */
@Injectable()
export class ProjectionGauges {
  constructor(metrics: Metrics, lag: ProjectionLag, @Inject(APP_CONFIG) config: AppConfig) {
    const cap = config.limits.readyMaxLag + 1;
    new Gauge({
      name: 'club_ledger_projection_position',
      help: 'Global position of the last event each projection has passed',
      labelNames: ['projection'] as const,
      registers: [metrics.registry],
      async collect() {
        this.reset();
        for (const { name, position } of await lag.positions().catch(() => [])) this.set({ projection: name }, Number(position));
      },
    });
    new Gauge({
      name: 'club_ledger_projection_lag_events',
      help: `Events each projection has yet to pass, counted up to ${cap}`,
      labelNames: ['projection'] as const,
      registers: [metrics.registry],
      async collect() {
        this.reset();
        for (const { name, lag: behind } of await lag.lags(cap).catch(() => [])) this.set({ projection: name }, behind);
      },
    });
  }
}
