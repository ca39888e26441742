import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Actor } from '../../electron/core/workspace/auditChain.js';
import { Workspace } from '../../electron/core/workspace/workspace.js';
import type { Person } from '../../shared/domain/people.js';
import { makeTempDir } from './tempDir.js';

export const testProfile = {
  organisation: 'Acme Widgets Ltd',
  frameworks: ['soc2', 'iso27001'] as ('soc2' | 'iso27001')[],
  periodStart: '2026-01-01',
  periodEnd: '2026-12-31',
  timeZone: 'Europe/Berlin',
};

export const testOwner = { name: 'Ada Founder', email: 'ada@acme.example' };

export interface TestWorkspace {
  dir: string;
  path: string;
  workspace: Workspace;
  owner: Person;
  actor: Actor;
}

/** A new workspace in a fresh temp dir (removed after the test); close it before tampering with the file. */
export const createTestWorkspace = (options: { dir?: string; name?: string } = {}): TestWorkspace => {
  const dir = options.dir ?? makeTempDir('ws');
  const path = join(dir, options.name ?? 'acme.countersign');
  const { workspace, owner } = Workspace.create(path, testProfile, testOwner);
  return { dir, path, workspace, owner, actor: { id: owner.id, name: owner.name } };
};

/** Records `count` simple changes, one audit entry each. */
export const recordChanges = (workspace: Workspace, actor: Actor, count: number): void => {
  for (let i = 0; i < count; i++) {
    workspace.change(actor, (tx) =>
      tx.record({
        action: 'note.added',
        entityType: 'note',
        entityId: randomUUID(),
        before: null,
        after: { text: `note ${i}`, tags: ['a', 'b'] },
        justification: `reason ${i}`,
      }),
    );
  }
};

/**
 * Opens the file the way an attacker would, with the plain sqlite3 library: no lock, no checks,
 * and the append-only triggers dropped first.
 */
export const tamper = (path: string, work: (db: Database.Database) => void): void => {
  const db = new Database(path);
  try {
    db.exec('DROP TRIGGER IF EXISTS audit_log_no_update; DROP TRIGGER IF EXISTS audit_log_no_delete;');
    work(db);
    db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    db.close();
  }
};

/** Counts rows with the plain library, bypassing the core. */
export const countRows = (path: string, table: string): number => {
  const db = new Database(path, { readonly: true });
  try {
    return (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  } finally {
    db.close();
  }
};
