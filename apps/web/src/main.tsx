import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter, Navigate, Route, Routes, useLocation } from 'react-router-dom';
import { Layout } from './components/Layout';
import { useViewer } from './auth/use-viewer';
import { hasRole } from './auth/session';
import { SignIn } from './pages/sign-in/SignIn';
import { SignInCallback } from './pages/sign-in/SignInCallback';
import { MyDeals } from './pages/deals/MyDeals';
import { DealPage } from './pages/deal/DealPage';
import { Recognition } from './pages/recognition/Recognition';
import { Programs } from './pages/programs/Programs';
import { ProgramEditor } from './pages/program-editor/ProgramEditor';
import { ProgramDashboard } from './pages/dashboard/ProgramDashboard';
import { StandingDetail } from './pages/standing/StandingDetail';
import { Claims } from './pages/claims/Claims';
import { Disputes } from './pages/disputes/Disputes';
import { MyTeam } from './pages/team/MyTeam';
import './styles.css';

function Home() {
  const viewer = useViewer();
  return <Navigate to={hasRole(viewer, 'HR', 'EXECUTIVE', 'ADMIN') ? '/programs' : '/recognition'} replace />;
}

/** Signed-in pages; anyone else is sent to sign in and brought back afterwards. */
function RequireViewer() {
  const viewer = useViewer();
  const location = useLocation();
  if (!viewer) return <Navigate to="/sign-in" replace state={{ from: location.pathname + location.search }} />;
  return <Layout />;
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
          <Route path="*" element={<p>There is no page here.</p>} />
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
