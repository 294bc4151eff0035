import { createHash, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT, exportJWK, generateKeyPair, type KeyLike } from 'jose';

/** A code the provider handed out at /authorize, waiting to be exchanged at /token with its PKCE verifier. */
interface PendingCode {
  clientId: string;
  redirectUri: string;
  challenge: string;
  nonce: string | null;
}

export interface FakeIdentityProvider {
  issuer: string;
  jwksUrl: string;
  audience: string;
  /** An access token for `sub` with `roles`, as the provider would issue it. */
  accessToken(sub: string, roles?: string[]): Promise<string>;
  /** How many codes were exchanged with a verifier that matched their challenge. */
  exchanges(): number;
  stop(): Promise<void>;
}

/**
 * An OpenID Connect provider small enough for a test: discovery, an authorization endpoint that signs `subject`
 * in at once, a token endpoint that insists on PKCE (S256), and its keys. Only on loopback.
 */
export async function startFakeIdentityProvider(subject: string, roles: string[] = []): Promise<FakeIdentityProvider> {
  const { publicKey, privateKey } = await generateKeyPair('RS256');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'fake-idp', alg: 'RS256', use: 'sig' };
  const pending = new Map<string, PendingCode>();
  const audience = 'club-ledger-api';
  let exchanged = 0;
  let issuer = '';

  const sign = (claims: Record<string, unknown>, sub: string, aud: string, key: KeyLike = privateKey) =>
    new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: 'fake-idp' }).setIssuer(issuer).setSubject(sub).setAudience(aud).setIssuedAt().setExpirationTime('1h').sign(key);

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => json(response, 500, { error: String(error) }));
  });

  async function handle(request: IncomingMessage, response: ServerResponse) {
    const url = new URL(request.url ?? '/', issuer);
    if (url.pathname === '/.well-known/openid-configuration') {
      return json(response, 200, {
        issuer,
        authorization_endpoint: `${issuer}/authorize`,
        token_endpoint: `${issuer}/token`,
        jwks_uri: `${issuer}/jwks`,
        response_types_supported: ['code'],
        subject_types_supported: ['public'],
        id_token_signing_alg_values_supported: ['RS256'],
        code_challenge_methods_supported: ['S256'],
      });
    }
    if (url.pathname === '/jwks') return json(response, 200, { keys: [jwk] });
    if (url.pathname === '/authorize') {
      const query = url.searchParams;
      if (query.get('response_type') !== 'code' || query.get('code_challenge_method') !== 'S256' || !query.get('code_challenge')) {
        return json(response, 400, { error: 'invalid_request', error_description: 'authorization code with PKCE (S256) only' });
      }
      const code = randomUUID();
      const redirectUri = query.get('redirect_uri') ?? '';
      pending.set(code, { clientId: query.get('client_id') ?? '', redirectUri, challenge: query.get('code_challenge') ?? '', nonce: query.get('nonce') });
      const back = new URL(redirectUri);
      back.searchParams.set('code', code);
      back.searchParams.set('state', query.get('state') ?? '');
      response.writeHead(302, { location: back.toString() });
      return response.end();
    }
    if (url.pathname === '/token' && request.method === 'POST') {
      const form = new URLSearchParams(await bodyOf(request));
      const grant = pending.get(form.get('code') ?? '');
      pending.delete(form.get('code') ?? '');
      const verifier = form.get('code_verifier') ?? '';
      const challenge = createHash('sha256').update(verifier).digest('base64url');
      if (!grant || grant.challenge !== challenge || grant.redirectUri !== form.get('redirect_uri') || grant.clientId !== form.get('client_id')) {
        return json(response, 400, { error: 'invalid_grant' });
      }
      exchanged += 1;
      return json(response, 200, {
        access_token: await sign({ roles }, subject, audience),
        id_token: await sign(grant.nonce ? { nonce: grant.nonce } : {}, subject, grant.clientId),
        token_type: 'Bearer',
        expires_in: 3600,
        scope: 'openid profile email',
      });
    }
    if (request.method === 'OPTIONS') return json(response, 204, null);
    return json(response, 404, { error: 'not_found' });
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    issuer,
    jwksUrl: `${issuer}/jwks`,
    audience,
    accessToken: (sub, tokenRoles = []) => sign({ roles: tokenRoles }, sub, audience),
    exchanges: () => exchanged,
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** The browser app lives on another origin: every answer allows it to read. */
function json(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, {
    'content-type': 'application/json',
    'access-control-allow-origin': '*',
    'access-control-allow-headers': 'content-type, authorization',
  });
  response.end(body === null ? undefined : JSON.stringify(body));
}

function bodyOf(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (text += chunk));
    request.on('end', () => resolve(text));
    request.on('error', reject);
  });
}
