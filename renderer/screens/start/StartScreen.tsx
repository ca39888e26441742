import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router';
import type { RecentWorkspace } from '../../../shared/domain/workspace.js';
import { api, type CallError } from '../../api/client.js';
import { ErrorNotice } from '../../components/ErrorNotice.js';
import { useSession } from '../../stores/session.js';
import { RecentList } from './RecentList.js';
import { StartLayout } from './StartLayout.js';
import { useOpenWorkspace } from './useOpenWorkspace.js';

export const StartScreen = () => {
  const navigate = useNavigate();
  const sessionError = useSession((state) => state.error);
  const clearSessionError = useSession((state) => state.clearError);
  const { run, busy, failure, clearFailure } = useOpenWorkspace();
  const [recent, setRecent] = useState<RecentWorkspace[] | null>(null);
  const [recentError, setRecentError] = useState<CallError | null>(null);
  const [dialogError, setDialogError] = useState<CallError | null>(null);

  useEffect(() => {
    let live = true;
    void api.call('workspace.recent', {}).then((result) => {
      if (!live) return;
      if (result.ok) setRecent(result.value);
      else setRecentError(result.error);
    });
    return () => {
      live = false;
    };
  }, []);

  const openExisting = async () => {
    clearFailure();
    setDialogError(null);
    const choice = await api.call('dialog.chooseWorkspaceToOpen', {});
    if (!choice.ok) return setDialogError(choice.error);
    if (choice.value.status === 'cancelled') return;
    if (choice.value.status === 'type-a-path') return navigate('/open', { state: { suggestedPath: choice.value.suggestedPath } });
    const path = choice.value.path;
    await run('open', () => api.call('workspace.open', { path }), path);
  };

  const forget = async (path: string) => {
    const result = await api.call('workspace.forgetRecent', { path });
    if (result.ok) setRecent(result.value);
    else setRecentError(result.error);
  };

  return (
    <StartLayout>
      {sessionError ? <ErrorNotice error={sessionError} onDismiss={clearSessionError} /> : null}
      {failure ? <ErrorNotice error={failure.error} file={failure.file} title={failure.file ? undefined : 'The workspace could not be opened'} /> : null}
      {dialogError ? <ErrorNotice error={dialogError} /> : null}

      <section className="start-actions" aria-label="Get started">
        <div className="start-card start-card-primary">
          <h2>See it with sample data</h2>
          <p>A solo founder's SOC 2 and ISO 27001 workspace with people and an audit trail. It is recreated fresh each time, so explore freely.</p>
          <button type="button" className="button button-primary button-large" disabled={busy !== null} onClick={() => void run('demo', () => api.call('workspace.openDemo', {}))}>
            {busy === 'demo' ? 'Opening the demo…' : 'Open the demo workspace'}
          </button>
        </div>
        <div className="start-card">
          <h2>Start your own</h2>
          <p>One file holds your organisation, people, evidence and the audit trail. Keep it with your other records.</p>
          <button type="button" className="button" disabled={busy !== null} onClick={() => navigate('/create')}>
            Create a workspace…
          </button>
        </div>
        <div className="start-card">
          <h2>Continue</h2>
          <p>Open a <code>.countersign</code> file you or a colleague created earlier.</p>
          <button type="button" className="button" disabled={busy !== null} onClick={() => void openExisting()}>
            {busy === 'open' ? 'Opening…' : 'Open a workspace…'}
          </button>
        </div>
      </section>

      <section className="start-recent" aria-labelledby="recent-title">
        <h2 id="recent-title">Recent workspaces</h2>
        {recentError ? <ErrorNotice error={recentError} /> : null}
        {recent === null && !recentError ? <p className="muted">Loading…</p> : null}
        {recent?.length === 0 ? <p className="empty">No workspaces opened yet. Those you create or open will be listed here.</p> : null}
        {recent && recent.length > 0 ? (
          <RecentList
            recent={recent}
            disabled={busy !== null}
            onOpen={(path) => void run('recent', () => api.call('workspace.open', { path }), path)}
            onForget={(path) => void forget(path)}
          />
        ) : null}
      </section>
    </StartLayout>
  );
};
