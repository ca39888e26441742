import { useState } from 'react';
import { controlFrequencies, controlFrequencyLabels, findCatalogControl, findCatalogRequirement, type ControlFrequency } from '../../../../shared/catalog/index.js';
import { evidenceKindLabels } from '../../../../shared/domain/evidenceKinds.js';
import type { MatrixView, ProposedControl, ProposedRequirement } from '../../../../shared/domain/matrix.js';
import type { Person } from '../../../../shared/domain/people.js';
import { personName } from '../labels.js';
import { PersonSelect } from '../PersonSelect.js';
import { RequirementForm } from '../RequirementForm.js';

interface Props {
  proposal: ProposedRequirement[];
  onChange(proposal: ProposedRequirement[]): void;
  matrix: MatrixView;
  people: Person[];
}

type Settings = Pick<ProposedControl, 'ownerId' | 'performerId' | 'reviewerId' | 'frequency'>;

const criteriaText = (catalogId: string): string => {
  const control = findCatalogControl(catalogId);
  if (!control) return '';
  return [...control.criteria.soc2, ...control.criteria.iso27001].join(', ');
};

export const ProposalStep = ({ proposal, onChange, matrix, people }: Props) => {
  const [notice, setNotice] = useState<string | null>(null);
  const customRequirements = matrix.requirements.filter((requirement) => requirement.catalogId === null);
  const catalogRowsInMatrix = matrix.requirements.filter((requirement) => requirement.catalogId !== null).length;

  const setRequirement = (index: number, include: boolean) => onChange(proposal.map((row, i) => (i === index ? { ...row, include } : row)));
  const setControlIncluded = (index: number, catalogId: string, include: boolean) =>
    onChange(proposal.map((row, i) => (i === index ? { ...row, controls: row.controls.map((control) => (control.catalogId === catalogId ? { ...control, include } : control)) } : row)));
  /** A control is one row in the matrix however many requirements it serves: its settings change everywhere. */
  const setControlSettings = (catalogId: string, settings: Partial<Settings>) =>
    onChange(proposal.map((row) => ({ ...row, controls: row.controls.map((control) => (control.catalogId === catalogId ? { ...control, ...settings } : control)) })));
  const usedBy = (catalogId: string) => proposal.filter((row) => row.include && row.controls.some((control) => control.include && control.catalogId === catalogId)).length;

  const included = proposal.filter((row) => row.include);
  const controlCount = new Set(included.flatMap((row) => row.controls.filter((control) => control.include).map((control) => control.catalogId))).size;

  return (
    <div className="wizard-body">
      <p className="proposal-summary" role="status">
        Proposed: <strong>{included.length}</strong> of {proposal.length} requirements, compensated by <strong>{controlCount}</strong> distinct controls. Untick
        what does not apply; change who owns, performs and independently reviews each control, and how often it runs.
      </p>
      {catalogRowsInMatrix > 0 ? (
        <p className="notice notice-info">
          Your matrix already has {catalogRowsInMatrix} catalog requirement{catalogRowsInMatrix === 1 ? '' : 's'}. Applying this proposal replaces them (and edits made to
          them); requirements you added yourself are kept.
        </p>
      ) : null}

      <ol className="proposal-list">
        {proposal.map((row, index) => {
          const catalog = findCatalogRequirement(row.catalogId);
          const titleId = `proposal-${row.catalogId}-title`;
          return (
            <li key={row.catalogId}>
              <section className={`proposal-card${row.include ? '' : ' proposal-dropped'}`} aria-labelledby={titleId}>
                <header className="proposal-head">
                  <label className="checkbox proposal-include">
                    <input type="checkbox" checked={row.include} onChange={(event) => setRequirement(index, event.target.checked)} aria-describedby={`proposal-${row.catalogId}-why`} />
                    <span className="proposal-title" id={titleId}>
                      {catalog?.title ?? row.catalogId}
                    </span>
                  </label>
                  <span className={`badge ${row.include ? 'badge-accent' : 'badge-muted'}`}>{row.include ? 'Accepted' : 'Dropped'}</span>
                </header>
                {catalog ? (
                  <p className="proposal-duties">
                    <span>{catalog.conflictingDuties[0]}</span>
                    <span className="muted"> (held by {personName(people, row.holderAId, 'nobody yet')})</span>
                    <span aria-hidden="true" className="duty-versus">
                      {' '}
                      ⇄{' '}
                    </span>
                    <span className="visually-hidden"> conflicts with </span>
                    <span>{catalog.conflictingDuties[1]}</span>
                    <span className="muted"> (held by {personName(people, row.holderBId, 'nobody yet')})</span>
                  </p>
                ) : null}
                <p className="why" id={`proposal-${row.catalogId}-why`}>
                  <span className="why-label">Why: </span>
                  {row.why}
                </p>
                {row.include ? (
                  <ul className="proposal-controls" aria-label={`Compensating controls for ${catalog?.title ?? row.catalogId}`}>
                    {row.controls.map((control) => {
                      const catalogControl = findCatalogControl(control.catalogId);
                      const key = `${row.catalogId}-${control.catalogId}`;
                      const shared = usedBy(control.catalogId);
                      return (
                        <li key={control.catalogId} className={`proposal-control${control.include ? '' : ' proposal-dropped'}`}>
                          <label className="checkbox">
                            <input type="checkbox" checked={control.include} onChange={(event) => setControlIncluded(index, control.catalogId, event.target.checked)} aria-describedby={`${key}-why`} />
                            <span className="proposal-control-title">{catalogControl?.title ?? control.catalogId}</span>
                          </label>
                          <p className="why" id={`${key}-why`}>
                            {control.why}
                          </p>
                          {control.include ? (
                            <>
                              <dl className="facts">
                                <div>
                                  <dt>Evidence</dt>
                                  <dd>{control.evidenceKinds.map((kind) => evidenceKindLabels[kind]).join(', ')}</dd>
                                </div>
                                <div>
                                  <dt>Criteria</dt>
                                  <dd>{criteriaText(control.catalogId)}</dd>
                                </div>
                              </dl>
                              <div className="control-settings">
                                <label className="setting">
                                  <span className="setting-label">Owner</span>
                                  <PersonSelect people={people} namesOnly className="input input-compact" value={control.ownerId} onChange={(id) => setControlSettings(control.catalogId, { ownerId: id })} />
                                </label>
                                <label className="setting">
                                  <span className="setting-label">Performer</span>
                                  <PersonSelect people={people} namesOnly className="input input-compact" value={control.performerId} onChange={(id) => setControlSettings(control.catalogId, { performerId: id })} />
                                </label>
                                <label className="setting">
                                  <span className="setting-label">Independent reviewer</span>
                                  <PersonSelect people={people} namesOnly className="input input-compact" value={control.reviewerId} onChange={(id) => setControlSettings(control.catalogId, { reviewerId: id })} />
                                </label>
                                <label className="setting">
                                  <span className="setting-label">Frequency</span>
                                  <select
                                    className="input input-compact"
                                    value={control.frequency}
                                    onChange={(event) => setControlSettings(control.catalogId, { frequency: event.target.value as ControlFrequency })}
                                  >
                                    {controlFrequencies.map((frequency) => (
                                      <option key={frequency} value={frequency}>
                                        {controlFrequencyLabels[frequency]}
                                      </option>
                                    ))}
                                  </select>
                                </label>
                              </div>
                              {control.performerId !== null && control.performerId === control.reviewerId ? (
                                <p className="field-error">The same person performs and reviews this control: the gap check will flag it. Name an independent reviewer.</p>
                              ) : null}
                              {shared > 1 ? (
                                <p className="field-hint">This control also serves {shared - 1} other requirement{shared === 2 ? '' : 's'}; who runs it and how often apply to all of them.</p>
                              ) : null}
                            </>
                          ) : null}
                        </li>
                      );
                    })}
                  </ul>
                ) : null}
              </section>
            </li>
          );
        })}
      </ol>

      <details className="form-section custom-requirements">
        <summary>Add a requirement of your own</summary>
        <p className="form-section-hint">
          A duty pair the catalog does not cover, e.g. “Customer data exports are approved by a second person”. It is saved to the matrix straight away and kept when you
          apply the proposal; give it a control in the gap check, or cover it with a risk acceptance.
        </p>
        {notice ? (
          <p className="notice notice-success" role="status">
            {notice}
          </p>
        ) : null}
        {customRequirements.length > 0 ? (
          <ul className="custom-list" aria-label="Your own requirements in the matrix">
            {customRequirements.map((requirement) => (
              <li key={requirement.id}>
                <strong>{requirement.title}</strong> — {requirement.dutyA} ⇄ {requirement.dutyB}
              </li>
            ))}
          </ul>
        ) : null}
        <RequirementForm people={people} idPrefix="custom-requirement" onDone={setNotice} />
      </details>
    </div>
  );
};
