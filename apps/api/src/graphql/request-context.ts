import { randomUUID } from 'node:crypto';
import type { Actor, CommandContext } from '@club-ledger/domain';
import type { RequestWithActor } from '../auth/auth.guard';

export interface GraphQLContext {
  req: RequestWithActor;
}

const perRequest = new WeakMap<object, Map<string, unknown>>();

/** One instance per request and key (DataLoaders: batched and cached for one request only). */
export function perRequestOf<T>(context: GraphQLContext, key: string, create: () => T): T {
  const cache = perRequest.get(context.req) ?? new Map<string, unknown>();
  perRequest.set(context.req, cache);
  if (!cache.has(key)) cache.set(key, create());
  return cache.get(key) as T;
}

/** The command context of a mutation: who, and the correlation id carried into every event's metadata. */
export function commandContext(context: GraphQLContext, actor: Actor, idempotencyKey?: string): CommandContext {
  const header = context.req.headers['x-correlation-id'];
  const correlationId = typeof header === 'string' && header.length > 0 && header.length <= 100 ? header : randomUUID();
  return { actor, correlationId, ...(idempotencyKey && { idempotencyKey }) };
}
