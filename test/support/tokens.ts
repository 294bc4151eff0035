import { SignJWT } from 'jose';

export const TEST_JWT_SECRET = 'club-ledger-test-secret-0123456789abcdef';

/** An HS256 bearer token for `sub` with `roles`, as the development secret signs them. */
export function tokenFor(sub: string, roles: string[] = [], secret = TEST_JWT_SECRET): Promise<string> {
  return new SignJWT({ roles })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(sub)
    .setIssuedAt()
    .setExpirationTime('1h')
    .sign(new TextEncoder().encode(secret));
}
