import { useState, type FormEvent } from 'react';
import type { MatrixRequirement, MatrixView } from '../../../../shared/domain/matrix.js';
import type { Person } from '../../../../shared/domain/people.js';
import { fieldErrors, type CallError } from '../../../api/client.js';
import { ErrorNotice } from '../../../components/ErrorNotice.js';
import { Field } from '../../../components/Field.js';
import { useMatrix } from '../../../stores/matrix.js';
import { RequirementForm } from '../RequirementForm.js';
import { StatusBadge } from '../StatusBadge.js';
import { AddControlForm } from './AddControlForm.js';

interface Props {
  requirement: MatrixRequirement;
  matrix: MatrixView;
  people: Person[];
  onOpenControl(controlId: string): void;
  onClosed(message: string): void;
}

export const RequirementDetail = ({ requirement, matrix, people, onOpenControl, onClosed }: Props) => {
  const { updateRequirement, removeRequirement } = useMatrix.getState();
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<CallError | null>(null);
  const [busy, setBusy] = useState(false);
  const [acceptance, setAcceptance] = useState(requirement.coveredByAcceptance ?? '');
  const [removeWhy, setRemoveWhy] = useState('');
  const [removeError, setRemoveError] = useState<string | null>(null);
  const controls = requirement.controls.flatMap((link) => {
    const control = matrix.controls.find((row) => row.id === link.controlId);
    return control ? [{ control, rationale: link.rationale }] : [];
  });

  const saveAcceptance = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const value = acceptance.trim().toUpperCase() || null;
    const result = await updateRequirement({ id: requirement.id, coveredByAcceptance: value });
    setBusy(false);
    if (!result.ok) return setError(result.error);
    setNotice(value ? `Linked to ${value}.` : 'The risk acceptance link is removed.');
  };

  const remove = async (event: FormEvent) => {
    event.preventDefault();
    if (!removeWhy.trim()) return setRemoveError('Say why the requirement is dropped: auditors ask about every row that leaves the matrix.');
    setRemoveError(null);
    setBusy(true);
    setError(null);
    const result = await removeRequirement({ id: requirement.id, justification: removeWhy.trim() });
    setBusy(false);
    if (!result.ok) return setError(result.error);
    onClosed(`Removed “${requirement.title}” from the matrix.`);
  };

  const errors = fieldErrors(error);

  return (
    <div className="detail">
      {notice ? (
        <p className="notice notice-success" role="status">
          {notice}
        </p>
      ) : null}
      {error ? <ErrorNotice error={error} onDismiss={() => setError(null)} /> : null}

      <section className="detail-section" aria-labelledby="requirement-controls-title">
        <h3 id="requirement-controls-title">Compensating controls</h3>
        {controls.length === 0 ? (
          <p className="muted">
            {requirement.coveredByAcceptance ? `None: the risk is accepted in ${requirement.coveredByAcceptance}.` : 'None yet: this is a gap. Add a control below, or link a risk acceptance.'}
          </p>
        ) : (
          <ul className="control-links">
            {controls.map(({ control, rationale }) => (
              <li key={control.id}>
                <button type="button" className="link-button" onClick={() => onOpenControl(control.id)}>
                  {control.title}
                </button>
                <StatusBadge status={control.status} />
                {rationale ? <span className="cell-sub">{rationale}</span> : null}
              </li>
            ))}
          </ul>
        )}
      </section>

      <details className="detail-section detail-collapsible">
        <summary>Add a control to this requirement</summary>
        <AddControlForm requirement={requirement} matrix={matrix} onDone={setNotice} />
      </details>

      <details className="detail-section detail-collapsible">
        <summary>Edit the requirement</summary>
        <RequirementForm key={requirement.id} requirement={requirement} people={people} idPrefix="edit-requirement" onDone={setNotice} />
      </details>

      <form className="detail-section form" onSubmit={(event) => void saveAcceptance(event)} noValidate aria-labelledby="requirement-ra-title">
        <h3 id="requirement-ra-title">Risk acceptance</h3>
        <Field
          id="requirement-acceptance"
          label="Covered by risk acceptance"
          optional
          error={errors.coveredByAcceptance}
          hint="The id of a signed risk acceptance, RA-YYYY-NNN. Acceptances are written and signed in the Risk acceptances section; leave empty to remove the link."
        >
          {(props) => <input {...props} className="input input-mono" placeholder="RA-2026-001" value={acceptance} onChange={(event) => setAcceptance(event.target.value)} />}
        </Field>
        <div className="form-actions">
          <button type="submit" className="button" disabled={busy}>
            Save the link
          </button>
        </div>
      </form>

      <form className="detail-section form" onSubmit={(event) => void remove(event)} noValidate aria-labelledby="requirement-remove-title">
        <h3 id="requirement-remove-title">Remove from the matrix</h3>
        <Field
          id="requirement-remove-why"
          label="Justification"
          error={removeError ?? errors.justification}
          hint="Why this requirement no longer applies, e.g. “A second engineer now reviews every change”. Recorded in the audit trail."
        >
          {(props) => <textarea {...props} className="input" rows={2} value={removeWhy} onChange={(event) => setRemoveWhy(event.target.value)} />}
        </Field>
        <div className="form-actions">
          <button type="submit" className="button button-danger" disabled={busy}>
            Remove the requirement
          </button>
        </div>
      </form>
    </div>
  );
};
