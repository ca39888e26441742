import { evidenceKindLabels, evidenceKinds, type EvidenceKind } from '../../../../shared/domain/evidenceKinds.js';

interface Props {
  id: string;
  value: EvidenceKind[];
  onChange(value: EvidenceKind[]): void;
  error?: string | undefined;
}

/** Which evidence proves a control: the import kinds of the CLI, plus documents. */
export const EvidenceKindsField = ({ id, value, onChange, error }: Props) => (
  <div className={`field${error ? ' field-invalid' : ''}`}>
    <fieldset className="checkbox-group" id={id} aria-describedby={error ? `${id}-error` : `${id}-hint`}>
      <legend className="field-label">Evidence sources</legend>
      <div className="kind-grid">
        {evidenceKinds.map((kind) => (
          <label key={kind} className="checkbox">
            <input
              type="checkbox"
              checked={value.includes(kind)}
              onChange={(event) => onChange(event.target.checked ? evidenceKinds.filter((k) => k === kind || value.includes(k)) : value.filter((k) => k !== kind))}
            />
            {evidenceKindLabels[kind]}
          </label>
        ))}
      </div>
    </fieldset>
    {error ? (
      <p id={`${id}-error`} className="field-error">
        {error}
      </p>
    ) : (
      <p id={`${id}-hint`} className="field-hint">
        A control with no evidence source cannot be proven and is flagged.
      </p>
    )}
  </div>
);
