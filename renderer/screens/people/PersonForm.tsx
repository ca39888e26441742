import { useState, type FormEvent } from 'react';
import { personRoleLabels, personRoles, type Person, type PersonRole } from '../../../shared/domain/people.js';
import { fieldErrors, type CallError } from '../../api/client.js';
import { ErrorNotice } from '../../components/ErrorNotice.js';
import { Field } from '../../components/Field.js';
import { usePeople } from '../../stores/people.js';

interface Props {
  /** Absent: add a new person. */
  person?: Person | undefined;
  onDone(person: Person): void;
  onCancel(): void;
}

const controlFor: Record<string, string> = { name: 'person-name', email: 'person-email', role: 'person-role', justification: 'person-justification' };

export const PersonForm = ({ person, onDone, onCancel }: Props) => {
  const add = usePeople((state) => state.add);
  const update = usePeople((state) => state.update);
  const [name, setName] = useState(person?.name ?? '');
  const [email, setEmail] = useState(person?.email ?? '');
  const [role, setRole] = useState<PersonRole>(person?.role ?? 'engineer');
  const [justification, setJustification] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<CallError | null>(null);
  const [unchanged, setUnchanged] = useState(false);
  /** Fields changed since the last attempt: their messages are cleared until the next one. */
  const [edited, setEdited] = useState<ReadonlySet<string>>(new Set());
  const edit = (field: string) => setEdited((current) => (current.has(field) ? current : new Set([...current, field])));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setUnchanged(false);
    if (person && name.trim() === person.name && email.trim() === (person.email ?? '') && role === person.role) {
      setUnchanged(true);
      return;
    }
    setBusy(true);
    setError(null);
    setEdited(new Set());
    const result = person
      ? await update({ id: person.id, name, email: email.trim(), role, justification: justification || undefined })
      : await add({ name, email: email.trim(), role, justification: justification || undefined });
    setBusy(false);
    if (result.ok) return onDone(result.value);
    setError(result.error);
    const first = result.error.issues?.map((issue) => controlFor[issue.path]).find(Boolean);
    if (first) requestAnimationFrame(() => document.getElementById(first)?.focus());
  };

  const errors = fieldErrors(error);
  for (const field of edited) delete errors[field];
  const onlyFields = error?.code === 'INVALID_INPUT' && (error.issues ?? []).every((issue) => controlFor[issue.path]);

  return (
    <form className="form form-dialog" onSubmit={(event) => void submit(event)} noValidate>
      {error ? <ErrorNotice error={error} message={onlyFields ? 'Correct the highlighted answers; everything you typed is kept.' : undefined} /> : null}
      {unchanged ? (
        <p className="notice notice-info" role="status">
          Nothing has changed yet: edit a field, or cancel.
        </p>
      ) : null}
      <Field id="person-name" label="Name" error={errors.name}>
        {(control) => <input {...control} className="input" type="text" autoFocus autoComplete="off" value={name} onChange={(event) => {
              setName(event.target.value);
              edit('name');
            }} />}
      </Field>
      <Field id="person-email" label="Email" optional error={errors.email} hint={person ? 'Leave empty to remove the email address.' : undefined}>
        {(control) => <input {...control} className="input" type="email" autoComplete="off" value={email} onChange={(event) => {
              setEmail(event.target.value);
              edit('email');
            }} />}
      </Field>
      <Field id="person-role" label="Role" error={errors.role}>
        {(control) => (
          <select {...control} className="input" value={role} onChange={(event) => {
              setRole(event.target.value as PersonRole);
              edit('role');
            }}>
            {personRoles.map((value) => (
              <option key={value} value={value}>
                {personRoleLabels[value]}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field
        id="person-justification"
        label="Justification"
        optional
        error={errors.justification}
        hint={person ? 'Why this change is made. Recorded with the change in the audit trail.' : 'Why this person joins the workspace. Recorded in the audit trail.'}
      >
        {(control) => <textarea {...control} className="input" rows={2} value={justification} onChange={(event) => {
              setJustification(event.target.value);
              edit('justification');
            }} />}
      </Field>
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy ? 'Saving…' : person ? 'Save changes' : 'Add person'}
        </button>
        <button type="button" className="button button-quiet" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
};
