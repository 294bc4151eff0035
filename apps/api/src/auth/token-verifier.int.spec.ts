import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT, exportJWK, generateKeyPair, type KeyLike } from 'jose';
import { InvalidTokenError, tokenVerifier } from './token-verifier';

const secret = 'a-development-secret-of-32-chars!';
const hs256 = (claims: Record<string, unknown>, expiresIn = '1h', key = secret) =>
  new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setIssuedAt().setExpirationTime(expiresIn).sign(new TextEncoder().encode(key));

describe('bearer tokens signed with the HS256 secret', () => {
  const verify = tokenVerifier({ kind: 'secret', secret });

  it('turn into the caller: subject and roles', async () => {
    const token = await hs256({ sub: 'hr-1', roles: ['HR', 'EXECUTIVE'] });
    await expect(verify(token)).resolves.toEqual({ id: 'hr-1', roles: ['HR', 'EXECUTIVE'] });
  });

  it('refuse roles the product does not know, rather than reading the token as an ordinary employee', async () => {
    await expect(verify(await hs256({ sub: 'hr-1', roles: ['HR', 'PIRATE'] }))).rejects.toThrow(/roles must be a list/);
  });

  it('refuse an expired, forged or subject-less token', async () => {
    await expect(verify(await hs256({ sub: 'rep-1' }, '-1m'))).rejects.toBeInstanceOf(InvalidTokenError);
    await expect(verify(await hs256({ sub: 'rep-1' }, '1h', 'another-secret-of-at-least-32-chars'))).rejects.toBeInstanceOf(InvalidTokenError);
    await expect(verify(await hs256({ roles: ['ADMIN'] }))).rejects.toThrow(/no subject/);
    await expect(verify('not.a.token')).rejects.toBeInstanceOf(InvalidTokenError);
  });

  it('refuse every token when no verification is configured', async () => {
    await expect(tokenVerifier({ kind: 'none' })(await hs256({ sub: 'rep-1' }))).rejects.toBeInstanceOf(InvalidTokenError);
  });
});

describe('bearer tokens from an identity provider, verified against its JWKS', () => {
  let server: Server;
  let jwksUrl: string;
  let privateKey: KeyLike;

  beforeAll(async () => {
    const pair = await generateKeyPair('RS256');
    privateKey = pair.privateKey;
    const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'test-key', alg: 'RS256', use: 'sig' };
    server = createServer((_, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  const idpToken = (claims: { iss?: string; aud?: string; sub?: string }) =>
    new SignJWT({ roles: ['ADMIN'] })
      .setProtectedHeader({ alg: 'RS256', kid: 'test-key' })
      .setSubject(claims.sub ?? 'admin-1')
      .setIssuer(claims.iss ?? 'https://idp.example.com')
      .setAudience(claims.aud ?? 'club-ledger')
      .setExpirationTime('5m')
      .sign(privateKey);

  it('accepts a token signed by the provider for this audience', async () => {
    const verify = tokenVerifier({ kind: 'jwks', jwksUrl, issuer: 'https://idp.example.com', audience: 'club-ledger' });
    await expect(verify(await idpToken({}))).resolves.toEqual({ id: 'admin-1', roles: ['ADMIN'] });
  });

  it('refuses a token for another audience or from another issuer', async () => {
    const verify = tokenVerifier({ kind: 'jwks', jwksUrl, issuer: 'https://idp.example.com', audience: 'club-ledger' });
    await expect(verify(await idpToken({ aud: 'payroll' }))).rejects.toBeInstanceOf(InvalidTokenError);
    await expect(verify(await idpToken({ iss: 'https://evil.example.com' }))).rejects.toBeInstanceOf(InvalidTokenError);
  });
});
