import { Module, type DynamicModule } from '@nestjs/common';
import type { AppConfig } from '@club-ledger/kernel';
import { PeopleModule } from '../people/people.module';
import { DevSignInController } from './dev-sign-in.controller';
import { SignInController } from './sign-in.controller';

/** The REST routes of the sign-in page under /auth; the development ones only where `devSignIn` allows them. */
@Module({})
export class SignInModule {
  static forConfig(config: AppConfig): DynamicModule {
    return {
      module: SignInModule,
      imports: config.devSignIn ? [PeopleModule] : [],
      controllers: config.devSignIn ? [SignInController, DevSignInController] : [SignInController],
    };
  }
}
