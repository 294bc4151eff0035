import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module';
import type { AppConfig } from './config/config';

/** Builds the API for a configuration; `main.ts` listens on it, tests start it on a random port. */
export async function createApp(config: AppConfig, options: { logger?: false } = {}): Promise<INestApplication> {
  const app = await NestFactory.create(AppModule.forConfig(config), { logger: options.logger, abortOnError: false });
  app.enableShutdownHooks();
  return app;
}
