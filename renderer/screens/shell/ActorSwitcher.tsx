import { useState } from 'react';
import { personRoleLabels } from '../../../shared/domain/people.js';
import type { CallError } from '../../api/client.js';
import { ErrorNotice } from '../../components/ErrorNotice.js';
import { usePeople } from '../../stores/people.js';
import { useSession } from '../../stores/session.js';

/** Who is acting: every change made from now on records this person in the audit trail. */
export const ActorSwitcher = () => {
  const actor = useSession((state) => state.workspace?.actor ?? null);
  const setActor = useSession((state) => state.setActor);
  const people = usePeople((state) => state.people);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<CallError | null>(null);

  const change = async (personId: string) => {
    if (!personId) return;
    setBusy(true);
    setError(null);
    const result = await setActor(personId);
    setBusy(false);
    if (!result.ok) setError(result.error);
  };

  return (
    <div className="actor-switcher">
      <label htmlFor="acting-person" className="actor-label">
        Acting as
      </label>
      <select
        id="acting-person"
        className="input input-compact"
        value={actor?.id ?? ''}
        disabled={busy}
        aria-describedby="acting-person-hint"
        onChange={(event) => void change(event.target.value)}
      >
        {actor === null ? (
          <option value="" disabled>
            Choose who is acting…
          </option>
        ) : null}
        {actor !== null && !people.some((person) => person.id === actor.id) ? <option value={actor.id}>{actor.name}</option> : null}
        {people.map((person) => (
          <option key={person.id} value={person.id}>
            {person.name} — {personRoleLabels[person.role]}
          </option>
        ))}
      </select>
      <span id="acting-person-hint" className="visually-hidden">
        Every change you make is recorded in the audit trail under this person.
      </span>
      {error ? (
        <div className="actor-error">
          <ErrorNotice error={error} onDismiss={() => setError(null)} />
        </div>
      ) : null}
    </div>
  );
};
