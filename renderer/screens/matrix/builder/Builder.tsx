import { useEffect, useRef, useState } from 'react';
import { frameworkCriteria, sodRequirements } from '../../../../shared/catalog/index.js';
import type { OrganisationAnswers, ToolingAnswers, WizardAnswers, WizardStep } from '../../../../shared/domain/matrix.js';
import { frameworkLabels } from '../../../../shared/domain/workspace.js';
import type { CallError } from '../../../api/client.js';
import { ErrorNotice } from '../../../components/ErrorNotice.js';
import { formatDay } from '../../../components/format.js';
import { useMatrix } from '../../../stores/matrix.js';
import { usePeople } from '../../../stores/people.js';
import { useSession } from '../../../stores/session.js';
import { GapList } from '../GapList.js';
import { frameworksShown, ownerOf, stepLabels } from '../labels.js';
import { OrganisationStep, type Holders, type OrganisationDraft } from './OrganisationStep.js';
import { ProposalStep } from './ProposalStep.js';
import { StepIndicator } from './StepIndicator.js';
import { toolingQuestions, ToolingStep, type ToolingDraft } from './ToolingStep.js';

interface Props {
  onOpenMatrix(): void;
  onOpenPolicy(): void;
  onOpenControl(controlId: string): void;
}

const stepIntro: Record<WizardStep, string> = {
  organisation: 'Tell the builder who you are and who holds which duties today. Every answer is saved when you go on, so you can stop and come back.',
  tooling: 'The tools you run decide which compensating controls fit and which evidence you can produce from them.',
  proposal: 'The rows the builder proposes from your answers, each with the reason in one sentence. Accept, change or drop each one, then apply it to the matrix.',
  gaps: 'What an auditor would find missing in the design of your matrix, with the fix for each.',
  done: 'Your compensating-control matrix is built.',
};

const toolingKeys = Object.keys(toolingQuestions) as (keyof ToolingAnswers)[];
const isCompleteTooling = (draft: ToolingDraft): draft is ToolingAnswers => toolingKeys.every((key) => draft[key] !== undefined);

/** Input paths from the core ("answers.organisation.headcount") to the field that answers them. */
const errorsFrom = (error: CallError | null, section: 'organisation' | 'tooling'): Record<string, string> => {
  const errors: Record<string, string> = {};
  for (const issue of error?.issues ?? []) {
    const prefix = `answers.${section}.`;
    if (!issue.path.startsWith(prefix)) continue;
    const field = issue.path.slice(prefix.length).split('.')[0] ?? '';
    if (field && !(field in errors)) errors[field] = issue.message;
  }
  return errors;
};

