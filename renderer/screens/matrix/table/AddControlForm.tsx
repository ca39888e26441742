import { useState, type FormEvent } from 'react';
import {
  compensatingControls,
  controlAutomations,
  controlFrequencies,
  controlFrequencyLabels,
  controlNatures,
  frameworkCriteria,
  type ControlAutomation,
  type ControlFrequency,
  type ControlNature,
} from '../../../../shared/catalog/index.js';
import type { EvidenceKind } from '../../../../shared/domain/evidenceKinds.js';
import type { MatrixRequirement, MatrixView } from '../../../../shared/domain/matrix.js';
import { frameworkLabels } from '../../../../shared/domain/workspace.js';
import { fieldErrors, type CallError } from '../../../api/client.js';
import { ErrorNotice } from '../../../components/ErrorNotice.js';
import { Field } from '../../../components/Field.js';
import { useMatrix } from '../../../stores/matrix.js';
import { capitalise, frameworkOrder } from '../labels.js';
import { EvidenceKindsField } from './EvidenceKindsField.js';

interface Props {
  requirement: MatrixRequirement;
  matrix: MatrixView;
  onDone(message: string): void;
}

const emptyCustom = {
  title: '',
  description: '',
  nature: 'detective' as ControlNature,
  automation: 'manual' as ControlAutomation,
  frequency: 'quarterly' as ControlFrequency,
  evidenceKinds: ['document'] as EvidenceKind[],
  evidenceExpected: '',
  criteria: { soc2: [] as string[], iso27001: [] as string[] },
};

