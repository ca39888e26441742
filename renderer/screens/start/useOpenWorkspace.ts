import { useCallback, useState } from 'react';
import { useNavigate } from 'react-router';
import type { WorkspaceSummary } from '../../../shared/domain/workspace.js';
import type { CallError, CallResult } from '../../api/client.js';
import { useSession } from '../../stores/session.js';

export interface OpenFailure {
  error: CallError;
  file?: string | undefined;
}

/** Runs a call that opens a workspace; on success the shell takes over, on failure the error stays for the screen to show. */
export const useOpenWorkspace = () => {
  const navigate = useNavigate();
  const opened = useSession((state) => state.opened);
  const [busy, setBusy] = useState<string | null>(null);
  const [failure, setFailure] = useState<OpenFailure | null>(null);

  const run = useCallback(
    async (what: string, call: () => Promise<CallResult<WorkspaceSummary>>, file?: string): Promise<CallResult<WorkspaceSummary>> => {
      setBusy(what);
      setFailure(null);
      const result = await call();
      setBusy(null);
      if (result.ok) {
        opened(result.value);
        navigate('/matrix');
      } else {
        setFailure({ error: result.error, file });
      }
      return result;
    },
    [navigate, opened],
  );

  return { run, busy, failure, clearFailure: () => setFailure(null) };
};
