import { useEffect, useState, type FormEvent } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { api, fieldErrors } from '../../api/client.js';
import { ErrorNotice } from '../../components/ErrorNotice.js';
import { Field } from '../../components/Field.js';
import { StartLayout } from './StartLayout.js';
import { useOpenWorkspace } from './useOpenWorkspace.js';

const suggestedFrom = (state: unknown): string => {
  const value = (state as { suggestedPath?: unknown } | null)?.suggestedPath;
  return typeof value === 'string' ? value : '';
};

/** Browser mode has no file dialog: the person types the path of the workspace file. */
export const OpenWorkspaceScreen = () => {
  const navigate = useNavigate();
  const location = useLocation();
  const [path, setPath] = useState(() => suggestedFrom(location.state));
  const { run, busy, failure } = useOpenWorkspace();

  // A fresh visit (or a reload, which loses the history state) asks the core for a starting folder.
  const [initialPath] = useState(path);
  useEffect(() => {
    if (initialPath) return;
    let live = true;
    void api.call('dialog.chooseWorkspaceToOpen', {}).then((choice) => {
      if (!live || !choice.ok) return;
      const value = choice.value;
      if (value.status === 'type-a-path') setPath((current) => current || value.suggestedPath);
    });
    return () => {
      live = false;
    };
  }, [initialPath]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const file = path.trim();
    void run('open', () => api.call('workspace.open', { path: file }), file);
  };

  const errors = fieldErrors(failure?.error);

  return (
    <StartLayout title="Open a workspace">
      <form className="form form-narrow" onSubmit={submit} noValidate aria-label="Open a workspace">
        {failure ? <ErrorNotice error={failure.error} file={failure.file} /> : null}
        <Field
          id="open-path"
          label="Workspace file"
          error={errors.path}
          hint="The full path of a .countersign file on this computer. In browser mode Countersign cannot show a file dialog."
        >
          {(control) => (
            <input
              {...control}
              className="input input-mono"
              type="text"
              value={path}
              autoFocus
              spellCheck={false}
              autoComplete="off"
              onChange={(event) => setPath(event.target.value)}
            />
          )}
        </Field>
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={busy !== null}>
            {busy ? 'Opening…' : 'Open workspace'}
          </button>
          <button type="button" className="button button-quiet" onClick={() => navigate('/')}>
            Back
          </button>
        </div>
      </form>
    </StartLayout>
  );
};
