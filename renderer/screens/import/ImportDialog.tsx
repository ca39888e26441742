import { useEffect, useRef, useState, type DragEvent, type FormEvent, type KeyboardEvent } from 'react';
import { ImportSummary as ImportSummarySchema, type ImportSummary } from '../../../shared/domain/evidence.js';
import { evidenceKindLabels, type EvidenceKind } from '../../../shared/domain/evidenceKinds.js';
import type { Job } from '../../../shared/domain/jobs.js';
import { api, fieldErrors, type CallError } from '../../api/client.js';
import { ErrorNotice } from '../../components/ErrorNotice.js';
import { Field } from '../../components/Field.js';
import { useEvidence, type ImporterInfo } from '../../stores/evidence.js';
import { useSession } from '../../stores/session.js';
import { CopyButton } from '../evidence/CopyButton.js';
import { ImportSummaryView } from './ImportSummaryView.js';
import './import.css';
import { useModalDialog } from '../../components/useModalDialog.js';

/** How often a running import is asked for its progress. */
const POLL_MS = 200;
/** A job that does not answer is asked again this many times, this far apart, before the dialog gives up. */
const MAX_MISSES = 10;
const RETRY_MS = 2000;

type Phase =
  | { name: 'form' }
  | { name: 'running'; job: Job; cancelling: boolean }
  | { name: 'done'; summary: ImportSummary }
  | { name: 'failed'; error: CallError }
  | { name: 'cancelled' };

interface Props {
  open: boolean;
  onClose(): void;
  /** After a finished import (also a re-import of the same bytes): the screens read their lists again. */
  onImported(summary: ImportSummary): void;
  /** "Show EV-0001": close and select the new item. */
  onShowEvidence(id: string): void;
  onShowExceptions(): void;
}

/**
 * Imports one evidence file as a job: choose the kind (or let Countersign detect it), give the path,
 * follow the progress, cancel, and read what was imported and found. A failure keeps the dialog and
 * everything typed, so the person can fix the path or the kind and try again.
 */
export const ImportDialog = ({ open, onClose, onImported, onShowEvidence, onShowExceptions }: Props) => {
  /** True while an import runs: then only Cancel stops it, and Escape does nothing. */
  const busy = useRef(false);
  const closeUnlessBusy = () => {
    if (!busy.current) onClose();
  };
  const { ref, onCancel } = useModalDialog(open, closeUnlessBusy);

  const onKeyDown = (event: KeyboardEvent<HTMLDialogElement>) => {
    if (event.key !== 'Escape') return;
    // Handling the key itself keeps the browser from closing the dialog on its own (it may ignore a
    // cancelled "cancel" event when Escape is pressed again).
    event.preventDefault();
    closeUnlessBusy();
  };

  return (
    <dialog
      ref={ref}
      className="dialog import-dialog"
      aria-labelledby="import-title"
      onKeyDown={onKeyDown}
      onCancel={onCancel}
      onClose={() => {
        // Closed by the browser despite the above while it should stay open: open it again.
        if (open && busy.current) ref.current?.showModal();
        else if (open) onClose();
      }}
    >
      {open ? (
        <ImportForm
          onBusy={(value) => {
            busy.current = value;
          }}
          onClose={onClose}
          onImported={onImported}
          onShowEvidence={onShowEvidence}
          onShowExceptions={onShowExceptions}
        />
      ) : null}
    </dialog>
  );
};

