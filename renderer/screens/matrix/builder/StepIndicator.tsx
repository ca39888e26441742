import { wizardSteps, type WizardStep } from '../../../../shared/domain/matrix.js';
import { stepLabels } from '../labels.js';

/** Where the builder is: five numbered steps, the current one marked for screen readers too. */
export const StepIndicator = ({ current }: { current: WizardStep }) => {
  const index = wizardSteps.indexOf(current);
  return (
    <nav aria-label="Guided builder steps">
      <ol className="steps">
        {wizardSteps.map((step, i) => {
          const state = i < index ? 'done' : i === index ? 'current' : 'todo';
          const finished = state === 'done' || (state === 'current' && step === 'done');
          return (
            <li key={step} className={`step step-${state}`} aria-current={state === 'current' ? 'step' : undefined}>
              <span className="step-number" aria-hidden="true">
                {finished ? '✓' : i + 1}
              </span>
              <span className="step-label">
                {stepLabels[step]}
                {state === 'done' ? <span className="visually-hidden"> (completed)</span> : null}
              </span>
            </li>
          );
        })}
      </ol>
    </nav>
  );
};
