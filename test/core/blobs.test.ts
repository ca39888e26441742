import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { getBlob, putBlob, sha256Hex } from '../../electron/core/workspace/blobs.js';
import { Workspace } from '../../electron/core/workspace/workspace.js';
import { createTestWorkspace } from '../support/workspaces.js';

describe('the blob store', () => {
  it('stores bytes once, keyed by their SHA-256', () => {
    const { path, workspace } = createTestWorkspace();
    const bytes = randomBytes(100_000);
    const expected = createHash('sha256').update(bytes).digest('hex');
    try {
      const first = workspace.db.transaction(() => putBlob(workspace.db, bytes))();
      expect(first).toEqual({ sha256: expected, size: bytes.length, created: true });
      // The same bytes again, from a different buffer: deduplicated.
      const again = workspace.db.transaction(() => putBlob(workspace.db, Uint8Array.from(bytes)))();
      expect(again).toEqual({ sha256: expected, size: bytes.length, created: false });
      expect(workspace.db.prepare('SELECT count(*) FROM blobs').pluck().get()).toBe(1);

      const other = workspace.db.transaction(() => putBlob(workspace.db, Buffer.from('different evidence')))();
      expect(other.created).toBe(true);
      expect(other.sha256).not.toBe(expected);
      expect(workspace.db.prepare('SELECT count(*) FROM blobs').pluck().get()).toBe(2);
    } finally {
      workspace.close();
    }
    const reopened = Workspace.open(path, { readOnly: true });
    try {
      expect(getBlob(reopened.db, expected)?.equals(bytes)).toBe(true);
      expect(getBlob(reopened.db, sha256Hex(Buffer.from('never stored')))).toBeNull();
    } finally {
      reopened.close();
    }
  });

  it('stores the right bytes from a view into a larger buffer', () => {
    const { workspace } = createTestWorkspace();
    try {
      const backing = Buffer.from('xxxxHELLOyyyy');
      const view = new Uint8Array(backing.buffer, backing.byteOffset + 4, 5);
      const stored = workspace.db.transaction(() => putBlob(workspace.db, view))();
      expect(stored.sha256).toBe(sha256Hex(Buffer.from('HELLO')));
      expect(getBlob(workspace.db, stored.sha256)?.toString()).toBe('HELLO');
    } finally {
      workspace.close();
    }
  });

  it('an empty file is a blob too', () => {
    const { workspace } = createTestWorkspace();
    try {
      const stored = workspace.db.transaction(() => putBlob(workspace.db, new Uint8Array(0)))();
      expect(stored).toEqual({ sha256: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855', size: 0, created: true });
      expect(getBlob(workspace.db, stored.sha256)?.length).toBe(0);
    } finally {
      workspace.close();
    }
  });

  it('stored evidence cannot be rewritten', () => {
    const { workspace } = createTestWorkspace();
    try {
      const stored = workspace.db.transaction(() => putBlob(workspace.db, Buffer.from('original')))();
      expect(() => workspace.db.prepare("UPDATE blob_chunks SET content = X'00' WHERE sha256 = ?").run(stored.sha256)).toThrow(/immutable/);
      expect(getBlob(workspace.db, stored.sha256)?.toString()).toBe('original');
    } finally {
      workspace.close();
    }
  });
});
