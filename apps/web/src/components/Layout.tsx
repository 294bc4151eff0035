import { NavLink, Outlet } from 'react-router-dom';
import { useViewer } from '../auth/use-viewer';
import { hasRole, signOut } from '../auth/session';
import { closeSubscriptions } from '../api/graphql';
import { useQuery } from '../api/use-query';

const ME = /* GraphQL */ `
  query Me {
    me {
      name
    }
  }
`;

/** The frame of every signed-in page: a skip link, the navigation the viewer's roles allow, and the page. */
export function Layout() {
  const viewer = useViewer();
  const leads = hasRole(viewer, 'HR', 'EXECUTIVE', 'ADMIN');
  // A service or role account (hr-demo) is in no directory: its id stands in for a name.
  const me = useQuery<{ me: { name: string } | null }>(ME, {}, { skip: !viewer });
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="top-bar">
        <span className="brand">Club Ledger</span>
        <nav aria-label="Main">
          <NavLink to="/recognition">My recognition</NavLink>
          <NavLink to="/deals">My deals</NavLink>
          <NavLink to="/claims">Claims</NavLink>
          <NavLink to="/team">My team</NavLink>
          <NavLink to="/disputes">Disputes</NavLink>
          {leads && <NavLink to="/programs">Programs</NavLink>}
        </nav>
        <span className="viewer">
          <span>
            <span className="visually-hidden">Signed in as </span>
            {me.data?.me?.name ?? viewer?.id}
          </span>
          {viewer && viewer.roles.length > 0 && <span className="roles"> · {viewer.roles.join(', ')}</span>}
          <button
            type="button"
            className="link"
            onClick={() => {
              closeSubscriptions();
              signOut();
            }}
          >
            Sign out
          </button>
        </span>
      </header>
      <main id="main" tabIndex={-1}>
        <Outlet />
      </main>
    </>
  );
}
