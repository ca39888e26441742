import { useState, type FormEvent } from 'react';
import { controlFrequencies, controlFrequencyLabels, type ControlFrequency } from '../../../../shared/catalog/index.js';
import type { EvidenceKind } from '../../../../shared/domain/evidenceKinds.js';
import type { MatrixControl, MatrixView } from '../../../../shared/domain/matrix.js';
import type { Person } from '../../../../shared/domain/people.js';
import { fieldErrors, type CallError } from '../../../api/client.js';
import { ErrorNotice } from '../../../components/ErrorNotice.js';
import { Field } from '../../../components/Field.js';
import { useMatrix } from '../../../stores/matrix.js';
import { criterionLabel, frameworkOrder } from '../labels.js';
import { PersonSelect } from '../PersonSelect.js';
import { StatusBadge } from '../StatusBadge.js';
import { EvidenceKindsField } from './EvidenceKindsField.js';

interface Props {
  control: MatrixControl;
  /** The requirement the control was opened from (for unlinking). */
  requirementId: string;
  matrix: MatrixView;
  people: Person[];
  onOpenRequirement(requirementId: string): void;
  onClosed(message: string): void;
}

export const ControlDetail = ({ control, requirementId, matrix, people, onOpenRequirement, onClosed }: Props) => {
  const { updateControl, unlinkControl } = useMatrix.getState();
  const [form, setForm] = useState({
    ownerId: control.ownerId,
    performerId: control.performerId,
    reviewerId: control.reviewerId,
    frequency: control.frequency,
    evidenceKinds: control.evidenceKinds,
    evidenceExpected: control.evidenceExpected,
    justification: '',
  });
  const [error, setError] = useState<CallError | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [naReason, setNaReason] = useState('');
  const [naError, setNaError] = useState<string | null>(null);
  const [confirmUnlink, setConfirmUnlink] = useState(false);
  const [unlinkWhy, setUnlinkWhy] = useState('');
  const set = <K extends keyof typeof form>(key: K, value: (typeof form)[K]) => setForm((current) => ({ ...current, [key]: value }));
  const requirement = matrix.requirements.find((row) => row.id === requirementId);
  const servedBy = matrix.requirements.filter((row) => row.controls.some((link) => link.controlId === control.id));

  const run = async (action: () => Promise<{ ok: boolean; error?: CallError }>, message: string) => {
    setBusy(true);
    setError(null);
    setSaved(null);
    const result = await action();
    setBusy(false);
    if (!result.ok && result.error) setError(result.error);
    else setSaved(message);
    return result.ok;
  };

  const save = (event: FormEvent) => {
    event.preventDefault();
    void run(
      () =>
        updateControl({
          id: control.id,
          ownerId: form.ownerId,
          performerId: form.performerId,
          reviewerId: form.reviewerId,
          frequency: form.frequency,
          evidenceKinds: form.evidenceKinds,
          evidenceExpected: form.evidenceExpected,
          justification: form.justification.trim() || undefined,
        }),
      'Saved. The change is in the audit trail.',
    ).then((ok) => ok && set('justification', ''));
  };

  const markNotApplicable = (event: FormEvent) => {
    event.preventDefault();
    if (!naReason.trim()) return setNaError('Say why the control does not apply: the auditor reads this reason.');
    setNaError(null);
    void run(() => updateControl({ id: control.id, notApplicableReason: naReason.trim(), justification: naReason.trim() }), 'Marked not applicable.').then((ok) => ok && setNaReason(''));
  };

  const unlink = async () => {
    const ok = await run(() => unlinkControl({ requirementId, controlId: control.id, justification: unlinkWhy.trim() || undefined }), '');
    if (ok) onClosed(`“${control.title}” no longer compensates for “${requirement?.title ?? 'the requirement'}”.`);
  };

  const errors = fieldErrors(error);

  return (
    <div className="detail">
      <div className="detail-status">
        <StatusBadge status={control.status} reason={control.statusReason} />
      </div>
      <p>{control.description}</p>
      <dl className="facts facts-stacked">
        <div>
          <dt>Criteria</dt>
          <dd>
            <ul className="plain-list">
              {frameworkOrder.flatMap((framework) => control.criteria[framework].map((id) => <li key={`${framework}:${id}`}>{criterionLabel(framework, id)}</li>))}
            </ul>
          </dd>
        </div>
        <div>
          <dt>Compensates for</dt>
          <dd>
            <ul className="plain-list">
              {servedBy.map((row) => (
                <li key={row.id}>
                  <button type="button" className="link-button" onClick={() => onOpenRequirement(row.id)}>
                    {row.title}
                  </button>
                  {row.controls.find((link) => link.controlId === control.id)?.rationale ? (
                    <span className="cell-sub">{row.controls.find((link) => link.controlId === control.id)?.rationale}</span>
                  ) : null}
                </li>
              ))}
            </ul>
          </dd>
        </div>
      </dl>

      {error ? <ErrorNotice error={error} onDismiss={() => setError(null)} /> : null}
      {saved ? (
        <p className="notice notice-success" role="status">
          {saved}
        </p>
      ) : null}

      <form className="form detail-section" onSubmit={save} noValidate aria-labelledby="control-edit-title">
        <h3 id="control-edit-title">Who runs it, how often, and what proves it</h3>
        {servedBy.length > 1 ? <p className="field-hint">Shared by {servedBy.length} requirements: a change here applies to all of them.</p> : null}
        <div className="field-row">
          <Field id="control-owner" label="Owner" error={errors.ownerId}>
            {(props) => <PersonSelect {...props} people={people} value={form.ownerId} onChange={(value) => set('ownerId', value)} />}
          </Field>
          <Field id="control-performer" label="Performer" error={errors.performerId}>
            {(props) => <PersonSelect {...props} people={people} value={form.performerId} onChange={(value) => set('performerId', value)} />}
          </Field>
        </div>
        <div className="field-row">
          <Field id="control-reviewer" label="Independent reviewer" hint="Not the performer: usually your external reviewer." error={errors.reviewerId}>
            {(props) => <PersonSelect {...props} people={people} value={form.reviewerId} onChange={(value) => set('reviewerId', value)} />}
          </Field>
          <Field id="control-frequency" label="Frequency" error={errors.frequency}>
            {(props) => (
              <select {...props} className="input" value={form.frequency} onChange={(event) => set('frequency', event.target.value as ControlFrequency)}>
                {controlFrequencies.map((frequency) => (
                  <option key={frequency} value={frequency}>
                    {controlFrequencyLabels[frequency]}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>
        <EvidenceKindsField id="control-evidence-kinds" value={form.evidenceKinds} onChange={(value: EvidenceKind[]) => set('evidenceKinds', value)} error={errors.evidenceKinds} />
        <Field id="control-evidence-expected" label="Evidence expected" hint="What an auditor should be able to see, in words." error={errors.evidenceExpected}>
          {(props) => <textarea {...props} className="input" rows={2} value={form.evidenceExpected} onChange={(event) => set('evidenceExpected', event.target.value)} />}
        </Field>
        <Field id="control-justification" label="Justification" optional hint="Recorded with the change in the audit trail." error={errors.justification}>
          {(props) => <input {...props} className="input" type="text" value={form.justification} onChange={(event) => set('justification', event.target.value)} />}
        </Field>
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={busy}>
            {busy ? 'Saving…' : 'Save the control'}
          </button>
        </div>
      </form>

      <section className="detail-section" aria-labelledby="control-na-title">
        <h3 id="control-na-title">Not applicable</h3>
        {control.notApplicableReason ? (
          <>
            <p>
              Marked not applicable: <q>{control.notApplicableReason}</q>
            </p>
            <button type="button" className="button" disabled={busy} onClick={() => void run(() => updateControl({ id: control.id, notApplicableReason: null }), 'The control applies again.')}>
              Mark applicable again
            </button>
          </>
        ) : (
          <form className="form" onSubmit={markNotApplicable} noValidate>
            <Field id="control-na-reason" label="Why it does not apply" hint="For example “No Kubernetes cluster in scope”. The reason shows as the control’s status." error={naError ?? errors.notApplicableReason}>
              {(props) => <input {...props} className="input" type="text" value={naReason} onChange={(event) => setNaReason(event.target.value)} />}
            </Field>
            <div className="form-actions">
              <button type="submit" className="button" disabled={busy}>
                Mark not applicable
              </button>
            </div>
          </form>
        )}
      </section>

      {requirement ? (
        <section className="detail-section" aria-labelledby="control-unlink-title">
          <h3 id="control-unlink-title">Unlink from this requirement</h3>
          {confirmUnlink ? (
            <div className="confirm" role="group" aria-labelledby="control-unlink-question">
              <p id="control-unlink-question">
                Take “{control.title}” off “{requirement.title}”?{' '}
                {servedBy.length > 1 ? 'It stays on the other requirements it serves.' : 'No other requirement uses it, so it leaves the matrix.'}
              </p>
              <Field id="control-unlink-why" label="Justification" optional hint="Recorded with the change in the audit trail.">
                {(props) => <input {...props} className="input" type="text" autoFocus value={unlinkWhy} onChange={(event) => setUnlinkWhy(event.target.value)} />}
              </Field>
              <div className="form-actions">
                <button type="button" className="button button-danger" disabled={busy} onClick={() => void unlink()}>
                  Unlink
                </button>
                <button type="button" className="button button-quiet" onClick={() => setConfirmUnlink(false)}>
                  Cancel
                </button>
              </div>
            </div>
          ) : (
            <button type="button" className="button" onClick={() => setConfirmUnlink(true)}>
              Unlink from “{requirement.title}”…
            </button>
          )}
        </section>
      ) : null}
    </div>
  );
};
