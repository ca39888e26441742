import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { compensatingControls } from '../../../shared/catalog/index.js';
import type { MatrixGap, MatrixView } from '../../../shared/domain/matrix.js';
import type { Person } from '../../../shared/domain/people.js';
import { fieldErrors, type CallError } from '../../api/client.js';
import { ErrorNotice } from '../../components/ErrorNotice.js';
import { useMatrix } from '../../stores/matrix.js';
import { PersonSelect } from './PersonSelect.js';

interface Props {
  matrix: MatrixView;
  people: Person[];
  /** Opens a control's detail on the matrix (for fixes that need the full form). */
  onOpenControl?: ((controlId: string) => void) | undefined;
}

const fixFor = (gap: MatrixGap, matrix: MatrixView): string => {
  switch (gap.kind) {
    case 'requirement-without-control': {
      const requirement = matrix.requirements.find((row) => row.id === gap.requirementId);
      return requirement?.coveredByAcceptance
        ? `Keep ${requirement.coveredByAcceptance} current in Risk acceptances: an expired acceptance becomes a finding. Or add a control.`
        : 'Fix: add a compensating control, or cover the requirement by a signed risk acceptance.';
    }
    case 'control-without-evidence':
      return 'Fix: name at least one evidence source that proves the control operated.';
    case 'self-reviewed-control':
      return 'Fix: name an independent reviewer who does not perform it — usually your external reviewer.';
    case 'control-without-performer':
      return 'Fix: name the person who performs it.';
  }
};

/** The gap check, grouped: gaps an auditor would report first, then warnings; each with a one-line fix. */
export const GapList = ({ matrix, people, onOpenControl }: Props) => {
  const gaps = matrix.gaps.filter((gap) => gap.severity === 'gap');
  const warnings = matrix.gaps.filter((gap) => gap.severity === 'warning');

  if (matrix.gaps.length === 0) {
    return (
      <p className="notice notice-success" role="status" data-testid="gap-check-clear">
        No gaps: every requirement has a compensating control, every control names its evidence and someone to perform it, and no control is reviewed only by the person
        who performs it.
      </p>
    );
  }

  return (
    <div className="gap-groups">
      {[
        { title: 'Gaps', hint: 'An auditor would report these. Fix each before the observation period is tested.', items: gaps, key: 'gap' },
        { title: 'Warnings', hint: 'Worth a look; they do not break the design of the matrix.', items: warnings, key: 'warning' },
      ].map((group) =>
        group.items.length > 0 ? (
          <section key={group.key} className={`gap-group gap-group-${group.key}`} aria-labelledby={`gap-group-${group.key}`}>
            <h3 id={`gap-group-${group.key}`}>
              {group.title} <span className="count">({group.items.length})</span>
            </h3>
            <p className="field-hint">{group.hint}</p>
            <ul className="gap-list">
              {group.items.map((gap) => (
                <GapItem key={`${gap.kind}:${gap.requirementId ?? ''}:${gap.controlId ?? ''}`} gap={gap} matrix={matrix} people={people} onOpenControl={onOpenControl} />
              ))}
            </ul>
          </section>
        ) : null,
      )}
    </div>
  );
};

