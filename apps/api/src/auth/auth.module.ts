import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { APP_CONFIG, type AppConfig } from '@club-ledger/kernel';
import { AuthGuard, TOKEN_VERIFIER } from './auth.guard';
import { tokenVerifier } from './token-verifier';

@Module({
  providers: [
    { provide: TOKEN_VERIFIER, inject: [APP_CONFIG], useFactory: (config: AppConfig) => tokenVerifier(config.auth) },
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  exports: [TOKEN_VERIFIER],
})
export class AuthModule {}
