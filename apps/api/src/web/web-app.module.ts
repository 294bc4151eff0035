import { Inject, Logger, Module, type DynamicModule, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { ExpressAdapter } from '@nestjs/platform-express';
import { join } from 'node:path';
import compression from 'compression';
import { ASSETS_MAX_AGE, ASSETS_PREFIX, webAppFallback } from './web-app';

const WEB_DIR = Symbol('WebDir');

/**
 * Serves the built web app at /. It mounts while modules initialise, after Nest has registered its routes and
 * before its 404 handler (NestApplication.init), so the API's own routes always come first.
 */
@Module({})
export class WebAppModule implements OnModuleInit {
  constructor(
    private readonly host: HttpAdapterHost,
    @Inject(WEB_DIR) private readonly webDir: string,
  ) {}

  static forWebDir(webDir: string): DynamicModule {
    return { module: WebAppModule, providers: [{ provide: WEB_DIR, useValue: webDir }] };
  }

  onModuleInit(): void {
    const adapter = this.host.httpAdapter as ExpressAdapter;
    // Scripts and styles are text that shrinks several-fold: a phone's first visit waits mostly on bytes. Mounted here,
    // after the API's routes, it compresses the app's files only.
    adapter.use(compression());
    // An unknown asset falls through to the 404 rather than to index.html: a stale page asking for an old chunk
    // must fail visibly, not parse HTML as JavaScript.
    adapter.useStaticAssets(join(this.webDir, 'assets'), {
      prefix: ASSETS_PREFIX,
      immutable: true,
      maxAge: ASSETS_MAX_AGE,
      index: false,
      redirect: false,
      fallthrough: true,
    });
    adapter.use(webAppFallback(this.webDir));
    new Logger('WebApp').log({ msg: 'Serving the web app at /', webDir: this.webDir });
  }
}
