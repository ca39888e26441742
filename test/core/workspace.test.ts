import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, readdirSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { CoreError } from '../../electron/core/errors.js';
import { addPerson, listPeople } from '../../electron/core/people/people.js';
import { verifyAuditChain } from '../../electron/core/workspace/auditChain.js';
import { LATEST_SCHEMA_VERSION } from '../../electron/core/workspace/schema.js';
import { Workspace } from '../../electron/core/workspace/workspace.js';
import type { ErrorCode } from '../../shared/result.js';
import { makeTempDir } from '../support/tempDir.js';
import { runAsNobody } from '../support/unprivileged.js';
import { createTestWorkspace, recordChanges, testOwner, testProfile } from '../support/workspaces.js';

/** Runs `work` and returns the CoreError it throws (failing the test if it throws anything else, or nothing). */
const coreErrorOf = (work: () => unknown): CoreError => {
  try {
    work();
  } catch (error) {
    if (error instanceof CoreError) return error;
    throw new Error(`expected a CoreError, got ${String(error)}`, { cause: error });
  }
  throw new Error('expected a CoreError, but nothing was thrown');
};

const expectRefused = (work: () => unknown, code: ErrorCode, ...mentions: (string | RegExp)[]): CoreError => {
  const error = coreErrorOf(work);
  expect(error.code).toBe(code);
  for (const mention of mentions) expect(error.message).toMatch(mention);
  return error;
};

const filesIn = (dir: string) => readdirSync(dir).sort();

