import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { CoreError } from '../../electron/core/errors.js';
import { listPeople } from '../../electron/core/people/people.js';
import { verifyAuditChain } from '../../electron/core/workspace/auditChain.js';
import { migrate } from '../../electron/core/workspace/migrate.js';
import { APPLICATION_ID, LATEST_SCHEMA_VERSION, migrations } from '../../electron/core/workspace/schema.js';
import { Workspace } from '../../electron/core/workspace/workspace.js';
import { makeTempDir } from '../support/tempDir.js';
import { createTestWorkspace } from '../support/workspaces.js';

const errorOf = (work: () => unknown): CoreError => {
  try {
    work();
  } catch (error) {
    if (error instanceof CoreError) return error;
    throw error;
  }
  throw new Error('expected a CoreError');
};

const userVersionOf = (path: string): number => {
  const db = new Database(path, { readonly: true });
  try {
    return db.pragma('user_version', { simple: true }) as number;
  } finally {
    db.close();
  }
};

const backupsOf = (dir: string) => readdirSync(dir).filter((name) => name.includes('-backup-'));

/**
 * Writes a workspace file as an older Countersign would have left it: our application id, the
 * migrations up to `version` applied, and (from format 1 on) a profile, an owner and a valid chain.
 */
const writeOldWorkspace = (path: string, version: number): void => {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma(`application_id = ${APPLICATION_ID}`);
  for (let v = 0; v < version; v++) db.exec(migrations[v]!);
  db.pragma(`user_version = ${version}`);
  if (version === 0) db.exec('CREATE TABLE scratch (note TEXT); INSERT INTO scratch VALUES (\'written before the first format\');');
  db.close();
};

