import type { INestApplication, LogLevel as NestLogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module';
import type { AppConfig, LogLevel } from './config/config';

/** Nest enables levels one by one; each configured level keeps itself and everything more severe. */
const nestLevels: Record<LogLevel, NestLogLevel[]> = {
  fatal: ['fatal'],
  error: ['fatal', 'error'],
  warn: ['fatal', 'error', 'warn'],
  info: ['fatal', 'error', 'warn', 'log'],
  debug: ['fatal', 'error', 'warn', 'log', 'debug'],
  trace: ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'],
};

/** Builds the API for a configuration; `main.ts` listens on it, tests start it on a random port. */
export async function createApp(config: AppConfig, options: { logger?: false } = {}): Promise<INestApplication> {
  const logger = options.logger ?? nestLevels[config.logLevel];
  const app = await NestFactory.create(AppModule.forConfig(config), { logger, abortOnError: false });
  app.enableShutdownHooks();
  return app;
}
