import { accessSync, constants, existsSync, openSync, readSync, closeSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { CoreError } from '../errors.js';
import { APPLICATION_ID, LATEST_SCHEMA_VERSION } from './schema.js';

const SQLITE_HEADER = 'SQLite format 3\0';

const isWritable = (path: string): boolean => {
  try {
    accessSync(path, constants.W_OK);
    return true;
  } catch {
    return false;
  }
};

/** Refuses, before SQLite touches it, a file that cannot be a workspace. */
const checkLooksLikeWorkspace = (path: string): void => {
  const stats = statSync(path);
  if (stats.isDirectory()) throw new CoreError('NOT_A_WORKSPACE', `${path} is a folder, not a Countersign workspace file`);
  if (stats.size === 0) throw new CoreError('NOT_A_WORKSPACE', `${path} is empty: it is not a Countersign workspace`);
  const header = Buffer.alloc(100);
  const fd = openSync(path, 'r');
  let read: number;
  try {
    read = readSync(fd, header, 0, 100, 0);
  } finally {
    closeSync(fd);
  }
  if (read < 100 || header.toString('latin1', 0, 16) !== SQLITE_HEADER) {
    throw new CoreError('NOT_A_WORKSPACE', `${path} is not a Countersign workspace: it is not an SQLite database file`);
  }
  const pageSize = header.readUInt16BE(16) === 1 ? 65536 : header.readUInt16BE(16);
  const pageCount = header.readUInt32BE(28);
  const hasWal = existsSync(`${path}-wal`);
  if (!hasWal && pageCount > 0 && stats.size < pageSize * pageCount) {
    throw new CoreError(
      'CORRUPT_WORKSPACE',
      `${path} is truncated: it should hold ${pageSize * pageCount} bytes but has ${stats.size}. Restore it from a backup copy.`,
    );
  }
};

export type OpenMode = 'create' | 'open' | 'read-only';

let nativeBinding: string | undefined;

/**
 * Development desktop runs only (`npm start`): node_modules holds better-sqlite3 built for Node, so
 * scripts/start.mjs prepares a build for Electron's ABI and the shell names it here. Packaged apps
 * never call this: electron-builder rebuilds the module for Electron.
 */
export const useSqliteNativeBinding = (path: string | undefined): void => {
  nativeBinding = path || undefined;
};

/**
 * The primary result code of an SQLite error: better-sqlite3 reports extended codes such as
 * SQLITE_READONLY_DIRECTORY or SQLITE_CANTOPEN_ISDIR, which belong to SQLITE_READONLY and SQLITE_CANTOPEN.
 */
export const sqlitePrimaryCode = (error: unknown): string => {
  const code = error !== null && typeof error === 'object' ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' ? (/^SQLITE_[A-Z]+/.exec(code)?.[0] ?? '') : '';
};

/** Turns SQLite's errors about a damaged file into a message a person can act on. */
export const explainSqliteError = (path: string, error: unknown): never => {
  const code = sqlitePrimaryCode(error);
  if (code === 'SQLITE_CORRUPT' || code === 'SQLITE_NOTADB') {
    throw new CoreError('CORRUPT_WORKSPACE', `${path} is damaged (${(error as Error).message}). Restore it from a backup copy.`);
  }
  if ((error as { code?: unknown }).code === 'SQLITE_READONLY_DIRECTORY') {
    // A workspace uses WAL: even reading it needs a shared-memory file (-shm) beside it.
    throw new CoreError(
      'READ_ONLY_LOCATION',
      `${path} is in a folder Countersign cannot write to, and even reading a workspace needs to create a small file beside it. Copy it to a folder you can write to.`,
    );
  }
  if (code === 'SQLITE_READONLY' || code === 'SQLITE_CANTOPEN') {
    throw new CoreError('READ_ONLY_LOCATION', `${path} cannot be written: ${(error as Error).message}. Copy it to a folder you can write to.`);
  }
  if (code === 'SQLITE_BUSY') {
    throw new CoreError('WORKSPACE_LOCKED', `${path} is busy in another program. Close it there and try again.`);
  }
  throw error;
};

/**
 * Opens the SQLite file with the settings every workspace uses (WAL, foreign keys) after checking
 * that it is one of ours and not from a newer Countersign.
 */
export const openDatabase = (path: string, mode: OpenMode): Database.Database => {
  if (mode === 'create') {
    if (existsSync(path)) throw new CoreError('ALREADY_EXISTS', `${path} already exists. Choose another name or open it instead.`);
    if (!existsSync(dirname(path))) throw new CoreError('NOT_FOUND', `The folder ${dirname(path)} does not exist`);
    if (!isWritable(dirname(path))) {
      throw new CoreError('READ_ONLY_LOCATION', `The folder ${dirname(path)} is read-only. Choose a folder you can write to.`);
    }
  } else {
    if (!existsSync(path)) throw new CoreError('NOT_FOUND', `${path} does not exist`);
    checkLooksLikeWorkspace(path);
    if (mode === 'open' && (!isWritable(path) || !isWritable(dirname(path)))) {
      throw new CoreError(
        'READ_ONLY_LOCATION',
        `${path} is in a read-only location. Countersign records every change, so it needs to write there: copy the file to a folder you can write to.`,
      );
    }
  }

  let db: Database.Database;
  try {
    db = new Database(path, { readonly: mode === 'read-only', fileMustExist: mode !== 'create', ...(nativeBinding ? { nativeBinding } : {}) });
  } catch (error) {
    return explainSqliteError(path, error);
  }
  try {
    db.pragma('busy_timeout = 2000');
    if (mode === 'create') {
      db.pragma('journal_mode = WAL');
      db.pragma('foreign_keys = ON');
      db.pragma(`application_id = ${APPLICATION_ID}`);
      return db;
    }
    // Checked before anything is switched on: a file that is not ours, or is too new, is left exactly as it was.
    const applicationId = db.pragma('application_id', { simple: true }) as number;
    if (applicationId !== APPLICATION_ID) {
      throw new CoreError('NOT_A_WORKSPACE', `${path} is an SQLite database but not a Countersign workspace`);
    }
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version > LATEST_SCHEMA_VERSION) {
      throw new CoreError(
        'WORKSPACE_TOO_NEW',
        `${path} was written by a newer version of Countersign (workspace format ${version}; this app reads up to ${LATEST_SCHEMA_VERSION}). Update Countersign to open it.`,
      );
    }
    if (mode !== 'read-only') db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    return db;
  } catch (error) {
    db.close();
    if (error instanceof CoreError) throw error;
    return explainSqliteError(path, error);
  }
};
