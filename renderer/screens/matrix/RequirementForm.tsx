import { useState, type FormEvent } from 'react';
import type { MatrixRequirement } from '../../../shared/domain/matrix.js';
import type { Person } from '../../../shared/domain/people.js';
import { fieldErrors, type CallError } from '../../api/client.js';
import { ErrorNotice } from '../../components/ErrorNotice.js';
import { Field } from '../../components/Field.js';
import { useMatrix } from '../../stores/matrix.js';
import { ownerOf } from './labels.js';
import { PersonSelect } from './PersonSelect.js';

interface Props {
  /** Absent: add a custom requirement. */
  requirement?: MatrixRequirement | undefined;
  people: Person[];
  idPrefix: string;
  onDone(message: string): void;
  onCancel?: (() => void) | undefined;
}

const fields = ['title', 'dutyA', 'dutyB', 'riskStatement', 'holderAId', 'holderBId', 'justification'] as const;

/** Adds a custom segregation-of-duties requirement, or edits any requirement (its wording and who holds each duty). */
export const RequirementForm = ({ requirement, people, idPrefix, onDone, onCancel }: Props) => {
  const addRequirement = useMatrix((state) => state.addRequirement);
  const updateRequirement = useMatrix((state) => state.updateRequirement);
  const owner = ownerOf(people);
  const [form, setForm] = useState({
    title: requirement?.title ?? '',
    dutyA: requirement?.dutyA ?? '',
    dutyB: requirement?.dutyB ?? '',
    riskStatement: requirement?.riskStatement ?? '',
    holderAId: requirement ? requirement.holderAId : (owner?.id ?? null),
    holderBId: requirement ? requirement.holderBId : (owner?.id ?? null),
    justification: '',
  });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<CallError | null>(null);
  /** Fields edited since the last attempt: their old messages no longer apply. */
  const [edited, setEdited] = useState<Set<string>>(new Set());
  const id = (field: (typeof fields)[number]) => `${idPrefix}-${field}`;
  const set = <K extends keyof typeof form>(key: K, value: (typeof form)[K]) => {
    setForm((current) => ({ ...current, [key]: value }));
    setEdited((current) => (current.has(key) ? current : new Set(current).add(key)));
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setEdited(new Set());
    const justification = form.justification.trim() || undefined;
    const result = requirement
      ? await updateRequirement({
          id: requirement.id,
          title: form.title,
          dutyA: form.dutyA,
          dutyB: form.dutyB,
          riskStatement: form.riskStatement,
          holderAId: form.holderAId,
          holderBId: form.holderBId,
          justification,
        })
      : await addRequirement({ ...form, justification });
    setBusy(false);
    if (!result.ok) {
      setError(result.error);
      const first = result.error.issues?.map((issue) => issue.path).find((path): path is (typeof fields)[number] => (fields as readonly string[]).includes(path));
      if (first) requestAnimationFrame(() => document.getElementById(id(first))?.focus());
      return;
    }
    if (!requirement) setForm((current) => ({ ...current, title: '', dutyA: '', dutyB: '', riskStatement: '', justification: '' }));
    onDone(requirement ? `Saved “${result.value.title}”.` : `Added “${result.value.title}” to the matrix.`);
  };

  const errors = Object.fromEntries(Object.entries(fieldErrors(error)).filter(([path]) => !edited.has(path)));
  const onlyFields = error?.code === 'INVALID_INPUT' && (error.issues ?? []).every((issue) => (fields as readonly string[]).includes(issue.path));

  return (
    <form className="form matrix-form" onSubmit={(event) => void submit(event)} noValidate>
      {error ? <ErrorNotice error={error} message={onlyFields ? 'Correct the highlighted answers; everything you typed is kept.' : undefined} /> : null}
      <Field id={id('title')} label="Requirement" hint="The traditional control, e.g. “Database changes are approved by a DBA”." error={errors.title}>
        {(control) => <input {...control} className="input" type="text" value={form.title} onChange={(event) => set('title', event.target.value)} />}
      </Field>
      <div className="field-row">
        <Field id={id('dutyA')} label="First duty" error={errors.dutyA}>
          {(control) => <input {...control} className="input" type="text" value={form.dutyA} onChange={(event) => set('dutyA', event.target.value)} />}
        </Field>
        <Field id={id('holderAId')} label="Held by" error={errors.holderAId}>
          {(control) => <PersonSelect {...control} people={people} value={form.holderAId} onChange={(value) => set('holderAId', value)} />}
        </Field>
      </div>
      <div className="field-row">
        <Field id={id('dutyB')} label="Conflicting duty" error={errors.dutyB}>
          {(control) => <input {...control} className="input" type="text" value={form.dutyB} onChange={(event) => set('dutyB', event.target.value)} />}
        </Field>
        <Field id={id('holderBId')} label="Held by" error={errors.holderBId}>
          {(control) => <PersonSelect {...control} people={people} value={form.holderBId} onChange={(value) => set('holderBId', value)} />}
        </Field>
      </div>
      <Field id={id('riskStatement')} label="Risk if one person holds both" hint="One sentence: what goes wrong, e.g. an unauthorised change, an undetected error, fraud." error={errors.riskStatement}>
        {(control) => <textarea {...control} className="input" rows={2} value={form.riskStatement} onChange={(event) => set('riskStatement', event.target.value)} />}
      </Field>
      <Field id={id('justification')} label="Justification" optional hint="Recorded with the change in the audit trail." error={errors.justification}>
        {(control) => <input {...control} className="input" type="text" value={form.justification} onChange={(event) => set('justification', event.target.value)} />}
      </Field>
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy ? 'Saving…' : requirement ? 'Save the requirement' : 'Add the requirement'}
        </button>
        {onCancel ? (
          <button type="button" className="button button-quiet" onClick={onCancel}>
            Cancel
          </button>
        ) : null}
      </div>
    </form>
  );
};
