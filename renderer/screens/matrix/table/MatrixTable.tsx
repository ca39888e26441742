import { controlFrequencyLabels } from '../../../../shared/catalog/index.js';
import { evidenceKindLabels } from '../../../../shared/domain/evidenceKinds.js';
import type { MatrixControl, MatrixRequirement, MatrixView } from '../../../../shared/domain/matrix.js';
import type { Person } from '../../../../shared/domain/people.js';
import type { Framework } from '../../../../shared/domain/workspace.js';
import { criterionTitle, personName } from '../labels.js';
import { StatusBadge } from '../StatusBadge.js';

export interface CriterionFilter {
  framework: Framework;
  id: string;
}

interface Props {
  matrix: MatrixView;
  people: Person[];
  filter: CriterionFilter | null;
  /** The frameworks whose criteria are shown. */
  frameworks: Framework[];
  onOpenRequirement(requirementId: string): void;
  onOpenControl(requirementId: string, controlId: string): void;
}

export const matchesFilter = (control: MatrixControl, filter: CriterionFilter | null): boolean => filter === null || control.criteria[filter.framework].includes(filter.id);

/** The rows the table shows: each requirement with the controls that pass the filter. */
export const visibleRows = (matrix: MatrixView, filter: CriterionFilter | null): { requirement: MatrixRequirement; controls: { control: MatrixControl; rationale: string }[] }[] => {
  const byId = new Map(matrix.controls.map((control) => [control.id, control]));
  return matrix.requirements
    .map((requirement) => ({
      requirement,
      controls: requirement.controls.flatMap((link) => {
        const control = byId.get(link.controlId);
        return control && matchesFilter(control, filter) ? [{ control, rationale: link.rationale }] : [];
      }),
    }))
    .filter((row) => filter === null || row.controls.length > 0);
};

const frameworkShort: Record<Framework, string> = { soc2: 'SOC 2', iso27001: 'ISO' };

const Criteria = ({ control, filter, frameworks }: { control: MatrixControl; filter: CriterionFilter | null; frameworks: Framework[] }) => (
  <ul className="criteria-list">
    {frameworks.map((framework) =>
      control.criteria[framework].length > 0 ? (
        <li key={framework}>
          <span className="criteria-framework">{frameworkShort[framework]}</span>{' '}
          {control.criteria[framework].map((id, index) => (
            <span key={id}>
              {index > 0 ? ', ' : null}
              <abbr title={criterionTitle(framework, id)} className={filter?.framework === framework && filter.id === id ? 'criterion-match' : undefined}>
                {id}
              </abbr>
            </span>
          ))}
        </li>
      ) : null,
    )}
  </ul>
);

/**
 * The compensating-control matrix as auditors read it: one line per requirement-control pair, the
 * requirement's own cells spanning its controls.
 */
export const MatrixTable = ({ matrix, people, filter, frameworks, onOpenRequirement, onOpenControl }: Props) => {
  const rows = visibleRows(matrix, filter);
  return (
    <div className="table-wrap matrix-table-wrap">
      <table className="table matrix-table" aria-label="Compensating-control matrix">
        <colgroup>
          <col className="col-requirement" />
          <col className="col-duties" />
          <col className="col-risk" />
          <col className="col-control" />
          <col className="col-criteria" />
          <col className="col-evidence" />
          <col className="col-frequency" />
          <col className="col-people" />
          <col className="col-status" />
        </colgroup>
        <thead>
          <tr>
            <th scope="col">Requirement</th>
            <th scope="col">Conflicting duties</th>
            <th scope="col">Risk</th>
            <th scope="col">Compensating controls</th>
            <th scope="col">Criteria</th>
            <th scope="col">Evidence expected</th>
            <th scope="col">Frequency</th>
            <th scope="col">Performer / reviewer</th>
            <th scope="col">Status</th>
          </tr>
        </thead>
        {rows.map(({ requirement, controls }) => {
          const span = Math.max(1, controls.length);
          const requirementCells = (
            <>
              <th scope="rowgroup" rowSpan={span} className="cell-requirement">
                <button type="button" className="link-button" onClick={() => onOpenRequirement(requirement.id)}>
                  {requirement.title}
                </button>
                <span className="cell-sub">{requirement.catalogId ?? 'Your own requirement'}</span>
                {requirement.coveredByAcceptance ? <span className="cell-sub">Risk accepted in {requirement.coveredByAcceptance}</span> : null}
              </th>
              <td rowSpan={span}>
                <span className="duty">{requirement.dutyA}</span>
                <span className="duty-versus" aria-hidden="true">
                  ⇄
                </span>
                <span className="visually-hidden">conflicts with</span>
                <span className="duty">{requirement.dutyB}</span>
                <span className="cell-sub">
                  Held by {personName(people, requirement.holderAId, 'nobody')}
                  {requirement.holderAId === requirement.holderBId ? ' (both)' : ` / ${personName(people, requirement.holderBId, 'nobody')}`}
                </span>
              </td>
              <td rowSpan={span} className="cell-risk">
                {requirement.riskStatement}
              </td>
            </>
          );
          return (
            <tbody key={requirement.id} className="matrix-group" data-requirement={requirement.catalogId ?? requirement.id}>
              {controls.length === 0 ? (
                <tr>
                  {requirementCells}
                  <td colSpan={6} className="cell-no-control">
                    {requirement.coveredByAcceptance
                      ? `No compensating control: the risk is accepted in ${requirement.coveredByAcceptance}.`
                      : 'No compensating control yet — a gap. Open the requirement to add one, or cover it by a risk acceptance.'}
                  </td>
                </tr>
              ) : (
                controls.map(({ control, rationale }, index) => (
                  <tr key={control.id} data-control={control.catalogId ?? control.id}>
                    {index === 0 ? requirementCells : null}
                    <td className="cell-control">
                      <button type="button" className="link-button" title={rationale || undefined} onClick={() => onOpenControl(requirement.id, control.id)}>
                        {control.title}
                      </button>
                      <span className="cell-sub">
                        {control.nature}, {control.automation}
                      </span>
                    </td>
                    <td>
                      <Criteria control={control} filter={filter} frameworks={frameworks} />
                    </td>
                    <td className="cell-evidence">
                      {control.evidenceExpected || <span className="muted">Nothing described</span>}
                      <span className="cell-sub">{control.evidenceKinds.length > 0 ? control.evidenceKinds.map((kind) => evidenceKindLabels[kind]).join(' · ') : 'No evidence source named'}</span>
                    </td>
                    <td>{controlFrequencyLabels[control.frequency]}</td>
                    <td>
                      <span className="person-line">{personName(people, control.performerId)}</span>
                      <span className="cell-sub">Reviewed by {personName(people, control.reviewerId, 'nobody')}</span>
                    </td>
                    <td>
                      <StatusBadge status={control.status} reason={control.statusReason} />
                    </td>
                  </tr>
                ))
              )}
            </tbody>
          );
        })}
      </table>
    </div>
  );
};
