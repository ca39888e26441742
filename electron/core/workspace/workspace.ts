import { rmSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { z } from 'zod';
import type { Person } from '../../../shared/domain/people.js';
import type { Framework, NewWorkspaceOwner, WorkspaceProfileInput, WorkspaceSummary } from '../../../shared/domain/workspace.js';
import { CoreError } from '../errors.js';
import { appendAuditEntry, readChainHead, type Actor, type AuditRecord } from './auditChain.js';
import { explainSqliteError, openDatabase } from './database.js';
import { WorkspaceLock } from './lock.js';
import { migrate, type MigrationOutcome } from './migrate.js';
import { LATEST_SCHEMA_VERSION } from './schema.js';

export type WorkspaceProfile = z.output<typeof WorkspaceProfileInput> & { createdAt: string; isDemo: boolean };

/** Records the audit entries of one change; the change is refused if it records none. */
export interface ChangeRecorder {
  readonly db: Database.Database;
  readonly actor: Actor;
  readonly now: Date;
  record(entry: AuditRecord): void;
}

export interface CreateOptions {
  isDemo?: boolean;
  /** The clock; the demo uses it to give its history realistic dates. */
  now?: () => Date;
}

interface ProfileRow {
  organisation: string;
  frameworks: string;
  period_start: string;
  period_end: string;
  time_zone: string;
  created_at: string;
  is_demo: number;
}

/** An open workspace file. Every change goes through `change()`, which writes the audit trail in the same transaction. */
export class Workspace {
  private closed = false;

  private constructor(
    readonly path: string,
    readonly db: Database.Database,
    readonly readOnly: boolean,
    private readonly lock: WorkspaceLock | null,
    readonly migration: MigrationOutcome | null,
    private readonly now: () => Date,
  ) {}

  static create(
    path: string,
    profile: z.output<typeof WorkspaceProfileInput>,
    owner: z.output<typeof NewWorkspaceOwner>,
    options: CreateOptions = {},
  ): { workspace: Workspace; owner: Person } {
    const now = options.now ?? (() => new Date());
    const db = openDatabase(path, 'create');
    let lock: WorkspaceLock | null = null;
    try {
      lock = WorkspaceLock.acquire(path);
      migrate(db, path, { newFile: true });
      const workspace = new Workspace(path, db, false, lock, null, now);
      const ownerPerson: Person = { id: randomUUID(), name: owner.name, email: owner.email, role: 'owner', createdAt: now().toISOString() };
      workspace.change({ id: ownerPerson.id, name: ownerPerson.name }, (tx) => {
        const createdAt = tx.now.toISOString();
        db.prepare(
          `INSERT INTO workspace_profile (id, organisation, frameworks, period_start, period_end, time_zone, created_at, is_demo)
           VALUES (1, ?, ?, ?, ?, ?, ?, ?)`,
        ).run(profile.organisation, JSON.stringify(profile.frameworks), profile.periodStart, profile.periodEnd, profile.timeZone, createdAt, options.isDemo ? 1 : 0);
        tx.record({ action: 'workspace.created', entityType: 'workspace', entityId: 'profile', before: null, after: { ...profile, isDemo: options.isDemo ?? false } });
        db.prepare('INSERT INTO people (id, name, email, role, created_at) VALUES (?, ?, ?, ?, ?)').run(
          ownerPerson.id,
          ownerPerson.name,
          ownerPerson.email,
          ownerPerson.role,
          ownerPerson.createdAt,
        );
        tx.record({ action: 'person.added', entityType: 'person', entityId: ownerPerson.id, before: null, after: ownerPerson });
      });
      return { workspace, owner: ownerPerson };
    } catch (error) {
      db.close();
      lock?.release();
      for (const suffix of ['', '-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true });
      throw error;
    }
  }

  /** Opens a file for work (locked, migrated) or, read-only, for checking it without changing a byte. */
  static open(path: string, options: { readOnly?: boolean; now?: () => Date } = {}): Workspace {
    const readOnly = options.readOnly ?? false;
    const db = openDatabase(path, readOnly ? 'read-only' : 'open');
    let lock: WorkspaceLock | null = null;
    try {
      const version = db.pragma('user_version', { simple: true }) as number;
      let migration: MigrationOutcome | null = null;
      if (readOnly) {
        if (version !== LATEST_SCHEMA_VERSION) {
          // Newer files were refused by openDatabase; this one is older and a read-only look cannot upgrade it.
          throw new CoreError('UNSUPPORTED', `${path} uses workspace format ${version}; open it once in Countersign to upgrade it to format ${LATEST_SCHEMA_VERSION}.`);
        }
      } else {
        lock = WorkspaceLock.acquire(path);
        migration = migrate(db, path);
      }
      const workspace = new Workspace(path, db, readOnly, lock, migration, options.now ?? (() => new Date()));
      workspace.profile(); // a workspace without its profile row is not one we wrote
      return workspace;
    } catch (error) {
      db.close();
      lock?.release();
      if (error instanceof CoreError) throw error;
      return explainSqliteError(path, error);
    }
  }

  profile(): WorkspaceProfile {
    const row = this.db.prepare('SELECT * FROM workspace_profile WHERE id = 1').get() as ProfileRow | undefined;
    if (!row) throw new CoreError('CORRUPT_WORKSPACE', `${this.path} has no organisation profile: it was not finished when it was created`);
    return {
      organisation: row.organisation,
      frameworks: JSON.parse(row.frameworks) as Framework[],
      periodStart: row.period_start,
      periodEnd: row.period_end,
      timeZone: row.time_zone,
      createdAt: row.created_at,
      isDemo: row.is_demo === 1,
    };
  }

  summary(actor: Person | null): WorkspaceSummary {
    const profile = this.profile();
    const head = readChainHead(this.db);
    return {
      path: this.path,
      ...profile,
      schemaVersion: this.db.pragma('user_version', { simple: true }) as number,
      actor,
      auditEntries: head.seq,
      headHash: head.hash,
    };
  }

  /** Runs one change in one transaction with its audit entries; a failure leaves the file as it was. */
  change<T>(actor: Actor, work: (tx: ChangeRecorder) => T): T {
    if (this.closed) throw new CoreError('NO_WORKSPACE', 'The workspace is closed');
    if (this.readOnly) throw new CoreError('READ_ONLY_LOCATION', `${this.path} is open read-only`);
    const now = this.now();
    let recorded = 0;
    const recorder: ChangeRecorder = {
      db: this.db,
      actor,
      now,
      record: (entry) => {
        appendAuditEntry(this.db, actor, entry, now);
        recorded++;
      },
    };
    return this.db.transaction(() => {
      const result = work(recorder);
      if (recorded === 0) throw new CoreError('INTERNAL', 'A change must record at least one audit entry');
      return result;
    })();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    try {
      if (!this.readOnly) this.db.pragma('wal_checkpoint(TRUNCATE)');
    } finally {
      this.db.close();
      this.lock?.release();
    }
  }
}
