import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import { EVENT_STORE, type EventStore } from '@club-ledger/event-store';
import { APP_CONFIG, type AppConfig, type SqlClient } from '@club-ledger/kernel';
import { SQL_CLIENT } from '@club-ledger/eligibility';
import { ProjectionLag } from './projection-lag';

/** A probe that hangs is as good as down; orchestrators give up on a probe after a few seconds. */
const PROBE_TIMEOUT_MS = 2_000;

/** The checks of `GET /health/ready`: can this instance answer queries and take commands correctly now? */
@Injectable()
export class Readiness {
  constructor(
    private readonly indicators: HealthIndicatorService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(SQL_CLIENT) private readonly sql: SqlClient,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly lag: ProjectionLag,
  ) {}

  eventStore(): Promise<HealthIndicatorResult> {
    return this.probe('eventStore', async () => ({ head: (await this.store.headPosition()).toString() }));
  }

  readModels(): Promise<HealthIndicatorResult> {
    return this.probe('readModels', async () => {
      await this.sql.query('SELECT 1');
      return {};
    });
  }

  /** Up while every projection is at most READY_MAX_LAG events behind, so queries answer from recent facts. */
  async projections(): Promise<HealthIndicatorResult> {
    const check = this.indicators.check('projections');
    const maxLag = this.config.limits.readyMaxLag;
    try {
      const lags = await within(PROBE_TIMEOUT_MS, this.lag.lags(maxLag + 1));
      const details = Object.fromEntries(
        lags.map(({ name, position, lag }) => [name, { position: position.toString(), lag: lag > maxLag ? `more than ${maxLag}` : lag }]),
      );
      return lags.every(({ lag }) => lag <= maxLag) ? check.up({ maxLag, ...details }) : check.down({ maxLag, ...details });
    } catch (error) {
      return check.down({ message: messageOf(error) });
    }
  }

  private async probe(key: string, work: () => Promise<Record<string, unknown>>): Promise<HealthIndicatorResult> {
    const check = this.indicators.check(key);
    try {
      return check.up(await within(PROBE_TIMEOUT_MS, work()));
    } catch (error) {
      return check.down({ message: messageOf(error) });
    }
  }
}

async function within<T>(ms: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));
