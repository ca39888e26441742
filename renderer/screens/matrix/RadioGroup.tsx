import type { Choice } from './labels.js';

interface Props<V extends string> {
  name: string;
  legend: string;
  hint?: string | undefined;
  choices: Choice<V>[];
  value: V | undefined;
  error?: string | undefined;
  onChange(value: V): void;
}

/** A fieldset of radio buttons: arrow keys move between choices, the legend names the question. */
export const RadioGroup = <V extends string>({ name, legend, hint, choices, value, error, onChange }: Props<V>) => {
  const hintId = hint ? `${name}-hint` : undefined;
  const errorId = error ? `${name}-error` : undefined;
  return (
    <fieldset
      className={`choice-group${error ? ' field-invalid' : ''}`}
      aria-describedby={[errorId, hintId].filter(Boolean).join(' ') || undefined}
      aria-invalid={error ? true : undefined}
      id={`${name}-group`}
    >
      <legend className="field-label">{legend}</legend>
      {hint ? (
        <p id={hintId} className="field-hint">
          {hint}
        </p>
      ) : null}
      <div className="choice-list">
        {choices.map((choice) => (
          <label key={choice.value} className={`choice${value === choice.value ? ' choice-selected' : ''}`}>
            <input type="radio" name={name} value={choice.value} checked={value === choice.value} onChange={() => onChange(choice.value)} />
            <span className="choice-text">
              <span className="choice-label">{choice.label}</span>
              {choice.hint ? <span className="choice-hint">{choice.hint}</span> : null}
            </span>
          </label>
        ))}
      </div>
      {error ? (
        <p id={errorId} className="field-error">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
};