/** The guided builder: five steps, each saved through matrix.wizard.save so it resumes where it was left. */
export const Builder = ({ onOpenMatrix, onOpenPolicy, onOpenControl }: Props) => {
  const matrix = useMatrix((state) => state.matrix);
  const proposal = useMatrix((state) => state.proposal);
  const { saveWizard, propose, setProposal, applyProposal } = useMatrix.getState();
  const people = usePeople((state) => state.people);
  const workspace = useSession((state) => state.workspace);
  const saved = matrix?.wizard ?? null;

  const [step, setStep] = useState<WizardStep>(saved?.step ?? 'organisation');
  const [organisation, setOrganisation] = useState<OrganisationDraft>(() => ({
    headcount: String(saved?.answers.organisation?.headcount ?? ''),
    frameworks: saved?.answers.organisation?.frameworks ?? workspace?.frameworks ?? [],
    dutyHolders: saved?.answers.organisation?.dutyHolders ?? {},
  }));
  const [tooling, setTooling] = useState<ToolingDraft>(() => saved?.answers.tooling ?? {});
  const [error, setError] = useState<CallError | null>(null);
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const moved = useRef(false);

  /** An answer given clears the message that asked for it. */
  const changeTooling = (draft: ToolingDraft) => {
    setTooling(draft);
    setLocalErrors((errors) => Object.fromEntries(Object.entries(errors).filter(([key]) => draft[key as keyof ToolingAnswers] === undefined)));
  };
  const changeOrganisation = (draft: OrganisationDraft) => {
    setLocalErrors((errors) =>
      Object.fromEntries(Object.entries(errors).filter(([key]) => key in draft && draft[key as keyof OrganisationDraft] === organisation[key as keyof OrganisationDraft])),
    );
    setOrganisation(draft);
  };

  const owner = ownerOf(people);
  const holdersFor = (requirementId: string): Holders => organisation.dutyHolders[requirementId] ?? { holderAId: owner?.id ?? null, holderBId: owner?.id ?? null };

  // The people list arrives after the first render: a new builder counts them as its headcount.
  useEffect(() => {
    if (organisation.headcount === '' && people.length > 0) {
      const staff = people.filter((person) => person.role === 'owner' || person.role === 'engineer').length;
      setOrganisation((current) => (current.headcount === '' ? { ...current, headcount: String(Math.max(1, staff)) } : current));
    }
  }, [people, organisation.headcount]);

  // Arriving at the proposal step without a proposal in hand: ask the core for one.
  const [proposeError, setProposeError] = useState<CallError | null>(null);
  useEffect(() => {
    if (step !== 'proposal' || proposal) return;
    let live = true;
    void propose().then((result) => {
      if (live) setProposeError(result.ok ? null : result.error);
    });
    return () => {
      live = false;
    };
  }, [step, proposal, propose]);

  // After moving between steps, put the keyboard at the top of the new step.
  useEffect(() => {
    if (moved.current) headingRef.current?.focus();
  }, [step]);

  const organisationAnswers = (): OrganisationAnswers | null => {
    const errors: Record<string, string> = {};
    const headcount = Number(organisation.headcount);
    if (!Number.isInteger(headcount) || headcount < 1) errors.headcount = 'Enter how many people work on the product: a whole number, at least 1.';
    if (organisation.frameworks.length === 0) errors.frameworks = 'Choose at least one framework.';
    setLocalErrors(errors);
    if (Object.keys(errors).length > 0) return null;
    return {
      headcount,
      frameworks: organisation.frameworks,
      dutyHolders: Object.fromEntries(sodRequirements.map((requirement) => [requirement.id, holdersFor(requirement.id)])),
    };
  };

  const toolingAnswers = (): ToolingAnswers | null => {
    const errors: Record<string, string> = {};
    for (const key of toolingKeys) if (tooling[key] === undefined && toolingQuestions[key]) errors[key] = `${toolingQuestions[key]}.`;
    setLocalErrors(errors);
    if (Object.keys(errors).length > 0) {
      const first = toolingKeys.find((key) => errors[key]);
      requestAnimationFrame(() => document.querySelector<HTMLInputElement>(`#wizard-${first === 'gitHost' ? 'git-host' : first}-group input`)?.focus());
      return null;
    }
    return { ...tooling, aiReviewer: tooling.aiReviewer ?? false, externalReviewer: tooling.externalReviewer ?? false } as ToolingAnswers;
  };

  /** Saves the answers with the step to resume at, then shows that step. */
  const go = async (next: WizardStep, answers: WizardAnswers) => {
    setBusy(true);
    setError(null);
    const result = await saveWizard(next, answers);
    setBusy(false);
    if (!result.ok) {
      setError(result.error);
      return false;
    }
    moved.current = true;
    setLocalErrors({});
    setStep(next);
    return true;
  };

  /** The answers saved so far, with whatever is complete in the step being left. */
  const keptAnswers = (): WizardAnswers => {
    const answers: WizardAnswers = { ...(saved?.answers ?? {}) };
    if (isCompleteTooling(tooling)) answers.tooling = tooling;
    return answers;
  };

  const next = async () => {
    if (step === 'organisation') {
      const answers = organisationAnswers();
      if (!answers) return;
      setProposal(null);
      await go('tooling', { ...keptAnswers(), organisation: answers });
    } else if (step === 'tooling') {
      const answers = toolingAnswers();
      if (!answers || !saved?.answers.organisation) return;
      setProposal(null);
      await go('proposal', { organisation: saved.answers.organisation, tooling: answers });
    } else if (step === 'gaps') {
      await go('done', saved?.answers ?? {});
    }
  };

  const back = async () => {
    const index = (['organisation', 'tooling', 'proposal', 'gaps', 'done'] as const).indexOf(step);
    const previous = (['organisation', 'tooling', 'proposal', 'gaps', 'done'] as const)[index - 1];
    if (previous) await go(previous, keptAnswers());
  };

  const apply = async () => {
    if (!proposal) return;
    setBusy(true);
    setError(null);
    const result = await applyProposal({ requirements: proposal });
    setBusy(false);
    if (!result.ok) return setError(result.error);
    await go('gaps', saved?.answers ?? {});
  };

  const skipApply = async () => {
    setProposal(null);
    await go('gaps', saved?.answers ?? {});
  };

  const restart = async () => {
    setProposal(null);
    await go('organisation', saved?.answers ?? {});
  };

  if (!matrix || !workspace) return null;
  const period = `${formatDay(workspace.periodStart)} – ${formatDay(workspace.periodEnd)} (${workspace.timeZone})`;
  const fieldErrorsNow = { ...(step === 'organisation' ? errorsFrom(error, 'organisation') : step === 'tooling' ? errorsFrom(error, 'tooling') : {}), ...localErrors };
  const stepNumber = (['organisation', 'tooling', 'proposal', 'gaps', 'done'] as const).indexOf(step) + 1;

  return (
    <div className="wizard" data-step={step}>
      <StepIndicator current={step} />
      <header className="wizard-header">
        <h2 ref={headingRef} tabIndex={-1} id="wizard-step-title">
          <span className="visually-hidden">Step {stepNumber} of 5: </span>
          {stepLabels[step]}
        </h2>
        <p className="screen-intro">{stepIntro[step]}</p>
      </header>

      {error ? <ErrorNotice error={error} onDismiss={() => setError(null)} /> : null}

      {step === 'organisation' ? (
        <OrganisationStep draft={organisation} onChange={changeOrganisation} errors={fieldErrorsNow} people={people} holdersFor={holdersFor} period={period} />
      ) : null}
      {step === 'tooling' ? <ToolingStep draft={tooling} onChange={changeTooling} errors={fieldErrorsNow} people={people} /> : null}
      {step === 'proposal' ? (
        <>
          {proposeError ? <ErrorNotice error={proposeError} /> : null}
          {proposal ? <ProposalStep proposal={proposal} onChange={setProposal} matrix={matrix} people={people} /> : !proposeError ? <p className="muted">Building the proposal…</p> : null}
        </>
      ) : null}
      {step === 'gaps' ? (
        <div className="wizard-body">
          <GapList matrix={matrix} people={people} onOpenControl={onOpenControl} />
        </div>
      ) : null}
      {step === 'done' ? <DoneSummary onOpenMatrix={onOpenMatrix} onOpenPolicy={onOpenPolicy} /> : null}

      <div className="wizard-nav">
        {step !== 'organisation' && step !== 'done' ? (
          <button type="button" className="button" disabled={busy} onClick={() => void back()}>
            ← Back
          </button>
        ) : null}
        <span className="wizard-nav-spacer" />
        {step === 'proposal' && matrix.requirements.length > 0 ? (
          <button type="button" className="button button-quiet" disabled={busy} onClick={() => void skipApply()}>
            Keep the current matrix
          </button>
        ) : null}
        {step === 'proposal' ? (
          <button type="button" className="button button-primary" disabled={busy || !proposal} onClick={() => void apply()}>
            {busy ? 'Applying…' : 'Apply to matrix'}
          </button>
        ) : null}
        {step === 'organisation' || step === 'tooling' || step === 'gaps' ? (
          <button type="button" className="button button-primary" disabled={busy} onClick={() => void next()}>
            {busy ? 'Saving…' : step === 'gaps' ? 'Finish' : 'Next →'}
          </button>
        ) : null}
        {step === 'done' ? (
          <button type="button" className="button" disabled={busy} onClick={() => void restart()}>
            Run the guided builder again
          </button>
        ) : null}
      </div>
    </div>
  );
};

