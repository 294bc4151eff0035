import { createRemoteJWKSet, jwtVerify, type JWTPayload } from 'jose';
import { ROLES, type Actor } from '@club-ledger/domain';
import type { AuthConfig } from '@club-ledger/kernel';

/** Why a bearer token was refused; surfaced as UNAUTHENTICATED. */
export class InvalidTokenError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'InvalidTokenError';
  }
}

export type TokenVerifier = (token: string) => Promise<Actor>;

/** Verifies a bearer token as configured and turns its claims into the caller: `sub` and known `roles`. */
export function tokenVerifier(auth: AuthConfig): TokenVerifier {
  switch (auth.kind) {
    case 'none':
      return async () => {
        throw new InvalidTokenError('No token is accepted: set AUTH_JWT_SECRET or AUTH_JWKS_URL');
      };
    case 'secret': {
      const key = new TextEncoder().encode(auth.secret);
      return async (token) => actorOf(await verify(() => jwtVerify(token, key, { algorithms: ['HS256'] })));
    }
    case 'jwks': {
      const keys = createRemoteJWKSet(new URL(auth.jwksUrl));
      return async (token) =>
        actorOf(await verify(() => jwtVerify(token, keys, { issuer: auth.issuer, audience: auth.audience })));
    }
    default: {
      const unknown: never = auth;
      throw new Error(`Unknown auth configuration ${JSON.stringify(unknown)}`);
    }
  }
}

async function verify(check: () => Promise<{ payload: JWTPayload }>): Promise<JWTPayload> {
  try {
    return (await check()).payload;
  } catch (error) {
    throw new InvalidTokenError(`The token was refused: ${(error as Error).message}`);
  }
}

function actorOf(payload: JWTPayload): Actor {
  if (typeof payload.sub !== 'string' || payload.sub.length === 0) throw new InvalidTokenError('The token has no subject');
  const claimed = Array.isArray(payload.roles) ? payload.roles : [];
  return { id: payload.sub, roles: ROLES.filter((role) => claimed.includes(role)) };
}
