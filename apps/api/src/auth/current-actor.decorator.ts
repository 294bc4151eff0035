import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import type { Actor } from '@club-ledger/domain';
import type { RequestWithActor } from './auth.guard';

/** The verified caller of a GraphQL operation (set by AuthGuard). */
export const CurrentActor = createParamDecorator((_: unknown, context: ExecutionContext): Actor => {
  const request = GqlExecutionContext.create(context).getContext<{ req: RequestWithActor }>().req;
  if (!request.actor) throw new Error('CurrentActor used on an operation the AuthGuard did not check');
  return request.actor;
});
