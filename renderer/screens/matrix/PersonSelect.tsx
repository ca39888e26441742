import type { SelectHTMLAttributes } from 'react';
import { personRoleLabels, type Person, type PersonRole } from '../../../shared/domain/people.js';

const shortRole: Record<PersonRole, string> = { owner: 'owner', engineer: 'engineer', external_reviewer: 'external reviewer', auditor: 'auditor' };

interface Props extends Omit<SelectHTMLAttributes<HTMLSelectElement>, 'value' | 'onChange'> {
  people: Person[];
  value: string | null;
  onChange(personId: string | null): void;
  /** Offer "nobody" (the core accepts null); otherwise a person must be chosen. */
  allowNobody?: boolean;
  nobodyLabel?: string;
  /** Names only, for narrow selects (the role is in the title of each option). */
  namesOnly?: boolean;
}

/** A person from the People section, named with their role so the independent reviewer is easy to spot. */
export const PersonSelect = ({ people, value, onChange, allowNobody = true, nobodyLabel = 'Nobody named', namesOnly = false, className = 'input', ...rest }: Props) => {
  const missing = value !== null && !people.some((person) => person.id === value);
  return (
    <select {...rest} className={className} value={value ?? ''} onChange={(event) => onChange(event.target.value || null)}>
      {allowNobody || value === null ? (
        <option value="" disabled={!allowNobody}>
          {allowNobody ? nobodyLabel : 'Choose a person…'}
        </option>
      ) : null}
      {missing ? <option value={value}>Someone no longer listed</option> : null}
      {people.map((person) => (
        <option key={person.id} value={person.id} title={personRoleLabels[person.role]}>
          {namesOnly ? person.name : `${person.name} (${shortRole[person.role]})`}
        </option>
      ))}
    </select>
  );
};
