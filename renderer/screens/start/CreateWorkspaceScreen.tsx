import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { frameworkLabels, frameworks, type Framework } from '../../../shared/domain/workspace.js';
import { api, fieldErrors, type CallError } from '../../api/client.js';
import { ErrorNotice } from '../../components/ErrorNotice.js';
import { Field } from '../../components/Field.js';
import { localTimeZone, timeZones } from '../../components/format.js';
import { useSession } from '../../stores/session.js';
import { StartLayout } from './StartLayout.js';
import { useOpenWorkspace } from './useOpenWorkspace.js';

interface Form {
  organisation: string;
  frameworks: Framework[];
  periodStart: string;
  periodEnd: string;
  timeZone: string;
  ownerName: string;
  ownerEmail: string;
  path: string;
}

/** Input path (as the core reports it) -> the id of the control that answers it. */
const controlFor: Record<string, string> = {
  'profile.organisation': 'create-organisation',
  'profile.frameworks': 'create-framework-soc2',
  'profile.periodStart': 'create-period-start',
  'profile.periodEnd': 'create-period-end',
  'profile.timeZone': 'create-time-zone',
  'owner.name': 'create-owner-name',
  'owner.email': 'create-owner-email',
  path: 'create-path',
};

/** The input paths an answer affects: editing it clears their messages until the next attempt. */
const pathsOf: Record<keyof Form, string[]> = {
  organisation: ['profile.organisation'],
  frameworks: ['profile.frameworks'],
  periodStart: ['profile.periodStart', 'profile.periodEnd'],
  periodEnd: ['profile.periodStart', 'profile.periodEnd'],
  timeZone: ['profile.timeZone'],
  ownerName: ['owner.name'],
  ownerEmail: ['owner.email'],
  path: ['path'],
};

/** Errors about the file, not the answers: shown at the location field too. */
const fileProblems = new Set(['ALREADY_EXISTS', 'NOT_FOUND', 'READ_ONLY_LOCATION', 'WORKSPACE_LOCKED']);

