import { lazy, StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter, Navigate, Route, Routes, useLocation } from 'react-router-dom';
import { Layout } from './components/Layout';
import { landingOf, useProfile } from './components/profile';
import { Loading } from './components/status';
import { useViewer } from './auth/use-viewer';
import { SignIn } from './pages/sign-in/SignIn';
import { SignInCallback } from './pages/sign-in/SignInCallback';
import './styles.css';

// Each page is its own script, fetched when first visited: a first visit reads only the page it opens.
const MyDeals = lazy(() => import('./pages/deals/MyDeals').then((module) => ({ default: module.MyDeals })));
const DealPage = lazy(() => import('./pages/deal/DealPage').then((module) => ({ default: module.DealPage })));
const Recognition = lazy(() => import('./pages/recognition/Recognition').then((module) => ({ default: module.Recognition })));
const Programs = lazy(() => import('./pages/programs/Programs').then((module) => ({ default: module.Programs })));
const ProgramEditor = lazy(() => import('./pages/program-editor/ProgramEditor').then((module) => ({ default: module.ProgramEditor })));
const ProgramDashboard = lazy(() => import('./pages/dashboard/ProgramDashboard').then((module) => ({ default: module.ProgramDashboard })));
const StandingDetail = lazy(() => import('./pages/standing/StandingDetail').then((module) => ({ default: module.StandingDetail })));
const Claims = lazy(() => import('./pages/claims/Claims').then((module) => ({ default: module.Claims })));
const Disputes = lazy(() => import('./pages/disputes/Disputes').then((module) => ({ default: module.Disputes })));
const MyTeam = lazy(() => import('./pages/team/MyTeam').then((module) => ({ default: module.MyTeam })));
const Notifications = lazy(() => import('./pages/notifications/Notifications').then((module) => ({ default: module.Notifications })));
const NotificationSettings = lazy(() => import('./pages/notifications/NotificationSettings').then((module) => ({ default: module.NotificationSettings })));

/** Where the work is: programs for those who lead them, deals for sellers, recognition for everyone else. */
function Home() {
  const viewer = useViewer();
  const profile = useProfile();
  if (!profile.loaded) return <Loading />;
  return <Navigate to={landingOf(profile, viewer)} replace />;
}

/** Signed-in pages; anyone else is sent to sign in and brought back afterwards. */
function RequireViewer() {
  const viewer = useViewer();
  const location = useLocation();
  if (!viewer) return <Navigate to="/sign-in" replace state={{ from: location.pathname + location.search }} />;
  return <Layout />;
}

function NoPage() {
  return (
    <>
      <h1>There is no page here</h1>
      <p>The address may be mistyped, or the page moved.</p>
    </>
  );
}

function App() {
  return (
    <BrowserRouter>
      <Routes>
        <Route path="/sign-in" element={<SignIn />} />
        <Route path="/signin-callback" element={<SignInCallback />} />
        <Route element={<RequireViewer />}>
          <Route index element={<Home />} />
          <Route path="deals" element={<MyDeals />} />
          <Route path="deals/:dealId" element={<DealPage />} />
          <Route path="recognition" element={<Recognition />} />
          <Route path="programs" element={<Programs />} />
          <Route path="programs/new" element={<ProgramEditor />} />
          <Route path="programs/:programId" element={<ProgramDashboard />} />
          <Route path="programs/:programId/edit" element={<ProgramEditor />} />
          <Route path="programs/:programId/people/:employeeId" element={<StandingDetail />} />
          <Route path="claims" element={<Claims />} />
          <Route path="disputes" element={<Disputes />} />
          <Route path="team" element={<MyTeam />} />
          <Route path="notifications" element={<Notifications />} />
          <Route path="notifications/settings" element={<NotificationSettings />} />
          <Route path="*" element={<NoPage />} />
        </Route>
      </Routes>
    </BrowserRouter>
  );
}

createRoot(document.getElementById('root') as HTMLElement).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
