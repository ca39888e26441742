import type { ControlStatus, MatrixControl, MatrixGap, MatrixRequirement } from '../../../shared/domain/matrix.js';
import type { Person } from '../../../shared/domain/people.js';
import type { StoredControl } from './matrixStore.js';

const isIndependentOf = (reviewer: Person | undefined, performerId: string | null): boolean =>
  reviewer !== undefined && reviewer.id !== performerId;

/** Why a control is self-reviewed, or null: same person on both sides, or nobody independent at all. */
const selfReviewProblem = (control: StoredControl, people: Person[]): string | null => {
  const performer = people.find((person) => person.id === control.performerId);
  const reviewer = people.find((person) => person.id === control.reviewerId);
  if (!performer) return null;
  if (!reviewer) return `${performer.name} performs it and nobody independent reviews it`;
  if (!isIndependentOf(reviewer, control.performerId)) return `${performer.name} performs and reviews it with no external countersign`;
  return null;
};

/** Where a control stands, in the auditor's vocabulary, and the one-line reason behind it. */
/** What the evidence says about a control: how many items prove it and how many open exceptions count against it. */
export interface ControlFacts {
  evidence: number;
  /** High and medium severity: these flag the control. */
  openExceptions: number;
  /** Low severity (e.g. a PR-number gap that may be issues): shown, but the control can still be ready. */
  findingsToConfirm: number;
}
const noFacts: ControlFacts = { evidence: 0, openExceptions: 0, findingsToConfirm: 0 };

export const controlStatus = (control: StoredControl, people: Person[], facts: ControlFacts = noFacts): { status: ControlStatus; statusReason: string } => {
  if (control.notApplicableReason) return { status: 'not_applicable', statusReason: control.notApplicableReason };
  const selfReview = selfReviewProblem(control, people);
  if (selfReview) return { status: 'flagged', statusReason: `Self-reviewed: ${selfReview}.` };
  if (control.evidenceKinds.length === 0) return { status: 'flagged', statusReason: 'No evidence source is named for this control.' };
  if (facts.openExceptions > 0) {
    return { status: 'flagged', statusReason: `${facts.openExceptions} open exception${facts.openExceptions === 1 ? '' : 's'} in its evidence.` };
  }
  if (!control.performerId) return { status: 'not_ready', statusReason: 'Nobody is named to perform this control.' };
  if (facts.evidence === 0) return { status: 'not_ready', statusReason: 'No evidence imported for this control yet.' };
  const toConfirm = facts.findingsToConfirm > 0 ? `; ${facts.findingsToConfirm} low-severity finding${facts.findingsToConfirm === 1 ? '' : 's'} to confirm` : '';
  return { status: 'ready', statusReason: `${facts.evidence} evidence item${facts.evidence === 1 ? '' : 's'}, no open exceptions${toConfirm}.` };
};

export const withStatus = (control: StoredControl, people: Person[], facts?: ControlFacts): MatrixControl => ({ ...control, ...controlStatus(control, people, facts) });

/** The gap check of the guided builder: what an auditor would find missing in the design of the matrix. */
export const checkMatrixGaps = (requirements: MatrixRequirement[], controls: StoredControl[], people: Person[]): MatrixGap[] => {
  const gaps: MatrixGap[] = [];
  const byId = new Map(controls.map((control) => [control.id, control]));
  for (const requirement of requirements) {
    const active = requirement.controls.map((link) => byId.get(link.controlId)).filter((control) => control && !control.notApplicableReason);
    const segregated = requirement.holderAId !== null && requirement.holderBId !== null && requirement.holderAId !== requirement.holderBId;
    if (active.length === 0 && !segregated) {
      gaps.push(
        requirement.coveredByAcceptance
          ? {
              kind: 'requirement-without-control',
              severity: 'warning',
              requirementId: requirement.id,
              controlId: null,
              message: `“${requirement.title}” has no compensating control; its risk is accepted in ${requirement.coveredByAcceptance}.`,
            }
          : {
              kind: 'requirement-without-control',
              severity: 'gap',
              requirementId: requirement.id,
              controlId: null,
              message: `“${requirement.title}” has no compensating control. Add one, or cover it with a signed risk acceptance.`,
            },
      );
    }
  }
  for (const control of controls) {
    if (control.notApplicableReason) continue;
    if (control.evidenceKinds.length === 0) {
      gaps.push({ kind: 'control-without-evidence', severity: 'gap', requirementId: null, controlId: control.id, message: `“${control.title}” names no evidence source, so it cannot be proven.` });
    }
    const selfReview = selfReviewProblem(control, people);
    if (selfReview) {
      gaps.push({ kind: 'self-reviewed-control', severity: 'gap', requirementId: null, controlId: control.id, message: `“${control.title}”: ${selfReview}.` });
    }
    if (!control.performerId) {
      gaps.push({ kind: 'control-without-performer', severity: 'warning', requirementId: null, controlId: control.id, message: `“${control.title}” has nobody named to perform it.` });
    }
  }
  return gaps;
};
