import { useEffect, useState, type FormEvent } from 'react';
import { Navigate, useLocation } from 'react-router-dom';
import { identityProvider, signIn, signInOptions, type SignInOptions } from '../../auth/session';
import { useViewer } from '../../auth/use-viewer';
import { ErrorMessage, Loading } from '../../components/status';

interface DevAccount {
  sub: string;
  name: string;
  description: string;
  roles: string[];
}

/** The development "sign in as" list: the server mints the token, and only while it runs with a development secret. */
function DevSignIn() {
  const [search, setSearch] = useState('');
  const [accounts, setAccounts] = useState<DevAccount[]>();
  const [error, setError] = useState<Error>();
  useEffect(() => {
    const controller = new AbortController();
    fetch(`/auth/dev/accounts?search=${encodeURIComponent(search)}`, { signal: controller.signal })
      .then(async (response) => {
        if (!response.ok) throw new Error(`The list of people is unavailable (${response.status})`);
        setAccounts((await response.json()) as DevAccount[]);
        setError(undefined);
      })
      .catch((caught: unknown) => {
        if (!controller.signal.aborted) setError(caught instanceof Error ? caught : new Error(String(caught)));
      });
    return () => controller.abort();
  }, [search]);

  async function choose(account: DevAccount) {
    try {
      const response = await fetch('/auth/dev/token', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ sub: account.sub, roles: account.roles }),
      });
      if (!response.ok) throw new Error(`Sign-in was refused (${response.status})`);
      signIn(((await response.json()) as { token: string }).token);
    } catch (caught) {
      setError(caught instanceof Error ? caught : new Error(String(caught)));
    }
  }

  return (
    <section className="dev-sign-in" aria-labelledby="dev-title">
      <h2 id="dev-title">
        Sign in as <span className="badge warning">Development only</span>
      </h2>
      <p className="hint">This server signs development tokens. It offers this list only outside production.</p>
      <form role="search" onSubmit={(event: FormEvent) => event.preventDefault()}>
        <label htmlFor="dev-search">Find a person</label>
        <input id="dev-search" type="search" value={search} onChange={(event) => setSearch(event.target.value)} placeholder="Name, email or id" />
      </form>
      {error && <ErrorMessage error={error} />}
      {!accounts && !error && <Loading />}
      <ul className="account-list">
        {accounts?.map((account) => (
          <li key={account.sub + account.roles.join()}>
            <button type="button" onClick={() => void choose(account)}>
              <strong>{account.name}</strong>
              <span>{account.description}</span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}

export function SignIn() {
  const viewer = useViewer();
  const location = useLocation();
  const [options, setOptions] = useState<SignInOptions>();
  const [error, setError] = useState<Error>();
  useEffect(() => {
    signInOptions().then(setOptions, (caught: unknown) => setError(caught instanceof Error ? caught : new Error(String(caught))));
  }, []);

  const from = (location.state as { from?: string } | null)?.from ?? '/';
  if (viewer) return <Navigate to={from} replace />;
  return (
    <main id="main" className="sign-in">
      <h1>Club Ledger</h1>
      <p>Credit the colleagues who helped win each deal, and see who qualifies for the year&apos;s awards.</p>
      {error && <ErrorMessage error={error} />}
      {!options && !error && <Loading />}
      {options?.oidc && (
        <button
          type="button"
          className="primary"
          onClick={() => {
            sessionStorage.setItem('club-ledger.return-to', from);
            void identityProvider(options.oidc!).signinRedirect();
          }}
        >
          Sign in with your company account
        </button>
      )}
      {options?.devSignIn && <DevSignIn />}
      {options && !options.oidc && !options.devSignIn && <p role="alert">This server has no sign-in configured.</p>}
    </main>
  );
}
