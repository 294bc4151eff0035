import { Suspense, useMemo, useRef } from 'react';
import { NavLink, Outlet } from 'react-router-dom';
import { useViewer } from '../auth/use-viewer';
import { hasRole, signOut } from '../auth/session';
import { closeSubscriptions } from '../api/graphql';
import { useQuery } from '../api/use-query';
import { displayName, ProfileContext, type Profile } from './profile';
import { useFocusHeadingOnNavigate, useTitleFromHeading } from './page';
import { Loading } from './status';
import { NotificationBell } from './NotificationBell';

const ME = /* GraphQL */ `
  query Me {
    me {
      id
      name
      deals(first: 1) {
        totalCount
      }
    }
  }
`;

interface MeAnswer {
  me: { id: string; name: string; deals: { totalCount: number } } | null;
}

/** The frame of every signed-in page: a skip link, the navigation to the pages that serve the viewer, and the page. */
export function Layout() {
  const viewer = useViewer();
  const me = useQuery<MeAnswer>(ME, {}, { skip: !viewer });
  const main = useRef<HTMLElement>(null);
  useFocusHeadingOnNavigate(main);
  useTitleFromHeading(main);
  const profile = useMemo<Profile>(() => {
    const person = me.data?.me;
    return {
      loaded: me.data !== undefined || me.error !== undefined,
      name: person?.name ?? null,
      inDirectory: !!person,
      ownsDeals: (person?.deals.totalCount ?? 0) > 0,
      leads: hasRole(viewer, 'HR', 'EXECUTIVE', 'ADMIN'),
    };
  }, [me.data, me.error, viewer]);
  return (
    <ProfileContext.Provider value={profile}>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="top-bar">
        <span className="brand">Club Ledger</span>
        <nav aria-label="Main">
          {profile.ownsDeals && <NavLink to="/deals">My deals</NavLink>}
          {profile.inDirectory && <NavLink to="/recognition">My recognition</NavLink>}
          {profile.inDirectory && <NavLink to="/claims">Claims</NavLink>}
          {profile.inDirectory && <NavLink to="/team">My team</NavLink>}
          {(profile.inDirectory || hasRole(viewer, 'HR', 'ADMIN')) && <NavLink to="/disputes">Disputes</NavLink>}
          {profile.leads && <NavLink to="/programs">Programs</NavLink>}
        </nav>
        <span className="viewer">
          {viewer && <NotificationBell />}
          <span>
            <span className="visually-hidden">Signed in as </span>
            {profile.loaded ? displayName(profile, viewer) : ''}
          </span>
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
      <main id="main" tabIndex={-1} ref={main}>
        <Suspense fallback={<Loading />}>
          <Outlet />
        </Suspense>
      </main>
    </ProfileContext.Provider>
  );
}
