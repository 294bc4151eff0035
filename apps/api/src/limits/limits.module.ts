import { Module, type DynamicModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import type { Limits } from '@club-ledger/kernel';
import { AuthModule } from '../auth/auth.module';
import { MUTATIONS, MutationRateLimitGuard } from './mutation-rate-limit.guard';
import { OperationLimitsPlugin } from './operation-limits';

/**
 * What one caller may ask of the API: query depth, cost and work, heavy requests at once, and mutations per minute. Import it after AuthModule:
 * global guards run in the order their modules are imported, and the rate limit counts per verified caller.
 */
@Module({})
export class LimitsModule {
  static forRoot(limits: Limits): DynamicModule {
    return {
      module: LimitsModule,
      imports: [AuthModule, ThrottlerModule.forRoot({ throttlers: [{ name: MUTATIONS, ttl: 60_000, limit: limits.mutationsPerMinute }] })],
      providers: [OperationLimitsPlugin, { provide: APP_GUARD, useClass: MutationRateLimitGuard }],
    };
  }
}
