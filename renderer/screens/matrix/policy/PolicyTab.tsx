import { useEffect, useRef, useState } from 'react';
import type { CallError } from '../../../api/client.js';
import { ErrorNotice } from '../../../components/ErrorNotice.js';
import { formatInstant, formatUtc } from '../../../components/format.js';
import { useMatrix } from '../../../stores/matrix.js';
import { useSession } from '../../../stores/session.js';

/**
 * The change-management and segregation-of-duties statement: generated from the matrix as it is
 * run, edited by the person, saved as numbered versions (each one in the audit trail).
 */
export const PolicyTab = () => {
  const policies = useMatrix((state) => state.policies);
  const policyError = useMatrix((state) => state.policyError);
  const draft = useMatrix((state) => state.draft);
  const matrix = useMatrix((state) => state.matrix);
  const { loadPolicies, loadDraft, savePolicy } = useMatrix.getState();
  const timeZone = useSession((state) => state.workspace?.timeZone ?? 'UTC');
  /** The editor's text, and the generated text it started from (null when it started from a saved version). */
  const [editor, setEditor] = useState<{ text: string; generatedFrom: string | null } | null>(null);
  const [justification, setJustification] = useState('');
  const [error, setError] = useState<CallError | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState<'generate' | 'save' | null>(null);
  const textareaRef = useRef<HTMLTextAreaElement>(null);
  /** Set when a generated text arrives: the keyboard goes to the editor once it is on screen. */
  const focusEditor = useRef(false);

  useEffect(() => {
    if (editor && focusEditor.current) {
      focusEditor.current = false;
      textareaRef.current?.focus();
    }
  }, [editor]);

  useEffect(() => {
    void loadPolicies();
    void loadDraft();
  }, [loadPolicies, loadDraft]);

  const latest = policies?.[0] ?? null;
  const stale = latest !== null && draft !== null && latest.matrixFingerprint !== draft.matrixFingerprint;

  const generate = async () => {
    setBusy('generate');
    setError(null);
    setNotice(null);
    const result = await loadDraft();
    setBusy(null);
    if (!result.ok) return setError(result.error);
    focusEditor.current = true;
    setEditor({ text: result.value.text, generatedFrom: result.value.text });
  };

  const save = async () => {
    if (!editor) return;
    setBusy('save');
    setError(null);
    const generated = editor.generatedFrom !== null && editor.text === editor.generatedFrom;
    const result = await savePolicy({ text: editor.text, generated, justification: justification.trim() || undefined });
    setBusy(null);
    if (!result.ok) return setError(result.error);
    setEditor(null);
    setJustification('');
    setNotice(`Saved version ${result.value.version}${generated ? ', as generated from the matrix' : ', with your edits'}. The save is recorded in the audit trail.`);
  };

  const edited = editor !== null && editor.generatedFrom !== null && editor.text !== editor.generatedFrom;

  return (
    <div className="policy">
      <p className="screen-intro">
        The statement your auditor reads next to the matrix: how {useSession.getState().workspace?.organisation ?? 'you'} keeps incompatible duties apart, or compensates
        where it cannot. Generated from the matrix you actually run, so the policy says what really happens; edit it in your own words and save a new version.
      </p>
      {error ? <ErrorNotice error={error} onDismiss={() => setError(null)} /> : null}
      {policyError ? <ErrorNotice error={policyError} /> : null}
      {notice ? (
        <p className="notice notice-success" role="status">
          {notice}
        </p>
      ) : null}

      <section className="policy-current" aria-labelledby="policy-current-title">
        <div className="policy-current-head">
          <div>
          <h2 id="policy-current-title">{latest ? `Version ${latest.version}` : 'No statement saved yet'}</h2>
          {latest ? (
            <p className="muted" data-testid="policy-latest-meta">
              Saved by {latest.createdByName} on <time title={formatUtc(latest.createdAt)}>{formatInstant(latest.createdAt, timeZone)}</time> ·{' '}
              {latest.generated ? 'as generated from the matrix' : 'edited by hand'}
            </p>
          ) : null}
          </div>
          <div className="button-group">
            {latest && !editor ? (
              <button type="button" className="button" onClick={() => setEditor({ text: latest.text, generatedFrom: null })}>
                Edit this version
              </button>
            ) : null}
            <button type="button" className="button button-primary" disabled={busy !== null || (matrix?.requirements.length ?? 0) === 0} onClick={() => void generate()}>
              {busy === 'generate' ? 'Generating…' : 'Generate from matrix'}
            </button>
          </div>
        </div>
        {(matrix?.requirements.length ?? 0) === 0 ? <p className="muted">Build the matrix first: the statement is written from it.</p> : null}
        {stale ? (
          <p className="notice notice-warn" role="note">
            The matrix has changed since version {latest.version} was saved, so the statement may no longer describe what you do. Generate it again and save a new
            version.
          </p>
        ) : null}
        {latest && !editor ? <pre className="policy-text">{latest.text}</pre> : null}
      </section>

      {editor ? (
        <section className="policy-editor form" aria-labelledby="policy-editor-title">
          <h2 id="policy-editor-title">{editor.generatedFrom !== null ? 'Generated statement' : `Editing version ${latest?.version ?? ''}`}</h2>
          <p className="field-hint" id="policy-text-hint">
            {editor.generatedFrom === null
              ? 'Saved as a new version, marked as edited by hand.'
              : edited
                ? 'You have edited the generated text: it will be saved as edited by hand.'
                : 'Unedited: it will be saved as generated from the matrix.'}
          </p>
          <label htmlFor="policy-text" className="visually-hidden">
            Statement text
          </label>
          <textarea
            ref={textareaRef}
            id="policy-text"
            className="input policy-textarea"
            rows={22}
            spellCheck
            aria-describedby="policy-text-hint"
            value={editor.text}
            onChange={(event) => setEditor({ ...editor, text: event.target.value })}
          />
          <div className="field">
            <label htmlFor="policy-justification" className="field-label">
              Justification <span className="field-optional">(optional)</span>
            </label>
            <input id="policy-justification" className="input" type="text" value={justification} onChange={(event) => setJustification(event.target.value)} />
            <p className="field-hint">Recorded with the version in the audit trail, e.g. “Reworded section 5 after the Q1 review”.</p>
          </div>
          <div className="form-actions">
            <button type="button" className="button button-primary" disabled={busy !== null || !editor.text.trim()} onClick={() => void save()}>
              {busy === 'save' ? 'Saving…' : `Save as version ${(latest?.version ?? 0) + 1}`}
            </button>
            <button type="button" className="button button-quiet" onClick={() => setEditor(null)}>
              Discard
            </button>
          </div>
        </section>
      ) : null}

      {policies && policies.length > 0 ? (
        <section aria-labelledby="policy-history-title">
          <h2 id="policy-history-title">Version history</h2>
          <ol className="policy-history">
            {policies.map((version) => (
              <li key={version.version}>
                <details>
                  <summary>
                    <span className="policy-version">Version {version.version}</span> — {version.createdByName},{' '}
                    <time title={formatUtc(version.createdAt)}>{formatInstant(version.createdAt, timeZone)}</time> · {version.generated ? 'generated' : 'edited by hand'}
                    {draft && version.matrixFingerprint === draft.matrixFingerprint ? ' · matches today’s matrix' : ''}
                  </summary>
                  <pre className="policy-text">{version.text}</pre>
                </details>
              </li>
            ))}
          </ol>
        </section>
      ) : null}
    </div>
  );
};
