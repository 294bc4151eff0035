import { timingSafeEqual } from 'node:crypto';
import { Controller, Get, Header, Headers, HttpException, Inject, NotFoundException } from '@nestjs/common';
import { Registry } from 'prom-client';
import { APP_CONFIG, type AppConfig, type MetricsAccess } from '@club-ledger/kernel';
import { Metrics } from './metrics';

/**
 * The Prometheus scrape endpoint on the API's port: behind METRICS_TOKEN when set; open outside production otherwise;
 * absent (404) when METRICS_PORT gives it a port of its own, or in production without a token.
 */
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly metrics: Metrics,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  @Header('Content-Type', Registry.PROMETHEUS_CONTENT_TYPE)
  scrape(@Headers('authorization') authorization: string | undefined): Promise<string> {
    const refusal = scrapeRefusal(this.config.metrics, authorization);
    if (refusal) throw refusal;
    return this.metrics.registry.metrics();
  }
}

/** Why a scrape on the API's port is refused, or undefined when it may read the metrics. */
export function scrapeRefusal(access: MetricsAccess, authorization: string | undefined): HttpException | undefined {
  if (!access.onApiPort) return new NotFoundException();
  if (access.token === null) return undefined;
  const given = Buffer.from(/^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1] ?? '');
  const expected = Buffer.from(access.token);
  const matches = given.length === expected.length && timingSafeEqual(given, expected);
  return matches ? undefined : new HttpException({ message: 'Send Authorization: Bearer <METRICS_TOKEN>', code: 'UNAUTHENTICATED' }, 401);
}
