import { useState } from 'react';
import { personRoleLabels, type Person } from '../../../shared/domain/people.js';
import { Dialog } from '../../components/Dialog.js';
import { ErrorNotice } from '../../components/ErrorNotice.js';
import { formatInstant } from '../../components/format.js';
import { usePeople } from '../../stores/people.js';
import { useSession } from '../../stores/session.js';
import { PersonForm } from './PersonForm.js';

type Editing = { mode: 'add' } | { mode: 'edit'; person: Person } | null;

export const PeopleScreen = () => {
  const { people, loaded, error, load } = usePeople();
  const actorId = useSession((state) => state.workspace?.actor?.id ?? null);
  const timeZone = useSession((state) => state.workspace?.timeZone ?? 'UTC');
  const [editing, setEditing] = useState<Editing>(null);
  const [done, setDone] = useState<string | null>(null);

  const finish = (message: string) => {
    setEditing(null);
    setDone(message);
  };

  return (
    <section className="screen" aria-labelledby="screen-title">
      <header className="screen-header">
        <div>
          <h1 id="screen-title">People</h1>
          <p className="screen-intro">Everyone with a part in the workspace. Whoever is acting is recorded on each change.</p>
        </div>
        <button
          type="button"
          className="button button-primary"
          onClick={() => {
            setDone(null);
            setEditing({ mode: 'add' });
          }}
        >
          Add person
        </button>
      </header>

      {done ? (
        <p className="notice notice-success" role="status">
          {done}
        </p>
      ) : null}
      {error ? <ErrorNotice error={error} /> : null}
      {!loaded && !error ? <p className="muted">Loading people…</p> : null}
      {loaded && people.length === 0 ? <p className="empty">No people yet. Add the people who take part: the owner, engineers, your external reviewer and your auditor.</p> : null}

      {people.length > 0 ? (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Email</th>
                <th scope="col">Role</th>
                <th scope="col">Added</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {people.map((person) => (
                <tr key={person.id}>
                  <td>
                    <span className="person-name">{person.name}</span>
                    {person.id === actorId ? <span className="badge badge-accent">Acting</span> : null}
                  </td>
                  <td>{person.email ?? <span className="muted">No email</span>}</td>
                  <td>{personRoleLabels[person.role]}</td>
                  <td className="cell-time">{formatInstant(person.createdAt, timeZone)}</td>
                  <td className="cell-actions">
                    <button
                      type="button"
                      className="button button-small"
                      aria-label={`Edit ${person.name}`}
                      onClick={() => {
                        setDone(null);
                        setEditing({ mode: 'edit', person });
                      }}
                    >
                      Edit
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {error && !loaded ? (
        <button type="button" className="button" onClick={() => void load()}>
          Try again
        </button>
      ) : null}

      <Dialog
        open={editing !== null}
        title={editing?.mode === 'edit' ? `Edit ${editing.person.name}` : 'Add a person'}
        onClose={() => setEditing(null)}
      >
        {editing ? (
          <PersonForm
            key={editing.mode === 'edit' ? editing.person.id : 'new'}
            person={editing.mode === 'edit' ? editing.person : undefined}
            onCancel={() => setEditing(null)}
            onDone={(person) => finish(editing.mode === 'edit' ? `Saved the changes to ${person.name}.` : `Added ${person.name}.`)}
          />
        ) : null}
      </Dialog>
    </section>
  );
};
