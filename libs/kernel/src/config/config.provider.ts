import { Global, Module, type DynamicModule } from '@nestjs/common';
import { Clock, systemClock } from '../clock';
import type { AppConfig } from './config';

export const APP_CONFIG = Symbol('AppConfig');

/** The configuration, read once at start-up, and the clock (pinned in tests), injected wherever they are needed. */
@Global()
@Module({})
export class ConfigModule {
  static forRoot(config: AppConfig, clock: Clock = systemClock): DynamicModule {
    return {
      module: ConfigModule,
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: Clock, useValue: clock },
      ],
      exports: [APP_CONFIG, Clock],
    };
  }
}
