import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { Person, PersonRole } from '../../../shared/domain/people.js';
import { CoreError } from '../errors.js';
import type { Workspace } from '../workspace/workspace.js';
import type { Actor } from '../workspace/auditChain.js';

interface PersonRow {
  id: string;
  name: string;
  email: string | null;
  role: PersonRole;
  created_at: string;
}

const toPerson = (row: PersonRow): Person => ({ id: row.id, name: row.name, email: row.email, role: row.role, createdAt: row.created_at });

export const listPeople = (db: Database.Database): Person[] =>
  (db.prepare('SELECT * FROM people ORDER BY created_at, name').all() as PersonRow[]).map(toPerson);

export const findPerson = (db: Database.Database, id: string): Person | null => {
  const row = db.prepare('SELECT * FROM people WHERE id = ?').get(id) as PersonRow | undefined;
  return row ? toPerson(row) : null;
};

export const getPerson = (db: Database.Database, id: string): Person => {
  const person = findPerson(db, id);
  if (!person) throw new CoreError('NOT_FOUND', 'That person is not in this workspace');
  return person;
};

const assertEmailFree = (db: Database.Database, email: string | null, exceptId?: string): void => {
  if (email === null) return;
  const clash = db.prepare('SELECT name FROM people WHERE lower(email) = lower(?) AND id IS NOT ?').get(email, exceptId ?? null) as
    | { name: string }
    | undefined;
  if (clash) throw new CoreError('CONFLICT', `${clash.name} already uses ${email}. Each person needs their own email address.`, [{ path: 'email', message: 'Already in use' }]);
};

export interface NewPerson {
  name: string;
  email: string | null;
  role: PersonRole;
  justification?: string | undefined;
}

export const addPerson = (workspace: Workspace, actor: Actor, input: NewPerson): Person =>
  workspace.change(actor, (tx) => {
    assertEmailFree(tx.db, input.email);
    const person: Person = { id: randomUUID(), name: input.name, email: input.email, role: input.role, createdAt: tx.now.toISOString() };
    tx.db.prepare('INSERT INTO people (id, name, email, role, created_at) VALUES (?, ?, ?, ?, ?)').run(person.id, person.name, person.email, person.role, person.createdAt);
    tx.record({ action: 'person.added', entityType: 'person', entityId: person.id, before: null, after: person, justification: input.justification ?? null });
    return person;
  });

export interface PersonChanges {
  id: string;
  name?: string | undefined;
  email?: string | null | undefined;
  role?: PersonRole | undefined;
  justification?: string | undefined;
}

export const updatePerson = (workspace: Workspace, actor: Actor, input: PersonChanges): Person =>
  workspace.change(actor, (tx) => {
    const before = getPerson(tx.db, input.id);
    const after: Person = { ...before, name: input.name ?? before.name, email: input.email === undefined ? before.email : input.email, role: input.role ?? before.role };
    if (after.email?.toLowerCase() !== before.email?.toLowerCase()) assertEmailFree(tx.db, after.email, before.id);
    if (before.role === 'owner' && after.role !== 'owner') {
      const owners = tx.db.prepare("SELECT count(*) AS n FROM people WHERE role = 'owner'").get() as { n: number };
      if (owners.n <= 1) {
        throw new CoreError('CONFLICT', `${before.name} is the only owner. Make someone else owner / management first: a workspace needs someone who signs for management.`, [
          { path: 'role', message: 'The workspace needs an owner' },
        ]);
      }
    }
    tx.db.prepare('UPDATE people SET name = ?, email = ?, role = ? WHERE id = ?').run(after.name, after.email, after.role, after.id);
    tx.record({ action: 'person.updated', entityType: 'person', entityId: after.id, before, after, justification: input.justification ?? null });
    return after;
  });
