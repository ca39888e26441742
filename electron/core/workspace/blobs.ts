import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';

export interface StoredBlob {
  sha256: string;
  size: number;
  /** False when the same bytes were already in the workspace. */
  created: boolean;
}

export const sha256Hex = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** Stores evidence bytes once, keyed by their SHA-256. Call inside the importing transaction. */
export const putBlob = (db: Database.Database, bytes: Uint8Array, now = new Date()): StoredBlob => {
  const sha256 = sha256Hex(bytes);
  const result = db
    .prepare('INSERT INTO blobs (sha256, size, content, stored_at) VALUES (?, ?, ?, ?) ON CONFLICT (sha256) DO NOTHING')
    .run(sha256, bytes.byteLength, Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), now.toISOString());
  return { sha256, size: bytes.byteLength, created: result.changes === 1 };
};

export const getBlob = (db: Database.Database, sha256: string): Buffer | null => {
  const row = db.prepare('SELECT content FROM blobs WHERE sha256 = ?').get(sha256) as { content: Buffer } | undefined;
  return row?.content ?? null;
};