const DoneSummary = ({ onOpenMatrix, onOpenPolicy }: { onOpenMatrix(): void; onOpenPolicy(): void }) => {
  const matrix = useMatrix((state) => state.matrix);
  const workspaceFrameworks = useSession((state) => state.workspace?.frameworks);
  if (!matrix) return null;
  const frameworks = frameworksShown(matrix, workspaceFrameworks);
  const criteria = new Set(matrix.controls.flatMap((control) => [...control.criteria.soc2.map((id) => `soc2:${id}`), ...control.criteria.iso27001.map((id) => `iso27001:${id}`)]));
  const known = frameworkCriteria.filter((criterion) => criteria.has(`${criterion.framework}:${criterion.id}`));
  const classic = sodRequirements.filter((requirement) => requirement.classicSolo);
  const pairs = matrix.requirements.reduce((sum, requirement) => sum + Math.max(1, requirement.controls.length), 0);
  const gaps = matrix.gaps.filter((gap) => gap.severity === 'gap').length;
  const warnings = matrix.gaps.length - gaps;
  return (
    <div className="wizard-body">
      <dl className="done-summary">
        <div>
          <dt>Requirements</dt>
          <dd>{matrix.requirements.length}</dd>
        </div>
        <div>
          <dt>Compensating controls</dt>
          <dd>{matrix.controls.length}</dd>
        </div>
        <div>
          <dt>Requirement–control pairs</dt>
          <dd>{pairs}</dd>
        </div>
        {frameworks.map((framework) => (
          <div key={framework}>
            <dt>{frameworkLabels[framework]} criteria covered</dt>
            <dd>{known.filter((criterion) => criterion.framework === framework).length}</dd>
          </div>
        ))}
        <div>
          <dt>Classic solo-founder rows</dt>
          <dd>
            {classic.filter((requirement) => matrix.requirements.some((row) => row.catalogId === requirement.id && row.controls.length > 0)).length} of {classic.length}{' '}
            covered
          </dd>
        </div>
        <div>
          <dt>Gap check</dt>
          <dd>{gaps === 0 && warnings === 0 ? 'No gaps' : `${gaps} gap${gaps === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}`}</dd>
        </div>
      </dl>
      <p>
        Next: import evidence for each control so it can become ready, and write the policy text from the matrix so what you promise matches what you do.
      </p>
      <div className="form-actions">
        <button type="button" className="button button-primary" onClick={onOpenMatrix}>
          Open the matrix table
        </button>
        <button type="button" className="button" onClick={onOpenPolicy}>
          Write the policy text
        </button>
      </div>
    </div>
  );
};
