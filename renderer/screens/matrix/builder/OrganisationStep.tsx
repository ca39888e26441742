import { sodRequirements } from '../../../../shared/catalog/index.js';
import type { Person } from '../../../../shared/domain/people.js';
import { frameworkLabels, type Framework } from '../../../../shared/domain/workspace.js';
import { Field } from '../../../components/Field.js';
import { frameworkOrder, personName } from '../labels.js';
import { PersonSelect } from '../PersonSelect.js';

export interface Holders {
  holderAId: string | null;
  holderBId: string | null;
}

export interface OrganisationDraft {
  headcount: string;
  frameworks: Framework[];
  /** Only the rows the person changed or saved; the others default to the owner on both sides. */
  dutyHolders: Record<string, Holders>;
}

interface Props {
  draft: OrganisationDraft;
  onChange(draft: OrganisationDraft): void;
  errors: Record<string, string>;
  people: Person[];
  holdersFor(requirementId: string): Holders;
  period: string;
}

export const OrganisationStep = ({ draft, onChange, errors, people, holdersFor, period }: Props) => {
  const set = <K extends keyof OrganisationDraft>(key: K, value: OrganisationDraft[K]) => onChange({ ...draft, [key]: value });
  const setHolder = (requirementId: string, side: keyof Holders, personId: string | null) =>
    set('dutyHolders', { ...draft.dutyHolders, [requirementId]: { ...holdersFor(requirementId), [side]: personId } });

  return (
    <div className="wizard-body">
      <fieldset className="form-section">
        <legend>Your organisation</legend>
        <div className="field-row">
          <Field
            id="wizard-headcount"
            label="How many people work on the product?"
            hint="Everyone with access to code or production, including you and contractors."
            error={errors.headcount}
          >
            {(control) => (
              <input
                {...control}
                className="input input-number"
                type="number"
                min={1}
                step={1}
                inputMode="numeric"
                value={draft.headcount}
                onChange={(event) => set('headcount', event.target.value)}
              />
            )}
          </Field>
          <div className={`field${errors.frameworks ? ' field-invalid' : ''}`}>
            <fieldset className="checkbox-group" id="wizard-frameworks" aria-describedby={errors.frameworks ? 'wizard-frameworks-error' : 'wizard-frameworks-hint'}>
              <legend className="field-label">Frameworks you are audited against</legend>
              <div className="checkbox-row">
                {frameworkOrder.map((framework) => (
                  <label key={framework} className="checkbox">
                    <input
                      type="checkbox"
                      checked={draft.frameworks.includes(framework)}
                      onChange={(event) =>
                        set('frameworks', event.target.checked ? frameworkOrder.filter((f) => f === framework || draft.frameworks.includes(f)) : draft.frameworks.filter((f) => f !== framework))
                      }
                    />
                    {frameworkLabels[framework]}
                  </label>
                ))}
              </div>
            </fieldset>
            {errors.frameworks ? (
              <p id="wizard-frameworks-error" className="field-error">
                {errors.frameworks}
              </p>
            ) : (
              <p id="wizard-frameworks-hint" className="field-hint">
                The proposal maps each control to the criteria of these frameworks.
              </p>
            )}
          </div>
        </div>
        <div className="field">
          <span className="field-label" id="wizard-period-label">
            Observation period
          </span>
          <p className="readonly-value" aria-labelledby="wizard-period-label">
            {period}
          </p>
          <p className="field-hint">Agreed with your auditor and set when the workspace was created; every control must operate across it.</p>
        </div>
      </fieldset>

      <fieldset className="form-section">
        <legend>Who holds which duties today</legend>
        <p className="form-section-hint">
          Each row is a pair of duties that auditors expect to sit with different people. Where the same person holds both sides, the builder proposes a
          compensating control; where two different people hold them, the traditional control already works and no compensation is needed.
        </p>
        {errors.dutyHolders ? <p className="field-error">{errors.dutyHolders}</p> : null}
        <ul className="duty-list">
          {sodRequirements.map((requirement) => {
            const holders = holdersFor(requirement.id);
            const same = holders.holderAId === null || holders.holderBId === null || holders.holderAId === holders.holderBId;
            return (
              <li key={requirement.id} className="duty-row" aria-labelledby={`duty-${requirement.id}-title`}>
                <p className="duty-title" id={`duty-${requirement.id}-title`}>
                  {requirement.title}
                </p>
                <div className="duty-pair">
                  <label className="duty-holder">
                    <span className="duty-name">
                      {requirement.conflictingDuties[0]} <span className="muted">— held by</span>
                    </span>
                    <PersonSelect
                      people={people}
                      value={holders.holderAId}
                      className="input input-compact"
                      nobodyLabel="Nobody yet"
                      aria-describedby={`duty-${requirement.id}-verdict`}
                      onChange={(id) => setHolder(requirement.id, 'holderAId', id)}
                    />
                  </label>
                  <label className="duty-holder">
                    <span className="duty-name">
                      {requirement.conflictingDuties[1]} <span className="muted">— held by</span>
                    </span>
                    <PersonSelect
                      people={people}
                      value={holders.holderBId}
                      className="input input-compact"
                      nobodyLabel="Nobody yet"
                      aria-describedby={`duty-${requirement.id}-verdict`}
                      onChange={(id) => setHolder(requirement.id, 'holderBId', id)}
                    />
                  </label>
                </div>
                <p id={`duty-${requirement.id}-verdict`} className={`duty-verdict ${same ? 'duty-verdict-conflict' : 'duty-verdict-ok'}`}>
                  {same
                    ? holders.holderAId === holders.holderBId && holders.holderAId !== null
                      ? `${personName(people, holders.holderAId)} holds both: a compensating control is needed.`
                      : 'Nobody is named on one side: treated as one person holding both.'
                    : 'Two different people: segregated, no compensating control needed.'}
                </p>
              </li>
            );
          })}
        </ul>
      </fieldset>
    </div>
  );
};
