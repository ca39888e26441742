import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';

export interface StoredBlob {
  sha256: string;
  size: number;
  /** False when the same bytes were already in the workspace. */
  created: boolean;
}

/** SQLite copies what it is given: chunks keep that copy small whatever the file's size. */
const CHUNK_BYTES = 1024 * 1024;

export const sha256Hex = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** Stores evidence bytes once, keyed by their SHA-256. Call inside the importing transaction. */
export const putBlob = (db: Database.Database, bytes: Uint8Array, now = new Date(), sha256 = sha256Hex(bytes)): StoredBlob => {
  const result = db
    .prepare('INSERT INTO blobs (sha256, size, stored_at) VALUES (?, ?, ?) ON CONFLICT (sha256) DO NOTHING')
    .run(sha256, bytes.byteLength, now.toISOString());
  if (result.changes === 1) {
    const insert = db.prepare('INSERT INTO blob_chunks (sha256, seq, content) VALUES (?, ?, ?)');
    const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    // An empty file still has one (empty) chunk, so every stored blob has its bytes row.
    for (let offset = 0, seq = 0; seq === 0 || offset < view.length; offset += CHUNK_BYTES, seq++) {
      insert.run(sha256, seq, view.subarray(offset, offset + CHUNK_BYTES));
    }
  }
  return { sha256, size: bytes.byteLength, created: result.changes === 1 };
};

export const getBlob = (db: Database.Database, sha256: string): Buffer | null => {
  const chunks = db.prepare('SELECT content FROM blob_chunks WHERE sha256 = ? ORDER BY seq').pluck().all(sha256) as Buffer[];
  if (chunks.length === 0) return null;
  return chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks);
};