describe('migrations', () => {
  it('a new workspace is at the latest format, recorded in user_version', () => {
    const { path, workspace } = createTestWorkspace();
    expect(workspace.db.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
    expect(LATEST_SCHEMA_VERSION).toBe(migrations.length);
    workspace.close();
    expect(userVersionOf(path)).toBe(LATEST_SCHEMA_VERSION);
  });

  it('creating a workspace takes no backup (there is nothing to back up)', () => {
    const { dir, workspace } = createTestWorkspace();
    workspace.close();
    expect(backupsOf(dir)).toEqual([]);
  });

  it('opening an up-to-date workspace does not migrate or back up', () => {
    const { dir, path, workspace } = createTestWorkspace();
    workspace.close();
    const reopened = Workspace.open(path);
    reopened.close();
    expect(reopened.migration?.backupPath).toBeNull();
    expect(backupsOf(dir)).toEqual([]);
  });

  it('a file from a newer Countersign is refused with WORKSPACE_TOO_NEW naming the file, and is not changed', () => {
    const { dir, path, workspace } = createTestWorkspace();
    workspace.close();
    // Someone with a newer app (simulated here with the plain sqlite3 library) has upgraded the file.
    const newer = new Database(path);
    newer.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 1}`);
    newer.close();
    const before = readFileSync(path);

    for (const readOnly of [false, true]) {
      const error = errorOf(() => Workspace.open(path, { readOnly }));
      expect(error.code).toBe('WORKSPACE_TOO_NEW');
      expect(error.message).toContain(path);
      expect(error.message).toContain(String(LATEST_SCHEMA_VERSION + 1));
      expect(error.message).toMatch(/newer version/);
    }
    expect(readFileSync(path).equals(before)).toBe(true);
    expect(existsSync(`${path}.lock`)).toBe(false);
    expect(backupsOf(dir)).toEqual([]);
  });

  it('a v0 file with our application id gets a backup copy before it is migrated', () => {
    const dir = makeTempDir('v0');
    const path = join(dir, 'old.countersign');
    writeOldWorkspace(path, 0);
    const original = readFileSync(path);

    const db = new Database(path);
    let outcome: ReturnType<typeof migrate>;
    try {
      outcome = migrate(db, path, { now: new Date('2026-05-01T12:00:00Z') });
      expect(db.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
    } finally {
      db.close();
    }
    expect(outcome.from).toBe(0);
    expect(outcome.to).toBe(LATEST_SCHEMA_VERSION);
    expect(outcome.backupPath).not.toBeNull();
    expect(outcome.backupPath).toContain(path);
    // The copy is the file as it was: format 0, with what was in it.
    expect(readFileSync(outcome.backupPath!).equals(original)).toBe(true);
    expect(userVersionOf(outcome.backupPath!)).toBe(0);
    const copy = new Database(outcome.backupPath!, { readonly: true });
    expect(copy.prepare('SELECT note FROM scratch').pluck().get()).toBe('written before the first format');
    copy.close();
  });

  it('opening a v0 file backs it up first; its missing profile is then reported as damage', () => {
    const dir = makeTempDir('v0');
    const path = join(dir, 'unfinished.countersign');
    writeOldWorkspace(path, 0);
    const original = readFileSync(path);

    const error = errorOf(() => Workspace.open(path));
    expect(error.code).toBe('CORRUPT_WORKSPACE');
    expect(error.message).toContain(path);
    const backups = backupsOf(dir);
    expect(backups).toHaveLength(1);
    expect(readFileSync(join(dir, backups[0]!)).equals(original)).toBe(true);
    expect(existsSync(`${path}.lock`)).toBe(false);
  });

  it('a read-only open of an older file is refused (it would need a migration) without writing', () => {
    const dir = makeTempDir('v0');
    const path = join(dir, 'old.countersign');
    writeOldWorkspace(path, 0);
    const before = readFileSync(path);
    const error = errorOf(() => Workspace.open(path, { readOnly: true }));
    expect(error.code).not.toBe('WORKSPACE_TOO_NEW');
    expect(error.message).toContain(path);
    expect(error.message).toMatch(/upgrade/);
    expect(readFileSync(path).equals(before)).toBe(true);
    expect(backupsOf(dir)).toEqual([]);
  });

  it.runIf(LATEST_SCHEMA_VERSION >= 2)('a format-1 workspace is upgraded in place after a backup, keeping its data and its chain', () => {
    const dir = makeTempDir('v1');
    const path = join(dir, 'v1.countersign');
    // A real format-1 workspace: build it with the current code, then take it back to format 1 by hand.
    writeOldWorkspace(path, 1);
    const db = new Database(path);
    const current = createTestWorkspace({ dir: makeTempDir('src') });
    const people = listPeople(current.workspace.db);
    const profile = current.workspace.db.prepare('SELECT * FROM workspace_profile').get() as Record<string, unknown>;
    const entries = current.workspace.db.prepare('SELECT * FROM audit_log ORDER BY seq').all() as Record<string, unknown>[];
    current.workspace.close();
    db.prepare('INSERT INTO workspace_profile VALUES (@id, @organisation, @frameworks, @period_start, @period_end, @time_zone, @created_at, @is_demo)').run(profile);
    for (const person of people) db.prepare('INSERT INTO people VALUES (?, ?, ?, ?, ?)').run(person.id, person.name, person.email, person.role, person.createdAt);
    for (const entry of entries) {
      db.prepare(
        'INSERT INTO audit_log VALUES (@seq, @at, @actor_id, @actor_name, @action, @entity_type, @entity_id, @before_json, @after_json, @justification, @prev_hash, @hash)',
      ).run(entry);
    }
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    const original = readFileSync(path);

    const upgraded = Workspace.open(path);
    try {
      expect(upgraded.migration).toMatchObject({ from: 1, to: LATEST_SCHEMA_VERSION });
      expect(upgraded.db.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
      expect(listPeople(upgraded.db)).toEqual(people);
      expect(verifyAuditChain(upgraded.db)).toMatchObject({ ok: true, entries: entries.length });
      const backupPath = upgraded.migration!.backupPath!;
      expect(backupPath.startsWith(`${path}.v1-backup-`)).toBe(true);
      expect(readFileSync(backupPath).equals(original)).toBe(true);
      expect(userVersionOf(backupPath)).toBe(1);
    } finally {
      upgraded.close();
    }
    expect(userVersionOf(path)).toBe(LATEST_SCHEMA_VERSION);
  });

  it('a migration step that fails leaves the file at its previous format', () => {
    const dir = makeTempDir('v0');
    const path = join(dir, 'clash.countersign');
    writeOldWorkspace(path, 0);
    // A table the first migration wants to create already exists: that step must roll back entirely.
    const db = new Database(path);
    db.exec('CREATE TABLE people (x TEXT)');
    expect(() => migrate(db, path)).toThrow(/already exists/);
    expect(db.pragma('user_version', { simple: true })).toBe(0);
    expect(db.prepare("SELECT count(*) FROM sqlite_schema WHERE name = 'audit_log'").pluck().get()).toBe(0);
    db.close();
  });
});
