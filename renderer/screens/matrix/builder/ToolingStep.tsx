import type { ToolingAnswers } from '../../../../shared/domain/matrix.js';
import type { Person } from '../../../../shared/domain/people.js';
import { ciChoices, cloudChoices, gitHostChoices, iacChoices, loggingChoices, yesNoChoices } from '../labels.js';
import { RadioGroup } from '../RadioGroup.js';

export type ToolingDraft = Partial<ToolingAnswers>;

export const toolingQuestions: Record<keyof ToolingAnswers, string> = {
  gitHost: 'Choose where your code is hosted',
  ci: 'Choose how changes are built and tested',
  cloud: 'Choose where production runs',
  kubernetes: 'Say whether you run Kubernetes',
  iac: 'Choose how infrastructure is changed',
  logging: 'Choose how logs and alerts are handled',
  aiReviewer: '',
  externalReviewer: '',
};

interface Props {
  draft: ToolingDraft;
  onChange(draft: ToolingDraft): void;
  errors: Record<string, string>;
  people: Person[];
}

export const ToolingStep = ({ draft, onChange, errors, people }: Props) => {
  const set = <K extends keyof ToolingAnswers>(key: K, value: ToolingAnswers[K]) => onChange({ ...draft, [key]: value });
  const reviewers = people.filter((person) => person.role === 'external_reviewer');

  return (
    <div className="wizard-body">
      <fieldset className="form-section">
        <legend>Code and delivery</legend>
        <RadioGroup name="wizard-git-host" legend="Git host" choices={gitHostChoices} value={draft.gitHost} error={errors.gitHost} onChange={(value) => set('gitHost', value)} />
        <RadioGroup name="wizard-ci" legend="Continuous integration (CI)" choices={ciChoices} value={draft.ci} error={errors.ci} onChange={(value) => set('ci', value)} />
        <label className="checkbox checkbox-block">
          <input type="checkbox" checked={draft.aiReviewer ?? false} onChange={(event) => set('aiReviewer', event.target.checked)} />
          <span>
            <span className="choice-label">An AI reviewer runs on pull requests</span>
            <span className="choice-hint">For example CodeRabbit, Copilot review or a review bot that comments on every pull request.</span>
          </span>
        </label>
      </fieldset>

      <fieldset className="form-section">
        <legend>Infrastructure</legend>
        <RadioGroup name="wizard-cloud" legend="Cloud" choices={cloudChoices} value={draft.cloud} error={errors.cloud} onChange={(value) => set('cloud', value)} />
        <RadioGroup
          name="wizard-kubernetes"
          legend="Do you run Kubernetes?"
          choices={yesNoChoices}
          value={draft.kubernetes === undefined ? undefined : draft.kubernetes ? 'yes' : 'no'}
          error={errors.kubernetes}
          onChange={(value) => set('kubernetes', value === 'yes')}
        />
        <RadioGroup name="wizard-iac" legend="Infrastructure as code" choices={iacChoices} value={draft.iac} error={errors.iac} onChange={(value) => set('iac', value)} />
      </fieldset>

      <fieldset className="form-section">
        <legend>Monitoring and independent review</legend>
        <RadioGroup name="wizard-logging" legend="Logging and alerting" choices={loggingChoices} value={draft.logging} error={errors.logging} onChange={(value) => set('logging', value)} />
        <label className="checkbox checkbox-block">
          <input type="checkbox" checked={draft.externalReviewer ?? false} onChange={(event) => set('externalReviewer', event.target.checked)} />
          <span>
            <span className="choice-label">An external reviewer is engaged</span>
            <span className="choice-hint">
              {reviewers.length > 0
                ? `A fractional CISO or consultant who reviews your controls each quarter. Listed in People: ${reviewers.map((person) => person.name).join(', ')}.`
                : 'A fractional CISO or consultant who reviews your controls each quarter. Add them in People (role: External reviewer) so controls can name them as independent reviewer.'}
            </span>
          </span>
        </label>
      </fieldset>
    </div>
  );
};
