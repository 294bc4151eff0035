import { BadRequestException, Body, Controller, Get, HttpCode, Inject, Post, Query } from '@nestjs/common';
import { APP_CONFIG, mintDevToken, type AppConfig } from '@club-ledger/kernel';
import { DirectoryQueries } from '@club-ledger/eligibility';
import { accountOf, roleAccountsMatching, tokenRequestOf, type DevAccount } from './dev-accounts';

/** Employees the "sign in as" list shows at most: enough to pick from, few enough to read; the search narrows it. */
const PEOPLE_LISTED = 24;

/**
 * "Sign in as anyone" for development and demos. SignInModule registers it only when `devSignIn` holds (the HS256
 * secret, outside production), so everywhere else these routes do not exist and answer 404.
 */
@Controller('auth/dev')
export class DevSignInController {
  private readonly secret: string;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly directory: DirectoryQueries,
  ) {
    if (!config.devSignIn || config.auth.kind !== 'secret') throw new Error('Development sign-in needs AUTH_JWT_SECRET, outside production');
    this.secret = config.auth.secret;
  }

  @Get('accounts')
  async accounts(@Query('search') search: unknown): Promise<DevAccount[]> {
    if (search !== undefined && typeof search !== 'string') throw new BadRequestException('search must be one text');
    const text = (search ?? '').trim();
    const people = await this.directory.activeByName(text, PEOPLE_LISTED);
    return [...roleAccountsMatching(text), ...people.map(accountOf)];
  }

  @Post('token')
  @HttpCode(200)
  async token(@Body() body: unknown): Promise<{ token: string }> {
    const request = tokenRequestOf(body);
    if ('refusal' in request) throw new BadRequestException(request.refusal);
    return { token: await mintDevToken(this.secret, request.sub, request.roles) };
  }
}
