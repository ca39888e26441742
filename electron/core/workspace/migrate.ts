import { copyFileSync } from 'node:fs';
import type Database from 'better-sqlite3';
import { migrations } from './schema.js';

export interface MigrationOutcome {
  from: number;
  to: number;
  /** The copy taken before migrating an existing file, if one was needed. */
  backupPath: string | null;
}

/** Brings the file to the latest schema, one numbered step at a time, after a backup copy. */
export const migrate = (db: Database.Database, path: string, now = new Date()): MigrationOutcome => {
  const from = db.pragma('user_version', { simple: true }) as number;
  const to = migrations.length;
  if (from === to) return { from, to, backupPath: null };

  let backupPath: string | null = null;
  if (from > 0) {
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
