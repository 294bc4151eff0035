import type { Actor, CommandContext } from '@club-ledger/domain';
import type { RequestWithActor } from '../auth/auth.guard';
import { correlationIdOf } from '../logging/correlation-id';

export interface GraphQLContext {
  req: RequestWithActor;
  /** A subscription's context lives as long as the subscription: nothing is cached on it. */
  subscription?: true;
}

/**
 * The context of an operation: the HTTP request of a query or mutation, or, for a subscription over
 * graphql-ws, the connection's `Authorization` parameter standing in for the header.
 */
export function graphqlContext(input: { req?: RequestWithActor; connectionParams?: Record<string, unknown> }): GraphQLContext {
  if (input.req) return { req: input.req };
  const authorization = input.connectionParams?.Authorization ?? input.connectionParams?.authorization;
  return { req: { headers: { authorization: typeof authorization === 'string' ? authorization : undefined } }, subscription: true };
}

const perRequest = new WeakMap<object, Map<string, unknown>>();

/** One instance per request and key (DataLoaders: batched and cached for one request only). */
export function perRequestOf<T>(context: GraphQLContext, key: string, create: () => T): T {
  if (context.subscription) return create();
  const cache = perRequest.get(context.req) ?? new Map<string, unknown>();
  perRequest.set(context.req, cache);
  if (!cache.has(key)) cache.set(key, create());
  return cache.get(key) as T;
}

/** The command context of a mutation: who, and the request's correlation id (as logged) carried into every event's metadata. */
export function commandContext(context: GraphQLContext, actor: Actor, idempotencyKey?: string | null): CommandContext {
  return { actor, correlationId: correlationIdOf(context.req), ...(idempotencyKey && { idempotencyKey }) };
}