describe('creating and opening a workspace', () => {
  it('round-trips the profile, the owner and the audit trail through a real file', () => {
    const { path, workspace, owner } = createTestWorkspace();
    const created = workspace.summary(owner);
    workspace.close();

    expect(existsSync(`${path}.lock`)).toBe(false);
    expect(existsSync(`${path}-wal`)).toBe(false);

    const reopened = Workspace.open(path);
    try {
      const summary = reopened.summary(null);
      expect(summary).toMatchObject({
        path,
        organisation: testProfile.organisation,
        frameworks: testProfile.frameworks,
        periodStart: testProfile.periodStart,
        periodEnd: testProfile.periodEnd,
        timeZone: testProfile.timeZone,
        isDemo: false,
        schemaVersion: LATEST_SCHEMA_VERSION,
        auditEntries: created.auditEntries,
        headHash: created.headHash,
      });
      expect(summary.auditEntries).toBeGreaterThanOrEqual(2);
      expect(listPeople(reopened.db)).toEqual([{ ...owner }]);
      expect(owner).toMatchObject({ name: testOwner.name, email: testOwner.email, role: 'owner' });
      expect(reopened.migration).toEqual({ from: LATEST_SCHEMA_VERSION, to: LATEST_SCHEMA_VERSION, backupPath: null });
      expect(verifyAuditChain(reopened.db)).toMatchObject({ ok: true, entries: summary.auditEntries, head: summary.headHash, firstBroken: null });
    } finally {
      reopened.close();
    }
  });

  it('uses WAL, foreign keys, STRICT tables and the Countersign application id', () => {
    const { workspace } = createTestWorkspace();
    try {
      expect(workspace.db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(workspace.db.pragma('foreign_keys', { simple: true })).toBe(1);
      expect(workspace.db.pragma('application_id', { simple: true })).toBe(0x4353474e);
      const tables = workspace.db.prepare("SELECT name, sql FROM sqlite_schema WHERE type = 'table'").all() as { name: string; sql: string }[];
      for (const table of tables) expect(table.sql, table.name).toMatch(/STRICT\s*$/);
    } finally {
      workspace.close();
    }
  });

  it('records the first entries: the workspace itself and its owner', () => {
    const { workspace, owner } = createTestWorkspace();
    try {
      const rows = workspace.db.prepare('SELECT seq, action, entity_id, actor_id FROM audit_log ORDER BY seq').all();
      expect(rows).toEqual([
        { seq: 1, action: 'workspace.created', entity_id: 'profile', actor_id: owner.id },
        { seq: 2, action: 'person.added', entity_id: owner.id, actor_id: owner.id },
      ]);
    } finally {
      workspace.close();
    }
  });

  it('refuses to create over an existing file, and leaves that file alone', () => {
    const dir = makeTempDir();
    const path = join(dir, 'taken.countersign');
    writeFileSync(path, 'precious');
    expectRefused(() => Workspace.create(path, testProfile, testOwner), 'ALREADY_EXISTS', path);
    expect(readFileSync(path, 'utf8')).toBe('precious');
    expect(filesIn(dir)).toEqual(['taken.countersign']);
  });

  it('refuses to create in a folder that does not exist', () => {
    const dir = makeTempDir();
    expectRefused(() => Workspace.create(join(dir, 'nope', 'a.countersign'), testProfile, testOwner), 'NOT_FOUND', join(dir, 'nope'));
  });

  it('a read-only open changes no byte and takes no lock', () => {
    const { path, workspace } = createTestWorkspace();
    workspace.close();
    const before = readFileSync(path);
    const readOnly = Workspace.open(path, { readOnly: true });
    try {
      expect(existsSync(`${path}.lock`)).toBe(false);
      expect(readOnly.summary(null).organisation).toBe(testProfile.organisation);
      expectRefused(() => recordChanges(readOnly, { id: null, name: 'x' }, 1), 'READ_ONLY_LOCATION');
    } finally {
      readOnly.close();
    }
    expect(readFileSync(path).equals(before)).toBe(true);
  });
});

describe('bad input: files that are not workspaces', () => {
  it('a text file is refused as not a workspace, naming the file, and is not changed', () => {
    const dir = makeTempDir();
    const path = join(dir, 'notes.countersign');
    writeFileSync(path, 'These are my meeting notes, not a database.\n'.repeat(20));
    const before = readFileSync(path);
    for (const readOnly of [false, true]) {
      expectRefused(() => Workspace.open(path, { readOnly }), 'NOT_A_WORKSPACE', path, /SQLite/);
    }
    expect(readFileSync(path).equals(before)).toBe(true);
    expect(filesIn(dir)).toEqual(['notes.countersign']);
  });

  it('an empty file is refused as not a workspace', () => {
    const dir = makeTempDir();
    const path = join(dir, 'empty.countersign');
    writeFileSync(path, '');
    expectRefused(() => Workspace.open(path), 'NOT_A_WORKSPACE', path, /empty/);
    expect(statSync(path).size).toBe(0);
    expect(filesIn(dir)).toEqual(['empty.countersign']);
  });

  it('a folder is refused as not a workspace', () => {
    const dir = makeTempDir();
    const folder = join(dir, 'looks-like.countersign');
    mkdirSync(folder);
    expectRefused(() => Workspace.open(folder), 'NOT_A_WORKSPACE', folder, /folder/);
    expectRefused(() => Workspace.open(folder, { readOnly: true }), 'NOT_A_WORKSPACE', folder);
  });

  it('a missing file is NOT_FOUND, and opening it does not create it', () => {
    const dir = makeTempDir();
    const path = join(dir, 'missing.countersign');
    expectRefused(() => Workspace.open(path), 'NOT_FOUND', path);
    expect(filesIn(dir)).toEqual([]);
  });

  it('an SQLite database of another program is refused and left unchanged', () => {
    const dir = makeTempDir();
    const path = join(dir, 'other.db');
    const other = new Database(path);
    other.exec('CREATE TABLE t (x); INSERT INTO t VALUES (1);');
    other.close();
    const before = readFileSync(path);
    expectRefused(() => Workspace.open(path), 'NOT_A_WORKSPACE', path, /not a Countersign workspace/);
    expect(readFileSync(path).equals(before)).toBe(true);
  });

  it('a truncated workspace (cut in half after a checkpoint) is refused as damaged', () => {
    const { path, workspace, actor } = createTestWorkspace();
    // Enough entries that the file spans many pages.
    recordChanges(workspace, actor, 200);
    workspace.close(); // checkpoints: the whole workspace is in the main file
    expect(existsSync(`${path}-wal`)).toBe(false);
    const size = statSync(path).size;
    expect(size).toBeGreaterThan(8 * 4096);
    truncateSync(path, Math.floor(size / 2));

    expectRefused(() => Workspace.open(path), 'CORRUPT_WORKSPACE', path, /truncated/, /backup/);
    expectRefused(() => Workspace.open(path, { readOnly: true }), 'CORRUPT_WORKSPACE', path);
    expect(statSync(path).size).toBe(Math.floor(size / 2));
    expect(existsSync(`${path}.lock`)).toBe(false);
  });

  it('a file shorter than the SQLite header is refused as not a workspace', () => {
    const { path, workspace } = createTestWorkspace();
    workspace.close();
    truncateSync(path, 50);
    expectRefused(() => Workspace.open(path), 'NOT_A_WORKSPACE', path);
  });

  it('a workspace whose pages are overwritten with garbage is refused as damaged, not with a crash', () => {
    const { path, workspace, actor } = createTestWorkspace();
    recordChanges(workspace, actor, 100);
    workspace.close();
    const bytes = readFileSync(path);
    // Keep the header page, scribble over the schema and data pages.
    for (let i = 4096; i < bytes.length; i++) bytes[i] = (i * 131) & 0xff;
    writeFileSync(path, bytes);
    const error = coreErrorOf(() => {
      const opened = Workspace.open(path, { readOnly: true });
      try {
        verifyAuditChain(opened.db);
      } finally {
        opened.close();
      }
    });
    expect(['CORRUPT_WORKSPACE', 'NOT_A_WORKSPACE']).toContain(error.code);
    expect(error.message).toContain(path);
  });
});

describe('read-only locations', () => {
  it('refuses to create a workspace where nothing can be written (/proc), leaving nothing behind', () => {
    const path = '/proc/countersign-test.countersign';
    if (!existsSync('/proc/self')) {
      console.log('skipped: no /proc on this system');
      return;
    }
    expectRefused(() => Workspace.create(path, testProfile, testOwner), 'READ_ONLY_LOCATION', path);
    expect(existsSync(path)).toBe(false);
  });

  it('refuses to open for writing a workspace in a folder the user cannot write (as an unprivileged user)', () => {
    const dir = makeTempDir('ro');
    const { path, workspace } = createTestWorkspace({ dir });
    workspace.close();
    // Permission bits do not stop root, so the check runs in a child process as an unprivileged user.
    const probe = runCoreAsNobody(dir, path);
    if (probe === null) return;
    expect(probe).toMatchObject({ code: 'READ_ONLY_LOCATION' });
    expect(probe.message).toContain(path);
    expect(filesIn(dir)).toEqual(['acme.countersign']);
  });

  it('a read-only look at a workspace in a folder the user cannot write either works or says plainly why not', () => {
    const dir = makeTempDir('ro');
    const { path, workspace } = createTestWorkspace({ dir });
    workspace.close();
    const probe = runCoreAsNobody(dir, path, true);
    if (probe === null) return;
    if (probe.code === 'OPENED') {
      expect(probe.ok).toBe(true);
    } else {
      expect(probe.code).toBe('READ_ONLY_LOCATION');
      expect(probe.message).toContain(path);
      expect(probe.message).toMatch(/copy/i);
    }
    expect(filesIn(dir)).toEqual(['acme.countersign']);
  });
});

/**
 * Opens `path` with Workspace.open (and, read-only, verifies it) in a child process running as user nobody,
 * after making the folder readable but not writable for that user. Null (with the reason printed) where
 * that cannot be arranged.
 */
const runCoreAsNobody = (dir: string, path: string, readOnly = false): { code: string; message: string; ok?: boolean } | null => {
  chmodSync(dir, 0o755);
  chmodSync(path, 0o644);
  const run = runAsNobody(
    `
    import { Workspace } from './electron/core/workspace/workspace.ts';
    import { verifyAuditChain } from './electron/core/workspace/auditChain.ts';
    try {
      const workspace = Workspace.open(${JSON.stringify(path)}, { readOnly: ${readOnly} });
      const ok = verifyAuditChain(workspace.db).ok;
      workspace.close();
      console.log(JSON.stringify({ code: 'OPENED', message: '', ok }));
    } catch (error) {
      console.log(JSON.stringify({ code: error.code ?? 'THREW', message: String(error.message) }));
    }
    `,
    'open-as-nobody',
  );
  if (!run.ran) {
    console.log(`skipped: ${run.reason}`);
    return null;
  }
  expect(run.status, run.stderr).toBe(0);
  return JSON.parse(run.stdout.trim().split('\n').pop()!) as { code: string; message: string; ok?: boolean };
};

describe('one writer per workspace', () => {
  it('a second open of the same file while the first holds the lock is WORKSPACE_LOCKED', () => {
    const { path, workspace } = createTestWorkspace();
    try {
      const lock = JSON.parse(readFileSync(`${path}.lock`, 'utf8'));
      expect(lock).toMatchObject({ pid: process.pid, host: hostname() });
      expectRefused(() => Workspace.open(path), 'WORKSPACE_LOCKED', path, String(process.pid));
      // The first holder still works, and a read-only look is still possible.
      const readOnly = Workspace.open(path, { readOnly: true });
      readOnly.close();
      expect(existsSync(`${path}.lock`)).toBe(true);
    } finally {
      workspace.close();
    }
    expect(existsSync(`${path}.lock`)).toBe(false);
    Workspace.open(path).close();
  });

  it('a lock held by a live process elsewhere on this machine is respected', () => {
    const { path, workspace } = createTestWorkspace();
    workspace.close();
    const parentPid = process.ppid; // alive while this test runs
    writeFileSync(`${path}.lock`, JSON.stringify({ pid: parentPid, host: hostname(), since: '2026-03-01T10:00:00.000Z' }));
    expectRefused(() => Workspace.open(path), 'WORKSPACE_LOCKED', String(parentPid));
  });

  it('a lock from another machine is respected (it may be a shared folder)', () => {
    const { path, workspace } = createTestWorkspace();
    workspace.close();
    writeFileSync(`${path}.lock`, JSON.stringify({ pid: 1, host: 'someone-elses-laptop', since: '2026-03-01T10:00:00.000Z' }));
    expectRefused(() => Workspace.open(path), 'WORKSPACE_LOCKED', 'someone-elses-laptop');
  });

  it('a stale lock left by a dead process is taken over', () => {
    const { path, workspace } = createTestWorkspace();
    workspace.close();
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    const deadPid = Number(dead.stdout);
    expect(deadPid).toBeGreaterThan(0);
    writeFileSync(`${path}.lock`, JSON.stringify({ pid: deadPid, host: hostname(), since: '2026-03-01T10:00:00.000Z' }));

    const reopened = Workspace.open(path);
    try {
      expect(JSON.parse(readFileSync(`${path}.lock`, 'utf8'))).toMatchObject({ pid: process.pid });
    } finally {
      reopened.close();
    }
  });

  it('a lock file holding garbage is treated as stale', () => {
    const { path, workspace } = createTestWorkspace();
    workspace.close();
    writeFileSync(`${path}.lock`, 'not json');
    Workspace.open(path).close();
    expect(existsSync(`${path}.lock`)).toBe(false);
  });

  it('a refused second open does not disturb the first holder', () => {
    const { path, workspace, actor } = createTestWorkspace();
    try {
      expectRefused(() => Workspace.open(path), 'WORKSPACE_LOCKED');
      addPerson(workspace, actor, { name: 'Bob Reviewer', email: 'bob@review.example', role: 'external_reviewer' });
      expect(verifyAuditChain(workspace.db).ok).toBe(true);
    } finally {
      workspace.close();
    }
  });
});
