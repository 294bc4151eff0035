import { Injectable, type ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext, type GqlContextType } from '@nestjs/graphql';
import { ThrottlerGuard, type ThrottlerLimitDetail } from '@nestjs/throttler';
import { type GraphQLResolveInfo } from 'graphql';
import type { GraphQLContext } from '../graphql/request-context';
import { refusal } from '../graphql/refusal';

export const MUTATIONS = 'mutations';

/** The Express request behind a GraphQL operation; a subscription's stand-in has neither address nor response. */
interface CallerRequest {
  actor?: { id: string };
  ip?: string;
  res?: Record<string, unknown>;
}

/**
 * Counts every mutation against its caller: the verified token subject (AuthGuard, registered before this guard,
 * has set it), else the client address. Queries are never counted, so a limited caller can still read.
 */
@Injectable()
export class MutationRateLimitGuard extends ThrottlerGuard {
  protected override async shouldSkip(context: ExecutionContext): Promise<boolean> {
    if (context.getType<GqlContextType>() !== 'graphql') return true;
    return GqlExecutionContext.create(context).getInfo<GraphQLResolveInfo>().parentType.name !== 'Mutation';
  }

  protected override getRequestResponse(context: ExecutionContext) {
    const request = GqlExecutionContext.create(context).getContext<GraphQLContext>().req as CallerRequest;
    return { req: request, res: request.res ?? {} };
  }

  protected override async getTracker(request: CallerRequest): Promise<string> {
    return request.actor ? `caller:${request.actor.id}` : `address:${request.ip ?? 'unknown'}`;
  }

  /** One budget per caller across all mutations (the default key would give each mutation its own). */
  protected override generateKey(_context: ExecutionContext, tracker: string, throttler: string): string {
    return `${throttler}:${tracker}`;
  }

  protected override async throwThrottlingException(_context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    throw refusal(
      `Too many changes: at most ${detail.limit} mutations a minute (RATE_LIMIT_MUTATIONS_PER_MINUTE); try again in ${detail.timeToBlockExpire} s`,
      { code: 'RATE_LIMITED', retryAfterSeconds: detail.timeToBlockExpire },
    );
  }
}
