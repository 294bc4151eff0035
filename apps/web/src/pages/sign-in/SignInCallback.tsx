import { useEffect, useState } from 'react';
import { Navigate } from 'react-router-dom';
import { identityProvider, signIn, signInOptions } from '../../auth/session';
import { ErrorMessage, Loading } from '../../components/status';

/** Where the identity provider sends the browser back: exchange the code (PKCE) for tokens, then go on. */
export function SignInCallback() {
  const [done, setDone] = useState(false);
  const [error, setError] = useState<Error>();
  useEffect(() => {
    (async () => {
      const { oidc } = await signInOptions();
      if (!oidc) throw new Error('This server has no identity provider configured.');
      const user = await identityProvider(oidc).signinRedirectCallback();
      signIn(user.access_token);
      setDone(true);
    })().catch((caught: unknown) => setError(caught instanceof Error ? caught : new Error(String(caught))));
  }, []);
  if (done) return <Navigate to={sessionStorage.getItem('club-ledger.return-to') ?? '/'} replace />;
  return <main id="main">{error ? <ErrorMessage error={error} /> : <Loading label="Signing you in…" />}</main>;
}
