import { createContext, useContext } from 'react';
import { hasRole, type Viewer } from '../auth/session';

/** Who is signed in, as the pages need it: their directory name, and which pages can serve them. */
export interface Profile {
  loaded: boolean;
  /** The directory's name; a role account (hr-demo) is in no directory. */
  name: string | null;
  inDirectory: boolean;
  ownsDeals: boolean;
  leads: boolean;
}

export const ProfileContext = createContext<Profile>({ loaded: false, name: null, inDirectory: false, ownsDeals: false, leads: false });

export const useProfile = () => useContext(ProfileContext);

const ROLE_NAMES: Record<string, string> = { HR: 'HR team', EXECUTIVE: 'Executive', ADMIN: 'Administrator', INTEGRATION: 'Integration' };

/** What the header calls the viewer: their name, else what their role makes them, never a token's subject. */
export function displayName(profile: Profile, viewer: Viewer | null): string {
  if (profile.name) return profile.name;
  const role = viewer?.roles.find((candidate) => ROLE_NAMES[candidate]);
  return role ? ROLE_NAMES[role] : 'Signed in';
}

/** The page a viewer lands on: programs for those who lead them, their deals for sellers, their recognition for the rest. */
export function landingOf(profile: Profile, viewer: Viewer | null): string {
  if (hasRole(viewer, 'HR', 'EXECUTIVE', 'ADMIN')) return '/programs';
  return profile.ownsDeals ? '/deals' : '/recognition';
}
