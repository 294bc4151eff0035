import { createRemoteJWKSet, jwtVerify, type JWTPayload } from 'jose';
import { ROLES, type Actor, type Role } from '@club-ledger/domain';
import type { AuthConfig } from '@club-ledger/kernel';

/** Why a bearer token was refused; surfaced as UNAUTHENTICATED. */
export class InvalidTokenError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'InvalidTokenError';
  }
}

export type TokenVerifier = (token: string) => Promise<Actor>;

/** The longest lifetime (`exp` − `iat`) a token may claim unless configured otherwise (AUTH_MAX_TOKEN_LIFETIME). */
export const DEFAULT_MAX_TOKEN_LIFETIME_SECONDS = 24 * 60 * 60;

/**
 * Verifies a bearer token as configured and turns its claims into the caller: `sub` and `roles`. A token must expire
 * (`exp`), within `maxLifetimeSeconds` of its issue (or of now, without `iat`), and its `roles` must be a list of known
 * roles: a token that says more than the product understands is refused rather than read as less.
 */
export function tokenVerifier(auth: AuthConfig, maxLifetimeSeconds = DEFAULT_MAX_TOKEN_LIFETIME_SECONDS): TokenVerifier {
  const actorOf = (payload: JWTPayload) => actorWithin(payload, maxLifetimeSeconds);
  switch (auth.kind) {
    case 'none':
      return async () => {
        throw new InvalidTokenError('No token is accepted: set AUTH_JWT_SECRET or AUTH_JWKS_URL');
      };
    case 'secret': {
      const key = new TextEncoder().encode(auth.secret);
      return async (token) => actorOf(await verify(() => jwtVerify(token, key, { algorithms: ['HS256'], requiredClaims: ['exp'] })));
    }
    case 'jwks': {
      const keys = createRemoteJWKSet(new URL(auth.jwksUrl));
      return async (token) =>
        actorOf(await verify(() => jwtVerify(token, keys, { issuer: auth.issuer, audience: auth.audience, requiredClaims: ['exp'] })));
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

function actorWithin(payload: JWTPayload, maxLifetimeSeconds: number): Actor {
  if (typeof payload.sub !== 'string' || payload.sub.length === 0) throw new InvalidTokenError('The token has no subject');
  const expires = payload.exp as number;
  const issued = payload.iat ?? Math.floor(Date.now() / 1000);
  if (expires - issued > maxLifetimeSeconds) {
    throw new InvalidTokenError(`The token lives longer than ${maxLifetimeSeconds} s (AUTH_MAX_TOKEN_LIFETIME)`);
  }
  const claimed = payload.roles ?? [];
  if (!Array.isArray(claimed) || claimed.some((role) => !ROLES.includes(role as Role))) {
    throw new InvalidTokenError(`The token's roles must be a list of ${ROLES.join(', ')}`);
  }
  return { id: payload.sub, roles: [...new Set(claimed as Role[])] };
}
