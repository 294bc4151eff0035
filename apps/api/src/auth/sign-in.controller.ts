import { Controller, Get, Inject } from '@nestjs/common';
import { APP_CONFIG, type AppConfig, type OidcClient } from '@club-ledger/kernel';

/** What the web app offers on its sign-in page. */
export interface SignInOptions {
  devSignIn: boolean;
  oidc: OidcClient | null;
}

/** Public, like every REST route (the AuthGuard checks GraphQL only): the sign-in page reads it before anyone has a token. */
@Controller('auth')
export class SignInController {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  @Get('config')
  options(): SignInOptions {
    return { devSignIn: this.config.devSignIn, oidc: this.config.oidc };
  }
}
