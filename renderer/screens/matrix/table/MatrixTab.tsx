import { useState } from 'react';
import type { MatrixView } from '../../../../shared/domain/matrix.js';
import { frameworkLabels } from '../../../../shared/domain/workspace.js';
import type { CallError } from '../../../api/client.js';
import { ErrorNotice } from '../../../components/ErrorNotice.js';
import { useMatrix } from '../../../stores/matrix.js';
import { usePeople } from '../../../stores/people.js';
import { useSession } from '../../../stores/session.js';
import { Drawer } from '../Drawer.js';
import { GapList } from '../GapList.js';
import { criteriaInUse, frameworksShown, stepLabels } from '../labels.js';
import { RequirementForm } from '../RequirementForm.js';
import { ControlDetail } from './ControlDetail.js';
import { MatrixTable, visibleRows, type CriterionFilter } from './MatrixTable.js';
import { RequirementDetail } from './RequirementDetail.js';

export type Selection = { kind: 'requirement'; requirementId: string } | { kind: 'control'; requirementId: string; controlId: string } | { kind: 'new-requirement' } | null;

interface Props {
  matrix: MatrixView;
  selection: Selection;
  onSelect(selection: Selection): void;
  onStartBuilder(): void;
}

/** Characters no file system accepts in a name. */
const safeFileName = (name: string): string => name.replace(/[\\/:*?"<>|\u0000-\u001f]/g, '-').trim() || 'Countersign';

export const MatrixTab = ({ matrix, selection, onSelect, onStartBuilder }: Props) => {
  const people = usePeople((state) => state.people);
  const organisation = useSession((state) => state.workspace?.organisation ?? 'Countersign');
  const workspaceFrameworks = useSession((state) => state.workspace?.frameworks);
  const { applyTemplate, csv } = useMatrix.getState();
  const [filterKey, setFilterKey] = useState('');
  const [error, setError] = useState<CallError | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState<'template' | 'csv' | null>(null);
  const [showGaps, setShowGaps] = useState(false);

  const frameworks = frameworksShown(matrix, workspaceFrameworks);
  const criteria = criteriaInUse(matrix, frameworks);
  const filter: CriterionFilter | null = filterKey ? (() => {
    const [framework, id] = filterKey.split(':') as [CriterionFilter['framework'], string];
    return { framework, id };
  })() : null;
  const activeFilter = filter && criteria.some((criterion) => criterion.framework === filter.framework && criterion.id === filter.id) ? filter : null;

  const template = async () => {
    setBusy('template');
    setError(null);
    const result = await applyTemplate();
    setBusy(null);
    if (!result.ok) return setError(result.error);
    setNotice('Applied the solo-founder template: the six classic rows and three more, for one person on GitHub, GitHub Actions, AWS and Terraform.');
  };

  const download = async () => {
    setBusy('csv');
    setError(null);
    const result = await csv();
    setBusy(null);
    if (!result.ok) return setError(result.error);
    const url = URL.createObjectURL(new Blob([result.value.csv], { type: 'text/csv;charset=utf-8' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = `${safeFileName(organisation)} matrix.csv`;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    setNotice(`Downloaded the matrix as CSV: ${result.value.rows} rows, one per requirement–control pair.`);
  };

  const closeWith = (message: string) => {
    onSelect(null);
    setNotice(message);
  };

  if (matrix.requirements.length === 0) {
    const inProgress = matrix.wizard && matrix.wizard.step !== 'done' ? matrix.wizard.step : null;
    return (
      <div className="matrix-empty">
        {error ? <ErrorNotice error={error} onDismiss={() => setError(null)} /> : null}
        <h2>Your matrix is empty</h2>
        <p>
          The matrix lists each segregation-of-duties requirement you cannot meet with two people, the compensating controls that address its risk, the SOC 2 and ISO
          27001 criteria they answer, and the evidence that proves them. Two ways to start:
        </p>
        <div className="matrix-empty-choices">
          <div className="start-card start-card-primary">
            <h3>Guided builder</h3>
            <p>Answer a few questions about your team and tools; the builder proposes each row and explains why. About ten minutes.</p>
            <button type="button" className="button button-primary" onClick={onStartBuilder}>
              {inProgress ? `Continue the guided builder (${stepLabels[inProgress]})` : 'Start the guided builder'}
            </button>
          </div>
          <div className="start-card">
            <h3>Solo-founder template</h3>
            <p>One person on GitHub, GitHub Actions, AWS and Terraform, with an AI reviewer and an external reviewer. Edit the rows afterwards.</p>
            <button type="button" className="button" disabled={busy !== null} onClick={() => void template()}>
              {busy === 'template' ? 'Applying…' : 'Apply the solo template'}
            </button>
          </div>
        </div>
      </div>
    );
  }

  const pairs = visibleRows(matrix, activeFilter).reduce((sum, row) => sum + Math.max(1, row.controls.length), 0);
  const allPairs = matrix.requirements.reduce((sum, requirement) => sum + Math.max(1, requirement.controls.length), 0);
  const gapCount = matrix.gaps.filter((gap) => gap.severity === 'gap').length;
  const warningCount = matrix.gaps.length - gapCount;
  const requirement = selection && selection.kind !== 'new-requirement' ? matrix.requirements.find((row) => row.id === selection.requirementId) : undefined;
  const control = selection?.kind === 'control' ? matrix.controls.find((row) => row.id === selection.controlId) : undefined;

  return (
    <div className="matrix-tab">
      <div className="matrix-toolbar">
        <div className="matrix-filter">
          <label htmlFor="matrix-criterion" className="setting-label">
            Framework criterion
          </label>
          <select id="matrix-criterion" className="input input-compact" value={activeFilter ? filterKey : ''} onChange={(event) => setFilterKey(event.target.value)}>
            <option value="">All criteria</option>
            {frameworks.map((framework) =>
              criteria.some((criterion) => criterion.framework === framework) ? (
                <optgroup key={framework} label={frameworkLabels[framework]}>
                  {criteria
                    .filter((criterion) => criterion.framework === framework)
                    .map((criterion) => (
                      <option key={criterion.id} value={`${framework}:${criterion.id}`}>
                        {criterion.id} — {criterion.title}
                      </option>
                    ))}
                </optgroup>
              ) : null,
            )}
          </select>
        </div>
        <p className="matrix-count" role="status" aria-live="polite">
          {activeFilter ? `Showing ${pairs} of ${allPairs} requirement–control pairs` : `${matrix.requirements.length} requirements · ${matrix.controls.length} controls · ${allPairs} pairs`}
        </p>
        <div className="button-group">
          <button type="button" className="button" onClick={() => onSelect({ kind: 'new-requirement' })}>
            Add a requirement
          </button>
          <button type="button" className="button" disabled={busy !== null} onClick={() => void download()}>
            {busy === 'csv' ? 'Preparing…' : 'Download CSV'}
          </button>
        </div>
      </div>

      {error ? <ErrorNotice error={error} onDismiss={() => setError(null)} /> : null}
      {notice ? (
        <p className="notice notice-success" role="status">
          <span className="notice-body">{notice}</span>
          <button type="button" className="button button-quiet notice-dismiss" aria-label="Dismiss this message" onClick={() => setNotice(null)}>
            ×
          </button>
        </p>
      ) : null}

      {matrix.gaps.length > 0 ? (
        <div className={`notice ${gapCount > 0 ? 'notice-warn' : 'notice-info'} gap-summary`}>
          <div className="notice-body">
            <p>
              <strong>
                Gap check: {gapCount} gap{gapCount === 1 ? '' : 's'}, {warningCount} warning{warningCount === 1 ? '' : 's'}.
              </strong>{' '}
              {gapCount > 0 ? 'An auditor would report the gaps.' : 'Nothing an auditor would report, but worth a look.'}
            </p>
            {showGaps ? <GapList matrix={matrix} people={people} onOpenControl={(controlId) => openControlAnywhere(matrix, controlId, onSelect)} /> : null}
          </div>
          <button type="button" className="button button-small" aria-expanded={showGaps} onClick={() => setShowGaps(!showGaps)}>
            {showGaps ? 'Hide' : 'Show the gaps'}
          </button>
        </div>
      ) : (
        <p className="gap-clear">
          <span aria-hidden="true">✓</span> Gap check: no gaps. Every requirement is compensated, every control names its evidence, performer and an independent reviewer.
        </p>
      )}

      <MatrixTable
        matrix={matrix}
        people={people}
        frameworks={frameworks}
        filter={activeFilter}
        onOpenRequirement={(requirementId) => onSelect({ kind: 'requirement', requirementId })}
        onOpenControl={(requirementId, controlId) => onSelect({ kind: 'control', requirementId, controlId })}
      />

      <Drawer
        open={selection !== null && (selection.kind === 'new-requirement' || (selection.kind === 'requirement' && requirement !== undefined) || control !== undefined)}
        onClose={() => onSelect(null)}
        kicker={
          selection?.kind === 'control' && control
            ? `Compensating control${control.catalogId ? ` · ${control.catalogId}` : ' · your own'} · ${control.nature}, ${control.automation}`
            : selection?.kind === 'requirement' && requirement
              ? `Requirement · ${requirement.catalogId ?? 'your own'}`
              : 'New requirement'
        }
        title={selection?.kind === 'control' && control ? control.title : selection?.kind === 'requirement' && requirement ? requirement.title : 'Add a requirement of your own'}
      >
        {selection?.kind === 'control' && control ? (
          <ControlDetail
            key={`${selection.requirementId}/${control.id}`}
            control={control}
            requirementId={selection.requirementId}
            matrix={matrix}
            people={people}
            onOpenRequirement={(requirementId) => onSelect({ kind: 'requirement', requirementId })}
            onClosed={closeWith}
          />
        ) : null}
        {selection?.kind === 'requirement' && requirement ? (
          <RequirementDetail
            key={requirement.id}
            requirement={requirement}
            matrix={matrix}
            people={people}
            onOpenControl={(controlId) => onSelect({ kind: 'control', requirementId: requirement.id, controlId })}
            onClosed={closeWith}
          />
        ) : null}
        {selection?.kind === 'new-requirement' ? (
          <div className="detail">
            <p className="muted">A duty pair the catalog does not cover. Once added, open it to give it a compensating control, or link a risk acceptance.</p>
            <RequirementForm people={people} idPrefix="new-requirement" onDone={closeWith} onCancel={() => onSelect(null)} />
          </div>
        ) : null}
      </Drawer>
    </div>
  );
};

/** A control opened from outside a requirement (the gap check): shown in the context of its first requirement. */
export const openControlAnywhere = (matrix: MatrixView, controlId: string, onSelect: (selection: Selection) => void) => {
  const requirement = matrix.requirements.find((row) => row.controls.some((link) => link.controlId === controlId));
  if (requirement) onSelect({ kind: 'control', requirementId: requirement.id, controlId });
};
