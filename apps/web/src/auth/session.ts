import { UserManager } from 'oidc-client-ts';

/** How this server lets people sign in: its identity provider (OIDC), development tokens, or both. */
export interface SignInOptions {
  devSignIn: boolean;
  oidc: { authority: string; clientId: string; scope: string } | null;
}

export interface Viewer {
  id: string;
  roles: string[];
}

const TOKEN_KEY = 'club-ledger.token';
const listeners = new Set<() => void>();

export const currentToken = (): string | null => sessionStorage.getItem(TOKEN_KEY);

/** Who the token says the caller is; the server verifies it, the page only uses it to choose what to show. */
export function currentViewer(): Viewer | null {
  const token = currentToken();
  if (!token) return null;
  try {
    const payload = JSON.parse(atob(token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/'))) as { sub?: string; roles?: unknown; exp?: number };
    if (!payload.sub || (payload.exp !== undefined && payload.exp * 1000 < Date.now())) return null;
    return { id: payload.sub, roles: Array.isArray(payload.roles) ? payload.roles.filter((role): role is string => typeof role === 'string') : [] };
  } catch {
    return null;
  }
}

export const hasRole = (viewer: Viewer | null, ...roles: string[]) => !!viewer && viewer.roles.some((role) => roles.includes(role));

export function signIn(token: string): void {
  sessionStorage.setItem(TOKEN_KEY, token);
  listeners.forEach((listener) => listener());
}

export function signOut(): void {
  sessionStorage.removeItem(TOKEN_KEY);
  listeners.forEach((listener) => listener());
}

export function onSessionChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export async function signInOptions(): Promise<SignInOptions> {
  const response = await fetch('/auth/config');
  if (!response.ok) throw new Error(`Sign-in options unavailable (${response.status})`);
  return (await response.json()) as SignInOptions;
}

/** Authorization code flow with PKCE (oidc-client-ts's default for a public client). */
export function identityProvider(oidc: NonNullable<SignInOptions['oidc']>): UserManager {
  return new UserManager({
    authority: oidc.authority,
    client_id: oidc.clientId,
    scope: oidc.scope,
    response_type: 'code',
    redirect_uri: `${location.origin}/signin-callback`,
    post_logout_redirect_uri: location.origin,
  });
}