const ImportForm = ({ onBusy, onClose, onImported, onShowEvidence, onShowExceptions }: Omit<Props, 'open'> & { onBusy(busy: boolean): void }) => {
  const importers = useEvidence((state) => state.importers);
  const importersError = useEvidence((state) => state.importersError);
  const loadImporters = useEvidence((state) => state.loadImporters);
  const mode = useSession((state) => state.appInfo?.mode ?? 'browser');
  const [kind, setKind] = useState<EvidenceKind | 'auto'>('auto');
  const [path, setPath] = useState('');
  const [title, setTitle] = useState('');
  const [phase, setPhase] = useState<Phase>({ name: 'form' });
  const [startError, setStartError] = useState<CallError | null>(null);
  const [pathError, setPathError] = useState<string | null>(null);
  const [dropped, setDropped] = useState<string | null>(null);
  const [dragging, setDragging] = useState(false);
  const pathRef = useRef<HTMLInputElement>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);
  const summaryRef = useRef<HTMLHeadingElement>(null);
  const live = useRef(true);
  // The screen's callback, read when the job ends: a new one must not restart the polling.
  const importedRef = useRef(onImported);
  importedRef.current = onImported;

  // The list of kinds can grow while the app runs (a newer core): ask each time the dialog opens.
  useEffect(() => {
    void loadImporters();
  }, [loadImporters]);

  useEffect(() => {
    live.current = true;
    return () => {
      live.current = false;
    };
  }, []);

  // Focus follows the work: Cancel while it runs, the summary when done, the path after a failure.
  useEffect(() => {
    if (phase.name === 'running') cancelRef.current?.focus();
    if (phase.name === 'done') summaryRef.current?.focus();
    if (phase.name === 'failed' || phase.name === 'cancelled') pathRef.current?.focus();
  }, [phase.name]);

  const runningJobId = phase.name === 'running' ? phase.job.id : null;
  useEffect(() => {
    if (!runningJobId) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let misses = 0;
    const poll = async () => {
      const result = await api.call('jobs.get', { id: runningJobId });
      if (!live.current) return;
      if (!result.ok) {
        // Saving a very large file keeps the core busy for a while, and a browser-mode request can be
        // dropped meanwhile: the import goes on, so ask again a few times before giving up on it.
        if (result.error.code === 'DISCONNECTED' && ++misses <= MAX_MISSES) {
          setPhase((current) => (current.name === 'running' ? { ...current, job: { ...current.job, message: 'Still saving: waiting for Countersign to answer…' } } : current));
          timer = setTimeout(() => void poll(), RETRY_MS);
          return;
        }
        setPhase({ name: 'failed', error: result.error });
        return;
      }
      misses = 0;
      const job = result.value;
      if (job.state === 'running') {
        setPhase((current) => (current.name === 'running' && current.job.id === job.id ? { ...current, job } : current));
        timer = setTimeout(() => void poll(), POLL_MS);
      } else if (job.state === 'done') {
        const parsed = ImportSummarySchema.safeParse(job.result);
        if (parsed.success) {
          setPhase({ name: 'done', summary: parsed.data });
          importedRef.current(parsed.data);
        } else {
          setPhase({ name: 'failed', error: { code: 'INTERNAL', message: 'The import finished, but its summary could not be read. Look in the Evidence list.' } });
        }
      } else if (job.state === 'cancelled') {
        setPhase({ name: 'cancelled' });
      } else {
        setPhase({ name: 'failed', error: job.error ?? { code: 'INTERNAL', message: job.message } });
      }
    };
    timer = setTimeout(() => void poll(), POLL_MS);
    return () => clearTimeout(timer);
  }, [runningJobId]);

  const busy = phase.name === 'running';
  useEffect(() => {
    onBusy(busy);
    return () => onBusy(false);
  }, [busy, onBusy]);
  const importer: ImporterInfo | undefined = kind === 'auto' ? undefined : importers?.find((candidate) => candidate.kind === kind);
  const folder = importer?.input === 'folder';

  const start = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    setStartError(null);
    setPathError(null);
    const file = path.trim();
    if (!file) {
      setPathError(folder ? 'Enter the path of the repository folder.' : 'Enter the path of the file to import.');
      pathRef.current?.focus();
      return;
    }
    setPhase({ name: 'form' });
    const result = await api.call('evidence.startImport', { kind, path: file, title: title.trim() || undefined });
    if (!live.current) return;
    if (!result.ok) {
      const fields = fieldErrors(result.error);
      if (fields.path) setPathError(fields.path);
      setStartError(result.error);
      pathRef.current?.focus();
      return;
    }
    setPhase({ name: 'running', job: result.value, cancelling: false });
  };

  const cancel = async () => {
    if (phase.name !== 'running' || phase.cancelling) return;
    setPhase({ ...phase, cancelling: true });
    const result = await api.call('jobs.cancel', { id: phase.job.id });
    if (!result.ok && live.current) setStartError(result.error);
  };

  const again = () => {
    setPhase({ name: 'form' });
    setPath('');
    setTitle('');
    setDropped(null);
    requestAnimationFrame(() => pathRef.current?.focus());
  };

  const onDragOver = (event: DragEvent<HTMLDivElement>) => {
    if (busy || !event.dataTransfer.types.includes('Files')) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
    setDragging(true);
  };

  const onDrop = (event: DragEvent<HTMLDivElement>) => {
    event.preventDefault();
    setDragging(false);
    if (busy) return;
    const file = event.dataTransfer.files[0];
    if (!file) return;
    setDropped(file.name);
    pathRef.current?.focus();
  };

  const errors = phase.name === 'failed' ? fieldErrors(phase.error) : {};
  const pathMessage = pathError ?? errors.path;
  const running = phase.name === 'running' ? phase : null;

  return (
    <div
      className={`import${dragging ? ' import-dragging' : ''}`}
      onDragOver={onDragOver}
      onDragLeave={(event) => {
        if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setDragging(false);
      }}
      onDrop={onDrop}
    >
      <header className="dialog-header">
        <h2 id="import-title">Import evidence</h2>
        <p className="dialog-description">
          Countersign keeps the file itself with its SHA-256 and where it came from, reads its records, links it to the controls that expect it and looks for
          exceptions.
        </p>
      </header>

      {phase.name === 'done' ? (
        <div className="import-main">
          <div className="import-body">
            <ImportSummaryView ref={summaryRef} summary={phase.summary} importers={importers} />
          </div>
          <div className="import-footer form-actions import-actions">
            <button type="button" className="button button-primary" onClick={() => onShowEvidence(phase.summary.evidenceId)}>
              Show {phase.summary.evidenceId}
            </button>
            {phase.summary.exceptions.total > 0 ? (
              <button type="button" className="button" onClick={onShowExceptions}>
                Review exceptions
              </button>
            ) : null}
            <button type="button" className="button" onClick={again}>
              Import another file
            </button>
            <button type="button" className="button button-quiet" onClick={onClose}>
              Close
            </button>
          </div>
        </div>
      ) : (
        <form className="import-main" onSubmit={(event) => void start(event)} noValidate aria-label="Import evidence">
          <div className="import-body">
            {importersError ? <ErrorNotice error={importersError} title="The kinds of evidence could not be listed" /> : null}
            {importers && importers.length === 0 ? (
              <p className="notice notice-info" role="status">
                This version of Countersign has no importers yet, so nothing can be imported. The list of kinds fills in as importers are added.
              </p>
            ) : null}
            <fieldset className="import-fields" disabled={busy}>
              <Field
                id="import-kind"
                label="Kind of evidence"
                hint={
                  importer ? (
                    <>Expects {importer.describes}.</>
                  ) : (
                    <>Countersign reads the file and picks the kind whose export it matches. A Git repository is a folder: choose Git history for it.</>
                  )
                }
              >
                {(control) => (
                  <select
                    {...control}
                    className="input"
                    value={kind}
                    autoFocus
                    onChange={(event) => {
                      setKind(event.target.value as EvidenceKind | 'auto');
                      if (phase.name === 'failed') setPhase({ name: 'form' });
                    }}
                  >
                    <option value="auto">Detect automatically</option>
                    {(importers ?? []).map((candidate) => (
                      <option key={candidate.kind} value={candidate.kind}>
                        {candidate.label || evidenceKindLabels[candidate.kind]} ({candidate.kind})
                      </option>
                    ))}
                  </select>
                )}
              </Field>

              {importer ? <ExportHelp importer={importer} /> : null}

              <Field
                id="import-path"
                label={folder ? 'Repository folder' : 'File path'}
                error={pathMessage}
                hint={
                  mode === 'browser'
                    ? `The full path on this computer. In browser mode Countersign cannot show a file dialog: type or paste the path.`
                    : `The full path on this computer: type or paste it.`
                }
              >
                {(control) => (
                  <input
                    {...control}
                    ref={pathRef}
                    className="input input-mono"
                    type="text"
                    value={path}
                    spellCheck={false}
                    autoComplete="off"
                    placeholder={folder ? '/home/me/src/my-repo' : '/home/me/exports/prs.json'}
                    onChange={(event) => {
                      setPath(event.target.value);
                      setPathError(null);
                    }}
                  />
                )}
              </Field>

              <div className={`drop-zone${dragging ? ' drop-zone-active' : ''}`} aria-live="polite">
                {dropped ? (
                  <p>
                    You dropped <strong className="mono">{dropped}</strong>.{' '}
                    {mode === 'browser'
                      ? 'In browser mode the page is not told where a dropped file is stored, so type or paste its full path above'
                      : 'This window is not told where a dropped file is stored, so type or paste its full path above'}
                    {path.trim().endsWith(dropped) ? '.' : <>: it ends in <span className="mono">/{dropped}</span>.</>}
                  </p>
                ) : (
                  <p className="muted">You can drop the file here to check its name; Countersign still needs its full path above.</p>
                )}
              </div>

              <Field id="import-title-field" label="Title" optional hint="Left empty, the title is read from the file, e.g. the repository and what was exported.">
                {(control) => <input {...control} className="input" type="text" value={title} maxLength={300} autoComplete="off" onChange={(event) => setTitle(event.target.value)} />}
              </Field>
            </fieldset>
          </div>

          <div className="import-footer">
            {phase.name === 'failed' ? <ErrorNotice error={phase.error} title="Nothing was imported" file={path.trim() || undefined} /> : null}
            {startError ? <ErrorNotice error={startError} title="The import could not start" onDismiss={() => setStartError(null)} /> : null}
            {phase.name === 'cancelled' ? (
              <p className="notice notice-info" role="status">
                Cancelled: nothing was written. Start again when you are ready.
              </p>
            ) : null}
            {running ? (
              <div className="import-progress" aria-live="polite">
                <div
                  className="import-progress-bar"
                  role="progressbar"
                  aria-label="Import progress"
                  aria-valuemin={0}
                  aria-valuemax={100}
                  aria-valuenow={Math.round(running.job.progress * 100)}
                  aria-valuetext={`${Math.round(running.job.progress * 100)}%: ${running.job.message}`}
                >
                  <span style={{ width: `${Math.max(2, running.job.progress * 100)}%` }} />
                </div>
                <p className="import-progress-message">
                  {running.cancelling ? 'Cancelling…' : running.job.message} <span className="muted">{Math.round(running.job.progress * 100)}%</span>
                </p>
              </div>
            ) : null}

            <div className="form-actions import-actions">
              {running ? (
                <button ref={cancelRef} type="button" className="button" disabled={running.cancelling} onClick={() => void cancel()}>
                  {running.cancelling ? 'Cancelling…' : 'Cancel import'}
                </button>
              ) : (
                <>
                  <button type="submit" className="button button-primary" disabled={importers !== null && importers.length === 0}>
                    {phase.name === 'failed' || phase.name === 'cancelled' ? 'Try again' : 'Import'}
                  </button>
                  <button type="button" className="button button-quiet" onClick={onClose}>
                    Close
                  </button>
                </>
              )}
            </div>
          </div>
        </form>
      )}
    </div>
  );
};

