import { create } from 'zustand';
import type { MethodOutput } from '../../shared/contract/index.js';
import type { WorkspaceSummary } from '../../shared/domain/workspace.js';
import { api, type CallError, type CallResult } from '../api/client.js';

export type AppInfo = MethodOutput<'app.info'>;

interface SessionState {
  /** 'starting' until the first app.info / workspace.current answer. */
  status: 'starting' | 'ready';
  appInfo: AppInfo | null;
  workspace: WorkspaceSummary | null;
  /** Changes each time a workspace is opened, so per-workspace state can tell a fresh open from the same one. */
  openCount: number;
  /** A failure that concerns the whole session (the host went away, the workspace was closed). */
  error: CallError | null;
  start(): Promise<void>;
  /** Take the summary a create/open call returned. */
  opened(workspace: WorkspaceSummary): void;
  refresh(): Promise<void>;
  setActor(personId: string): Promise<CallResult<WorkspaceSummary>>;
  close(): Promise<CallResult<{ closed: boolean }>>;
  clearError(): void;
}

export const useSession = create<SessionState>()((set, get) => ({
  status: 'starting',
  appInfo: null,
  workspace: null,
  openCount: 0,
  error: null,

  async start() {
    const [info, current] = await Promise.all([api.call('app.info', {}), api.call('workspace.current', {})]);
    set({
      status: 'ready',
      appInfo: info.ok ? info.value : null,
      workspace: current.ok ? current.value : null,
      openCount: get().openCount + 1,
      error: !info.ok ? info.error : !current.ok ? current.error : null,
    });
  },

  opened(workspace) {
    set({ workspace, error: null, openCount: get().openCount + 1 });
  },

  async refresh() {
    const current = await api.call('workspace.current', {});
    if (current.ok) set({ workspace: current.value });
  },

  async setActor(personId) {
    const result = await api.call('session.setActor', { personId });
    if (result.ok) set({ workspace: result.value });
    return result;
  },

  async close() {
    const result = await api.call('workspace.close', {});
    if (result.ok) set({ workspace: null, error: null });
    return result;
  },

  clearError() {
    if (get().error) set({ error: null });
  },
}));

// A workspace that is no longer open on the other side (the server restarted, another window closed it)
// takes the UI back to the start screen with the reason, instead of failing call after call.
api.onError((_method, error) => {
  if (error.code === 'NO_WORKSPACE' && useSession.getState().workspace) useSession.setState({ workspace: null, error });
});
