import { SignJWT } from 'jose';

/** A development bearer token (HS256 with AUTH_JWT_SECRET): for the demo, never for an identity provider's users. */
export function mintDevToken(secret: string, sub: string, roles: readonly string[], expires = '8h'): Promise<string> {
  return new SignJWT({ roles: [...roles] })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(sub)
    .setIssuedAt()
    .setExpirationTime(expires)
    .sign(new TextEncoder().encode(secret));
}