/** Adds a control to a requirement: one from the catalog (shared if already in the matrix), or one of the user's own. */
export const AddControlForm = ({ requirement, matrix, onDone }: Props) => {
  const addControl = useMatrix((state) => state.addControl);
  const [mode, setMode] = useState<'catalog' | 'custom'>('catalog');
  const [catalogId, setCatalogId] = useState('');
  const [custom, setCustom] = useState(emptyCustom);
  const [rationale, setRationale] = useState('');
  const [error, setError] = useState<CallError | null>(null);
  const [busy, setBusy] = useState(false);
  const setField = <K extends keyof typeof custom>(key: K, value: (typeof custom)[K]) => setCustom((current) => ({ ...current, [key]: value }));

  const linked = new Set(requirement.controls.map((link) => matrix.controls.find((control) => control.id === link.controlId)?.catalogId).filter(Boolean));
  const available = compensatingControls.filter((control) => !linked.has(control.id));
  const inMatrix = new Set(matrix.controls.map((control) => control.catalogId));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const result =
      mode === 'catalog'
        ? await addControl({ requirementId: requirement.id, catalogId: catalogId || undefined, rationale })
        : await addControl({ requirementId: requirement.id, custom, rationale });
    setBusy(false);
    if (!result.ok) return setError(result.error);
    const title = mode === 'catalog' ? (compensatingControls.find((control) => control.id === catalogId)?.title ?? 'The control') : custom.title;
    setCatalogId('');
    setCustom(emptyCustom);
    setRationale('');
    onDone(`Added “${title}” to “${requirement.title}”.`);
  };

  const errors = fieldErrors(error);
  const customError = (field: string) => errors[`custom.${field}`];

  return (
    <form className="form" onSubmit={(event) => void submit(event)} noValidate>
      <fieldset className="checkbox-group">
        <legend className="field-label">Which control</legend>
        <div className="checkbox-row">
          <label className="checkbox">
            <input type="radio" name="add-control-mode" checked={mode === 'catalog'} onChange={() => setMode('catalog')} />
            From the catalog
          </label>
          <label className="checkbox">
            <input type="radio" name="add-control-mode" checked={mode === 'custom'} onChange={() => setMode('custom')} />
            One of your own
          </label>
        </div>
      </fieldset>
      {error ? <ErrorNotice error={error} onDismiss={() => setError(null)} /> : null}
      {mode === 'catalog' ? (
        <Field id="add-control-catalog" label="Catalog control" error={errors.catalogId} hint="A control already in the matrix is shared, not copied: its settings stay as they are.">
          {(props) => (
            <select {...props} className="input" value={catalogId} onChange={(event) => setCatalogId(event.target.value)}>
              <option value="">Choose a control…</option>
              {available.map((control) => (
                <option key={control.id} value={control.id}>
                  {control.title}
                  {inMatrix.has(control.id) ? ' (in the matrix)' : ''}
                </option>
              ))}
            </select>
          )}
        </Field>
      ) : (
        <>
          <Field id="add-control-title" label="Title" error={customError('title')}>
            {(props) => <input {...props} className="input" type="text" value={custom.title} onChange={(event) => setField('title', event.target.value)} />}
          </Field>
          <Field id="add-control-description" label="What the control does" error={customError('description')}>
            {(props) => <textarea {...props} className="input" rows={2} value={custom.description} onChange={(event) => setField('description', event.target.value)} />}
          </Field>
          <div className="field-row">
            <Field id="add-control-nature" label="Nature" error={customError('nature')}>
              {(props) => (
                <select {...props} className="input" value={custom.nature} onChange={(event) => setField('nature', event.target.value as ControlNature)}>
                  {controlNatures.map((nature) => (
                    <option key={nature} value={nature}>
                      {capitalise(nature)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field id="add-control-automation" label="Automation" error={customError('automation')}>
              {(props) => (
                <select {...props} className="input" value={custom.automation} onChange={(event) => setField('automation', event.target.value as ControlAutomation)}>
                  {controlAutomations.map((automation) => (
                    <option key={automation} value={automation}>
                      {capitalise(automation)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field id="add-control-frequency" label="Frequency" error={customError('frequency')}>
              {(props) => (
                <select {...props} className="input" value={custom.frequency} onChange={(event) => setField('frequency', event.target.value as ControlFrequency)}>
                  {controlFrequencies.map((frequency) => (
                    <option key={frequency} value={frequency}>
                      {controlFrequencyLabels[frequency]}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          </div>
          <EvidenceKindsField id="add-control-evidence-kinds" value={custom.evidenceKinds} onChange={(value) => setField('evidenceKinds', value)} error={customError('evidenceKinds')} />
          <Field id="add-control-evidence-expected" label="Evidence expected" error={customError('evidenceExpected')}>
            {(props) => <textarea {...props} className="input" rows={2} value={custom.evidenceExpected} onChange={(event) => setField('evidenceExpected', event.target.value)} />}
          </Field>
          {frameworkOrder.map((framework) => (
            <fieldset key={framework} className="checkbox-group">
              <legend className="field-label">{frameworkLabels[framework]} criteria</legend>
              <div className="kind-grid">
                {frameworkCriteria
                  .filter((criterion) => criterion.framework === framework)
                  .map((criterion) => (
                    <label key={criterion.id} className="checkbox" title={criterion.title}>
                      <input
                        type="checkbox"
                        checked={custom.criteria[framework].includes(criterion.id)}
                        onChange={(event) =>
                          setField('criteria', {
                            ...custom.criteria,
                            [framework]: event.target.checked ? [...custom.criteria[framework], criterion.id] : custom.criteria[framework].filter((id) => id !== criterion.id),
                          })
                        }
                      />
                      {criterion.id}
                    </label>
                  ))}
              </div>
            </fieldset>
          ))}
        </>
      )}
      <Field id="add-control-rationale" label="Why it compensates for this requirement" optional error={errors.rationale} hint="One sentence; shown with the control in the matrix and the CSV.">
        {(props) => <input {...props} className="input" type="text" value={rationale} onChange={(event) => setRationale(event.target.value)} />}
      </Field>
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={busy || (mode === 'catalog' && !catalogId)}>
          {busy ? 'Adding…' : 'Add the control'}
        </button>
      </div>
    </form>
  );
};