const GapItem = ({ gap, matrix, people, onOpenControl }: { gap: MatrixGap; matrix: MatrixView; people: Person[]; onOpenControl?: ((controlId: string) => void) | undefined }) => {
  const { updateRequirement, updateControl, addControl } = useMatrix.getState();
  const requirement = matrix.requirements.find((row) => row.id === gap.requirementId);
  const control = matrix.controls.find((row) => row.id === gap.controlId);
  const [error, setError] = useState<CallError | null>(null);
  const [busy, setBusy] = useState(false);
  const [acceptance, setAcceptance] = useState('');
  const [catalogId, setCatalogId] = useState('');
  const [personId, setPersonId] = useState<string | null>(null);
  const idBase = `gap-${gap.kind}-${gap.requirementId ?? gap.controlId ?? 'x'}`;

  const run = async (action: () => Promise<{ ok: boolean; error?: CallError }>) => {
    setBusy(true);
    setError(null);
    const result = await action();
    setBusy(false);
    if (!result.ok && result.error) setError(result.error);
  };

  const linkAcceptance = (event: FormEvent) => {
    event.preventDefault();
    if (!requirement) return;
    void run(() => updateRequirement({ id: requirement.id, coveredByAcceptance: acceptance.trim().toUpperCase(), justification: 'Covered by a risk acceptance from the gap check' }));
  };

  const available = requirement ? compensatingControls.filter((candidate) => !requirement.controls.some((link) => matrix.controls.find((c) => c.id === link.controlId)?.catalogId === candidate.id)) : [];
  const errors = fieldErrors(error);
  /** Who can fix a self-review: anyone but the performer (an auditor cannot review their own audit subject either). */
  const candidates = people.filter((person) => person.role !== 'auditor' && (gap.kind !== 'self-reviewed-control' || person.id !== control?.performerId));

  return (
    <li className={`gap-item gap-item-${gap.severity}`}>
      <p className="gap-message">
        <span className="gap-severity">{gap.severity === 'gap' ? 'Gap' : 'Warning'}:</span> {gap.message}
      </p>
      <p className="gap-fix">{fixFor(gap, matrix)}</p>
      {error ? <ErrorNotice error={error} onDismiss={() => setError(null)} /> : null}

      {gap.kind === 'requirement-without-control' && requirement && !requirement.coveredByAcceptance ? (
        <div className="gap-actions">
          <form
            className="inline-form"
            onSubmit={(event) => {
              event.preventDefault();
              if (catalogId) void run(() => addControl({ requirementId: requirement.id, catalogId, rationale: 'Added from the gap check' }));
            }}
          >
            <label htmlFor={`${idBase}-control`} className="setting-label">
              Add a control from the catalog
            </label>
            <div className="input-with-button">
              <select id={`${idBase}-control`} className="input input-compact" value={catalogId} onChange={(event) => setCatalogId(event.target.value)}>
                <option value="">Choose a control…</option>
                {available.map((candidate) => (
                  <option key={candidate.id} value={candidate.id}>
                    {candidate.title}
                  </option>
                ))}
              </select>
              <button type="submit" className="button button-small" disabled={busy || !catalogId}>
                Add control
              </button>
            </div>
          </form>
          <form className="inline-form" onSubmit={linkAcceptance} noValidate>
            <label htmlFor={`${idBase}-acceptance`} className="setting-label">
              Cover by a risk acceptance
            </label>
            <div className="input-with-button">
              <input
                id={`${idBase}-acceptance`}
                className="input input-compact input-mono"
                placeholder="RA-2026-001"
                value={acceptance}
                aria-invalid={errors.coveredByAcceptance ? true : undefined}
                aria-describedby={`${idBase}-acceptance-hint`}
                onChange={(event) => setAcceptance(event.target.value)}
              />
              <button type="submit" className="button button-small" disabled={busy || !acceptance.trim()}>
                Link acceptance
              </button>
            </div>
            {errors.coveredByAcceptance ? <p className="field-error">{errors.coveredByAcceptance}</p> : null}
            <p id={`${idBase}-acceptance-hint`} className="field-hint">
              Risk acceptances are written, signed and countersigned in their own section (<Link to="/acceptances">Risk acceptances</Link>); here you link one by its id,
              RA-YYYY-NNN.
            </p>
          </form>
        </div>
      ) : null}

      {gap.kind === 'requirement-without-control' && requirement?.coveredByAcceptance ? (
        <div className="gap-actions">
          <button
            type="button"
            className="button button-small"
            disabled={busy}
            onClick={() => void run(() => updateRequirement({ id: requirement.id, coveredByAcceptance: null, justification: 'Risk acceptance link removed from the gap check' }))}
          >
            Remove the link to {requirement.coveredByAcceptance}
          </button>
        </div>
      ) : null}

      {(gap.kind === 'self-reviewed-control' || gap.kind === 'control-without-performer') && control && candidates.length === 0 ? (
        <p className="field-hint">
          Nobody else is listed yet: add your external reviewer in <Link to="/people">People</Link> (role: External reviewer), then name them here.
        </p>
      ) : null}
      {(gap.kind === 'self-reviewed-control' || gap.kind === 'control-without-performer') && control && candidates.length > 0 ? (
        <form
          className="gap-actions inline-form"
          onSubmit={(event) => {
            event.preventDefault();
            if (!personId) return;
            void run(() =>
              updateControl(gap.kind === 'self-reviewed-control' ? { id: control.id, reviewerId: personId } : { id: control.id, performerId: personId }),
            );
          }}
        >
          <label htmlFor={`${idBase}-person`} className="setting-label">
            {gap.kind === 'self-reviewed-control' ? 'Independent reviewer' : 'Performer'}
          </label>
          <div className="input-with-button">
            <PersonSelect id={`${idBase}-person`} className="input input-compact" people={candidates} value={personId} allowNobody={false} onChange={setPersonId} />
            <button type="submit" className="button button-small" disabled={busy || !personId}>
              Save
            </button>
          </div>
        </form>
      ) : null}

      {gap.kind === 'control-without-evidence' && control && onOpenControl ? (
        <div className="gap-actions">
          <button type="button" className="button button-small" onClick={() => onOpenControl(control.id)}>
            Open “{control.title}”
          </button>
        </div>
      ) : null}
    </li>
  );
};
