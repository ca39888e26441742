import { useEffect, useState } from 'react';
import { NavLink, Outlet, useNavigate } from 'react-router';
import { frameworkLabels } from '../../../shared/domain/workspace.js';
import type { CallError } from '../../api/client.js';
import { ErrorNotice } from '../../components/ErrorNotice.js';
import { formatDay } from '../../components/format.js';
import { usePeople } from '../../stores/people.js';
import { useSession } from '../../stores/session.js';
import { ActorSwitcher } from './ActorSwitcher.js';
import { sections, workspaceSections } from './sections.js';

const navClass = ({ isActive }: { isActive: boolean }) => `nav-link${isActive ? ' nav-link-active' : ''}`;

/** The frame of an open workspace: navigation on the left, the workspace and the acting person on top. */
export const AppShell = () => {
  const workspace = useSession((state) => state.workspace);
  const close = useSession((state) => state.close);
  const navigate = useNavigate();
  const [closing, setClosing] = useState(false);
  const [closeError, setCloseError] = useState<CallError | null>(null);
  const openCount = useSession((state) => state.openCount);

  // Each opening of a workspace: nothing loaded for the one before may show. (The Audit trail
  // screen keys its own store by openCount, because its effects run before this parent's.)
  useEffect(() => {
    usePeople.getState().reset();
    void usePeople.getState().load();
  }, [openCount]);

  if (!workspace) return null;

  const closeWorkspace = async () => {
    setClosing(true);
    setCloseError(null);
    const result = await close();
    setClosing(false);
    if (result.ok) navigate('/');
    else setCloseError(result.error);
  };

  return (
    <div className="shell">
      <a className="skip-link" href="#main" onClick={(event) => {
        event.preventDefault();
        document.getElementById('main')?.focus();
      }}>
        Skip to content
      </a>
      <aside className="sidebar">
        <div className="sidebar-brand">
          <img src="./icon.svg" alt="" width={24} height={24} />
          <span>Countersign</span>
        </div>
        <nav aria-label="Sections">
          <ul className="nav-list">
            {sections.map((section) => (
              <li key={section.path}>
                <NavLink to={`/${section.path}`} className={navClass}>
                  {section.label}
                </NavLink>
              </li>
            ))}
          </ul>
          <p className="nav-group">Workspace</p>
          <ul className="nav-list">
            {workspaceSections.map((section) => (
              <li key={section.path}>
                <NavLink to={`/${section.path}`} className={navClass}>
                  {section.label}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <p className="sidebar-file" title={workspace.path}>
          {workspace.path.split(/[\\/]/).pop()}
        </p>
      </aside>
      <div className="shell-main">
        <header className="topbar">
          <div className="topbar-workspace">
            <p className="topbar-org">
              <span data-testid="organisation">{workspace.organisation}</span>
              {workspace.isDemo ? (
                <span className="badge badge-demo" title="Sample data: recreated each time the demo is opened">
                  Demo
                </span>
              ) : null}
            </p>
            <p className="topbar-meta">
              <span>{workspace.frameworks.map((framework) => frameworkLabels[framework]).join(' · ')}</span>
              <span aria-label="Observation period">
                Period {formatDay(workspace.periodStart)} – {formatDay(workspace.periodEnd)}
              </span>
              <span aria-label="Time zone">{workspace.timeZone}</span>
            </p>
          </div>
          <div className="topbar-actions">
            <ActorSwitcher />
            <button type="button" className="button" disabled={closing} onClick={() => void closeWorkspace()}>
              {closing ? 'Closing…' : 'Close workspace'}
            </button>
          </div>
        </header>
        {closeError ? <ErrorNotice error={closeError} onDismiss={() => setCloseError(null)} /> : null}
        <main id="main" className="content" tabIndex={-1}>
          <Outlet />
        </main>
      </div>
    </div>
  );
};
