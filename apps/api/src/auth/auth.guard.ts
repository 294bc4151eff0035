import { Inject, Injectable, SetMetadata, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlExecutionContext } from '@nestjs/graphql';
import type { Actor } from '@club-ledger/domain';
import { InvalidTokenError, type TokenVerifier } from './token-verifier';
import { refusal } from '../graphql/refusal';

export const TOKEN_VERIFIER = Symbol('TokenVerifier');
const PUBLIC = 'club-ledger:public';

/** Marks an operation anyone may call without a token (health only). */
export const Public = () => SetMetadata(PUBLIC, true);

export interface RequestWithActor {
  headers: Record<string, string | string[] | undefined>;
  actor?: Actor;
}

/** Every GraphQL operation needs a verified bearer token unless it is marked @Public(). */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(TOKEN_VERIFIER) private readonly verify: TokenVerifier,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType<string>() !== 'graphql') return true;
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC, [context.getHandler(), context.getClass()])) return true;
    const request = GqlExecutionContext.create(context).getContext<{ req: RequestWithActor }>().req;
    request.actor ??= await actorOf(request, this.verify);
    return true;
  }
}

/** The caller a request's bearer token names, verified; UNAUTHENTICATED without a valid one. */
export async function actorOf(request: RequestWithActor, verify: TokenVerifier): Promise<Actor> {
  const header = request.headers.authorization;
  const match = typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  if (!match) throw unauthenticated('Sign in: send Authorization: Bearer <token>');
  try {
    return await verify(match[1]);
  } catch (error) {
    if (error instanceof InvalidTokenError) throw unauthenticated(error.message);
    throw error;
  }
}

const unauthenticated = (message: string) => refusal(message, { code: 'UNAUTHENTICATED' });
