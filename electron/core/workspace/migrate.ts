import { copyFileSync } from 'node:fs';
import type Database from 'better-sqlite3';
import { migrations } from './schema.js';

export interface MigrationOutcome {
  from: number;
  to: number;
  /** The copy taken before migrating an existing file, if one was needed. */
  backupPath: string | null;
}

export interface MigrateOptions {
  /** A file this process has just created holds nothing yet: no backup is needed. */
  newFile?: boolean;
  now?: Date;
}

/**
 * Brings the file to the latest schema, one numbered step at a time. An existing file, whatever its
 * format (format 0 included: a creation that never finished), is copied first.
 */
export const migrate = (db: Database.Database, path: string, options: MigrateOptions = {}): MigrationOutcome => {
  const now = options.now ?? new Date();
  const from = db.pragma('user_version', { simple: true }) as number;
  const to = migrations.length;
  if (from === to) return { from, to, backupPath: null };

  let backupPath: string | null = null;
  if (!options.newFile) {
    // Fold the WAL into the main file so the copy is complete on its own.
    db.pragma('wal_checkpoint(TRUNCATE)');
    backupPath = `${path}.v${from}-backup-${now.toISOString().replace(/[:.]/g, '-')}`;
    copyFileSync(path, backupPath);
  }
  const step = db.transaction((version: number) => {
    db.exec(migrations[version] ?? '');
    db.pragma(`user_version = ${version + 1}`);
  });
  for (let version = from; version < to; version++) step(version);
  return { from, to, backupPath };
};
