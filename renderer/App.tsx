import { useEffect } from 'react';
import { HashRouter, Navigate, Outlet, Route, Routes } from 'react-router';
import { BusyBar } from './components/BusyBar.js';
import { useSession } from './stores/session.js';
import { RiskAcceptancesScreen } from './screens/acceptances/RiskAcceptancesScreen.js';
import { AuditTrailScreen } from './screens/audit/AuditTrailScreen.js';
import { EvidenceScreen } from './screens/evidence/EvidenceScreen.js';
import { ExceptionsScreen } from './screens/exceptions/ExceptionsScreen.js';
import { ExportScreen } from './screens/export/ExportScreen.js';
import { MatrixScreen } from './screens/matrix/MatrixScreen.js';
import { PeopleScreen } from './screens/people/PeopleScreen.js';
import { ReviewsScreen } from './screens/reviews/ReviewsScreen.js';
import { AppShell } from './screens/shell/AppShell.js';
import { CreateWorkspaceScreen } from './screens/start/CreateWorkspaceScreen.js';
import { OpenWorkspaceScreen } from './screens/start/OpenWorkspaceScreen.js';
import { StartScreen } from './screens/start/StartScreen.js';

/** Start screens only without a workspace; workspace screens only with one. */
const WithoutWorkspace = () => (useSession((state) => state.workspace) ? <Navigate to="/matrix" replace /> : <Outlet />);
const WithWorkspace = () => (useSession((state) => state.workspace) ? <AppShell /> : <Navigate to="/" replace />);

export const App = () => {
  const status = useSession((state) => state.status);
  const start = useSession((state) => state.start);

  useEffect(() => {
    void start();
  }, [start]);

  return (
    <>
      <BusyBar />
      {status === 'starting' ? (
        <p className="starting" role="status">
          Starting Countersign…
        </p>
      ) : (
        <HashRouter>
          <Routes>
            <Route element={<WithoutWorkspace />}>
              <Route index element={<StartScreen />} />
              <Route path="create" element={<CreateWorkspaceScreen />} />
              <Route path="open" element={<OpenWorkspaceScreen />} />
            </Route>
            <Route element={<WithWorkspace />}>
              <Route path="matrix" element={<MatrixScreen />} />
              <Route path="evidence" element={<EvidenceScreen />} />
              <Route path="exceptions" element={<ExceptionsScreen />} />
              <Route path="reviews" element={<ReviewsScreen />} />
              <Route path="acceptances" element={<RiskAcceptancesScreen />} />
              <Route path="audit" element={<AuditTrailScreen />} />
              <Route path="export" element={<ExportScreen />} />
              <Route path="people" element={<PeopleScreen />} />
            </Route>
            <Route path="*" element={<Navigate to="/" replace />} />
          </Routes>
        </HashRouter>
      )}
    </>
  );
};