export const CreateWorkspaceScreen = () => {
  const navigate = useNavigate();
  const nativeDialogs = useSession((state) => state.appInfo?.nativeDialogs ?? false);
  const { run, busy, failure } = useOpenWorkspace();
  const [zones] = useState(timeZones);
  const [form, setForm] = useState<Form>(() => ({
    organisation: '',
    frameworks: [],
    periodStart: '',
    periodEnd: '',
    timeZone: localTimeZone(),
    ownerName: '',
    ownerEmail: '',
    path: '',
  }));
  const pathTouched = useRef(false);
  const [dialogError, setDialogError] = useState<CallError | null>(null);
  const [choosing, setChoosing] = useState(false);

  const [edited, setEdited] = useState<ReadonlySet<string>>(new Set());

  const set = <K extends keyof Form>(key: K, value: Form[K]) => {
    setForm((current) => ({ ...current, [key]: value }));
    setEdited((current) => new Set([...current, ...pathsOf[key]]));
  };

  /** Browser mode: prefill the path the core suggests for this organisation, unless the person typed one. */
  const suggestPath = async (organisation: string) => {
    if (nativeDialogs || pathTouched.current) return;
    const choice = await api.call('dialog.chooseWorkspaceToCreate', { suggestedName: organisation.trim() || 'Workspace' });
    if (choice.ok && choice.value.status === 'type-a-path' && !pathTouched.current) set('path', choice.value.suggestedPath);
  };

  // On arrival; later suggestions follow the organisation name (on leaving that field).
  useEffect(() => {
    void suggestPath('');
  }, []);

  /** Desktop: the native save dialog. Returns the chosen path, or null when cancelled. */
  const chooseLocation = async (): Promise<string | null> => {
    setDialogError(null);
    setChoosing(true);
    const choice = await api.call('dialog.chooseWorkspaceToCreate', { suggestedName: form.organisation.trim() || 'Workspace' });
    setChoosing(false);
    if (!choice.ok) {
      setDialogError(choice.error);
      return null;
    }
    if (choice.value.status === 'cancelled') return null;
    const path = choice.value.status === 'chosen' ? choice.value.path : choice.value.suggestedPath;
    pathTouched.current = true;
    set('path', path);
    return path;
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    let path = form.path.trim();
    if (nativeDialogs && !path) {
      const chosen = await chooseLocation();
      if (!chosen) return;
      path = chosen;
    }
    setEdited(new Set());
    const result = await run(
      'create',
      () =>
        api.call('workspace.create', {
          path,
          profile: {
            organisation: form.organisation,
            frameworks: form.frameworks,
            periodStart: form.periodStart,
            periodEnd: form.periodEnd,
            timeZone: form.timeZone,
          },
          owner: { name: form.ownerName, email: form.ownerEmail },
        }),
      path,
    );
    if (!result.ok) {
      // Take the person to the first answer that needs attention; everything typed stays.
      const first = result.error.issues?.map((issue) => controlFor[issue.path]).find(Boolean);
      const target = first ?? (fileProblems.has(result.error.code) ? 'create-path' : undefined);
      if (target) requestAnimationFrame(() => document.getElementById(target)?.focus());
    }
  };

  const error = failure?.error;
  const errors = fieldErrors(error);
  if (error && fileProblems.has(error.code) && !errors.path) errors.path = 'Choose another location';
  for (const path of edited) delete errors[path];
  const unplaced = (error?.issues ?? []).filter((issue) => !controlFor[issue.path]);
  const onlyFields = error?.code === 'INVALID_INPUT' && error.issues && unplaced.length === 0;
  // Every answer it pointed at has been changed since: the summary has nothing left to say.
  const answered = onlyFields && (error.issues ?? []).every((issue) => edited.has(issue.path));

  return (
    <StartLayout title="Create a workspace">
      <form className="form" onSubmit={(event) => void submit(event)} noValidate aria-label="Create a workspace">
        {error && !answered ? (
          <ErrorNotice
            error={error}
            file={fileProblems.has(error.code) ? failure?.file : undefined}
            message={onlyFields ? 'Correct the highlighted answers below; everything you typed is kept.' : undefined}
          />
        ) : null}
        {dialogError ? <ErrorNotice error={dialogError} /> : null}

        <fieldset className="form-section">
          <legend>Organisation</legend>
          <Field id="create-organisation" label="Organisation name" error={errors['profile.organisation']} hint="As it will appear on the auditor's package.">
            {(control) => (
              <input
                {...control}
                className="input"
                type="text"
                autoFocus
                autoComplete="organization"
                value={form.organisation}
                onChange={(event) => set('organisation', event.target.value)}
                onBlur={() => void suggestPath(form.organisation)}
              />
            )}
          </Field>
          <fieldset
            className={`field checkbox-group${errors['profile.frameworks'] ? ' field-invalid' : ''}`}
            aria-describedby={errors['profile.frameworks'] ? 'create-frameworks-error' : undefined}
          >
            <legend className="field-label">Frameworks</legend>
            <div className="checkbox-row">
              {frameworks.map((framework) => (
                <label key={framework} className="checkbox">
                  <input
                    id={`create-framework-${framework}`}
                    type="checkbox"
                    checked={form.frameworks.includes(framework)}
                    aria-invalid={errors['profile.frameworks'] ? true : undefined}
                    onChange={(event) =>
                      set(
                        'frameworks',
                        event.target.checked ? frameworks.filter((f) => f === framework || form.frameworks.includes(f)) : form.frameworks.filter((f) => f !== framework),
                      )
                    }
                  />
                  {frameworkLabels[framework]}
                </label>
              ))}
            </div>
            {errors['profile.frameworks'] ? (
              <p id="create-frameworks-error" className="field-error">
                {errors['profile.frameworks']}
              </p>
            ) : null}
          </fieldset>
        </fieldset>

        <fieldset className="form-section">
          <legend>Observation period</legend>
          <p className="form-section-hint">The period your auditor will test, as agreed in the engagement letter (often 3 to 12 months).</p>
          <div className="field-row">
            <Field id="create-period-start" label="Period start" error={errors['profile.periodStart']}>
              {(control) => <input {...control} className="input" type="date" value={form.periodStart} onChange={(event) => set('periodStart', event.target.value)} />}
            </Field>
            <Field id="create-period-end" label="Period end" error={errors['profile.periodEnd']}>
              {(control) => <input {...control} className="input" type="date" value={form.periodEnd} onChange={(event) => set('periodEnd', event.target.value)} />}
            </Field>
            <Field id="create-time-zone" label="Time zone" error={errors['profile.timeZone']} hint="Times in the trail and the package are shown in this zone.">
              {(control) => (
                <select {...control} className="input" value={form.timeZone} onChange={(event) => set('timeZone', event.target.value)}>
                  {zones.map((zone) => (
                    <option key={zone} value={zone}>
                      {zone}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          </div>
        </fieldset>

        <fieldset className="form-section">
          <legend>Owner</legend>
          <p className="form-section-hint">The person who signs for management. They will be the first person acting in this workspace.</p>
          <div className="field-row">
            <Field id="create-owner-name" label="Owner name" error={errors['owner.name']}>
              {(control) => <input {...control} className="input" type="text" autoComplete="name" value={form.ownerName} onChange={(event) => set('ownerName', event.target.value)} />}
            </Field>
            <Field id="create-owner-email" label="Owner email" optional error={errors['owner.email']}>
              {(control) => <input {...control} className="input" type="email" autoComplete="email" value={form.ownerEmail} onChange={(event) => set('ownerEmail', event.target.value)} />}
            </Field>
          </div>
        </fieldset>

        <fieldset className="form-section">
          <legend>File</legend>
          {nativeDialogs ? (
            <Field id="create-path" label="Workspace file" error={errors.path} hint="Everything is kept in this one file. Back it up like any important document.">
              {(control) => (
                <div className="input-with-button">
                  <input {...control} className="input input-mono" type="text" readOnly value={form.path} placeholder="No location chosen yet" />
                  <button type="button" className="button" disabled={choosing} onClick={() => void chooseLocation()}>
                    Choose location…
                  </button>
                </div>
              )}
            </Field>
          ) : (
            <Field
              id="create-path"
              label="Workspace file"
              error={errors.path}
              hint="The full path of the new file on this computer, ending in .countersign. Everything is kept in this one file."
            >
              {(control) => (
                <input
                  {...control}
                  className="input input-mono"
                  type="text"
                  spellCheck={false}
                  autoComplete="off"
                  value={form.path}
                  onChange={(event) => {
                    pathTouched.current = true;
                    set('path', event.target.value);
                  }}
                />
              )}
            </Field>
          )}
        </fieldset>

        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={busy !== null || choosing}>
            {busy ? 'Creating…' : 'Create workspace'}
          </button>
          <button type="button" className="button button-quiet" onClick={() => navigate('/')}>
            Cancel
          </button>
        </div>
      </form>
    </StartLayout>
  );
};
