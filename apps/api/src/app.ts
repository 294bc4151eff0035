import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import type { AppConfig, Clock } from '@club-ledger/kernel';
import { refuseUnreadableBodies } from './limits/body-limit';

/**
 * Builds the API for a configuration; `main.ts` listens on it, tests start it on a random port (silent, `logger: false`),
 * some with a clock of their own.
 */
export async function createApp(config: AppConfig, options: { logger?: false; clock?: Clock } = {}): Promise<INestApplication> {
  const logs = options.logger !== false;
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forConfig(config, { logs, clock: options.clock }), {
    // Until the JSON logger is in place, Nest holds its start-up lines rather than printing them in its own format.
    ...(logs ? { bufferLogs: true } : { logger: false }),
    abortOnError: false,
    // Only JSON bodies, with a limit: GraphQL is all the API reads from a body.
    bodyParser: false,
  });
  if (logs) app.useLogger(app.get(Logger));
  app.useBodyParser('json', { limit: config.limits.bodyBytes });
  app.use(refuseUnreadableBodies(config.limits.bodyBytes));
  app.enableShutdownHooks();
  return app;
}