/** A note as text, with `backticked` parts shown as code. */
const NoteText = ({ text }: { text: string }) => (
  <>{text.split(/(`[^`]+`)/).map((part, index) => (part.startsWith('`') && part.endsWith('`') && part.length > 2 ? <code key={index}>{part.slice(1, -1)}</code> : part))}</>
);

/** The documented export command to copy, and what to know about it: the first note always shown, the rest one click away. */
const ExportHelp = ({ importer }: { importer: ImporterInfo }) => {
  const [first, ...more] = importer.notes;
  return (
    <section className="export-help" aria-labelledby="export-help-title">
      <div className="export-help-head">
        <h3 id="export-help-title">{importer.input === 'folder' ? 'What to choose' : 'Export it with'}</h3>
        <CopyButton text={importer.command} targetId="export-command" label="Copy the export command" />
      </div>
      <pre className="code-block export-command">
        <code id="export-command">{importer.command}</code>
      </pre>
      {first ? (
        <div className="export-notes">
          <p className="export-note-first">
            <NoteText text={first} />
          </p>
          {more.length > 0 ? (
            <details className="export-more">
              <summary>{more.length === 1 ? 'One more note about this export' : `${more.length} more notes about this export`}</summary>
              <ul>
                {more.map((note) => (
                  <li key={note}>
                    <NoteText text={note} />
                  </li>
                ))}
              </ul>
            </details>
          ) : null}
        </div>
      ) : null}
    </section>
  );
};
