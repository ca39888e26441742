import { createHash } from 'node:crypto';
import Database from 'better-sqlite3';
import canonicalize from 'canonicalize';
import { describe, expect, it } from 'vitest';
import { CoreError } from '../../electron/core/errors.js';
import { addPerson, listPeople, updatePerson } from '../../electron/core/people/people.js';
import { appendAuditEntry, getAuditEntry, hashEntry, listAuditEntries, readChainHead, verifyAuditChain } from '../../electron/core/workspace/auditChain.js';
import { Workspace } from '../../electron/core/workspace/workspace.js';
import { GENESIS_HASH } from '../../shared/domain/audit.js';
import { countRows, createTestWorkspace, recordChanges, tamper } from '../support/workspaces.js';

/** A closed workspace holding `entries` audit entries in all (2 from creation, the rest notes). */
const closedWorkspaceWith = (entries: number) => {
  const test = createTestWorkspace();
  recordChanges(test.workspace, test.actor, entries - 2);
  test.workspace.close();
  return test;
};

const verifyFile = (path: string) => {
  const workspace = Workspace.open(path, { readOnly: true });
  try {
    return verifyAuditChain(workspace.db);
  } finally {
    workspace.close();
  }
};

describe('the hash of an entry', () => {
  it('is SHA-256 over the previous hash and the RFC 8785 canonical JSON of the envelope', () => {
    const row = {
      seq: 7,
      at: '2026-02-03T04:05:06.789Z',
      actor_id: 'p-1',
      actor_name: 'Zoë Ümlaut',
      action: 'person.updated',
      entity_type: 'person',
      entity_id: 'p-2',
      before_json: '{"email":"a@b.example","name":"Ann"}',
      after_json: '{"email":"c@d.example","name":"Ann \\"the reviewer\\""}',
      justification: 'line one\nline two\t€ 😀',
      prev_hash: 'ab'.repeat(32),
    };
    const envelope = canonicalize({
      seq: row.seq,
      at: row.at,
      actorId: row.actor_id,
      actorName: row.actor_name,
      action: row.action,
      entityType: row.entity_type,
      entityId: row.entity_id,
      before: row.before_json,
      after: row.after_json,
      justification: row.justification,
    })!;
    // Keys sorted, no whitespace: the canonical form.
    expect(envelope.startsWith('{"action":"person.updated","actorId":"p-1","actorName":"Zoë Ümlaut","after":')).toBe(true);
    expect(hashEntry(row)).toBe(createHash('sha256').update(row.prev_hash + envelope).digest('hex'));
  });

  it('stores before and after as canonical JSON text and gives them back parsed', () => {
    const { workspace, actor } = createTestWorkspace();
    try {
      workspace.change(actor, (tx) =>
        tx.record({ action: 'x.changed', entityType: 'x', entityId: '1', before: { b: 2, a: 1 }, after: { z: [3, { y: 1, x: 2 }] }, justification: '  padded  ' }),
      );
      const row = workspace.db.prepare('SELECT before_json, after_json, justification FROM audit_log WHERE seq = 3').get();
      expect(row).toEqual({ before_json: '{"a":1,"b":2}', after_json: '{"z":[3,{"x":2,"y":1}]}', justification: 'padded' });
      expect(getAuditEntry(workspace.db, 3)).toMatchObject({ before: { a: 1, b: 2 }, after: { z: [3, { x: 2, y: 1 }] } });
    } finally {
      workspace.close();
    }
  });
});

describe('append-only', () => {
  it('UPDATE and DELETE on audit_log raise, even through the plain sqlite3 library', () => {
    const { path } = closedWorkspaceWith(5);
    const db = new Database(path);
    try {
      expect(() => db.prepare("UPDATE audit_log SET justification = 'rewritten' WHERE seq = 3").run()).toThrow(/append-only.*cannot be changed/);
      expect(() => db.prepare('DELETE FROM audit_log WHERE seq = 3').run()).toThrow(/append-only.*cannot be deleted/);
      expect(() => db.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
      expect(db.prepare('SELECT count(*) FROM audit_log').pluck().get()).toBe(5);
    } finally {
      db.close();
    }
    expect(verifyFile(path).ok).toBe(true);
  });

  it('entries are written only inside the transaction of their change', () => {
    const { workspace, actor } = createTestWorkspace();
    try {
      expect(() => appendAuditEntry(workspace.db, actor, { action: 'a', entityType: 'b', entityId: 'c', before: null, after: null })).toThrow(CoreError);
      expect(readChainHead(workspace.db).seq).toBe(2);
    } finally {
      workspace.close();
    }
  });
});

describe('verification names the exact entry someone changed in the file', () => {
  it('a good chain verifies, with the head and the number of entries', () => {
    const { path, workspace } = closedWorkspaceWith(10);
    const result = verifyFile(path);
    expect(result).toEqual({ ok: true, entries: 10, head: expect.stringMatching(/^[0-9a-f]{64}$/), firstBroken: null });
    expect(result.head).not.toBe(GENESIS_HASH);
    expect(workspace.path).toBe(path);
  });

  it('an empty trail verifies with the genesis hash as head', () => {
    const db = new Database(':memory:');
    try {
      db.exec(
        'CREATE TABLE audit_log (seq INTEGER PRIMARY KEY, at TEXT, actor_id TEXT, actor_name TEXT, action TEXT, entity_type TEXT, entity_id TEXT, before_json TEXT, after_json TEXT, justification TEXT, prev_hash TEXT, hash TEXT)',
      );
      expect(verifyAuditChain(db)).toEqual({ ok: true, entries: 0, head: GENESIS_HASH, firstBroken: null });
    } finally {
      db.close();
    }
  });

  it('changed justification of entry 3 -> firstBroken.seq 3, "changed"', () => {
    const { path } = closedWorkspaceWith(8);
    tamper(path, (db) => db.prepare("UPDATE audit_log SET justification = 'approved by the CFO' WHERE seq = 3").run());
    const result = verifyFile(path);
    expect(result.ok).toBe(false);
    expect(result.entries).toBe(8);
    expect(result.firstBroken?.seq).toBe(3);
    expect(result.firstBroken?.reason).toMatch(/changed/);
    expect(result.firstBroken?.reason).toContain('3');
  });

  it('changed before/after, actor, time or action of an entry is caught at that entry', () => {
    const edits: [string, string][] = [
      ['after_json', `'{"text":"something else"}'`],
      ['before_json', `'{"text":"was"}'`],
      ['actor_name', `'Mallory'`],
      ['actor_id', 'NULL'],
      ['at', `'2025-12-31T23:59:59.000Z'`],
      ['action', `'note.removed'`],
      ['entity_id', `'other'`],
      ['justification', 'NULL'],
    ];
    for (const [column, value] of edits) {
      const { path } = closedWorkspaceWith(6);
      tamper(path, (db) => db.exec(`UPDATE audit_log SET ${column} = ${value} WHERE seq = 4`));
      const result = verifyFile(path);
      expect(result.firstBroken, column).toMatchObject({ seq: 4, reason: expect.stringMatching(/changed/) });
    }
  });

  it('a changed prev_hash is caught at that entry', () => {
    const { path } = closedWorkspaceWith(8);
    tamper(path, (db) => db.prepare('UPDATE audit_log SET prev_hash = ? WHERE seq = 5').run('f'.repeat(64)));
    const result = verifyFile(path);
    expect(result.ok).toBe(false);
    expect(result.firstBroken?.seq).toBe(5);
    expect(result.firstBroken?.reason).toMatch(/does not follow entry 4/);
  });

  it('a deleted middle entry is named by its missing number', () => {
    const { path } = closedWorkspaceWith(8);
    tamper(path, (db) => db.prepare('DELETE FROM audit_log WHERE seq = 4').run());
    const result = verifyFile(path);
    expect(result.ok).toBe(false);
    expect(result.firstBroken?.seq).toBe(4);
    expect(result.firstBroken?.reason).toMatch(/entry 4 is missing/);
  });

  it('a deleted first entry is named', () => {
    const { path } = closedWorkspaceWith(5);
    tamper(path, (db) => db.prepare('DELETE FROM audit_log WHERE seq = 1').run());
    expect(verifyFile(path).firstBroken).toMatchObject({ seq: 1, reason: expect.stringMatching(/entry 1 is missing/) });
  });

  it('rewriting an entry and recomputing its own hash is caught at the next entry', () => {
    const { path } = closedWorkspaceWith(8);
    tamper(path, (db) => {
      db.prepare("UPDATE audit_log SET justification = 'backdated approval' WHERE seq = 3").run();
      const row = db.prepare('SELECT * FROM audit_log WHERE seq = 3').get() as Parameters<typeof hashEntry>[0];
      db.prepare('UPDATE audit_log SET hash = ? WHERE seq = 3').run(hashEntry(row));
    });
    const result = verifyFile(path);
    expect(result.firstBroken?.seq).toBe(4);
    expect(result.firstBroken?.reason).toMatch(/does not follow entry 3/);
  });

  it('an entry inserted with a forged number is caught', () => {
    for (const forged of ['7', '4611686018427387904']) {
      const { path } = closedWorkspaceWith(5);
      tamper(path, (db) => {
        const last = db.prepare('SELECT * FROM audit_log WHERE seq = 5').get() as Record<string, unknown>;
        db.prepare(
          `INSERT INTO audit_log VALUES (${forged}, @at, @actor_id, @actor_name, @action, @entity_type, @entity_id, @before_json, @after_json, @justification, @hash, @hash)`,
        ).run(last);
      });
      expect(verifyFile(path).firstBroken, forged).toMatchObject({ seq: 6, reason: expect.stringMatching(/entry 6 is missing/) });
    }
  });

  it('only the first broken entry is reported when several are', () => {
    const { path } = closedWorkspaceWith(10);
    tamper(path, (db) => db.exec("UPDATE audit_log SET justification = 'x' WHERE seq IN (6, 3, 9)"));
    expect(verifyFile(path).firstBroken?.seq).toBe(3);
  });

  it('text that SQLite and JavaScript might quote differently still verifies', () => {
    const { workspace, actor } = createTestWorkspace();
    try {
      const awkward = [
        '\u0000\u0001\u0007\b\t\n\u000b\f\r\u000e\u001f\u007f\u0080\u009f',
        '"quoted" \\back\\slash\\ /slash/ \'single\'',
        '\u2028\u2029 \ufeff \ufffd \uffff € ½ ß 日本 😀 🏳️‍🌈',
        '</script><!-- -->',
      ];
      for (const text of awkward) {
        workspace.change(actor, (tx) =>
          tx.record({ action: text, entityType: text, entityId: text, before: { text }, after: [text, { [text]: text }], justification: text }),
        );
      }
      addPerson(workspace, { id: null, name: '\u0000Nul\u001fActor\u2028' }, { name: '名前 "quoted"', email: null, role: 'engineer', justification: awkward.join('|') });
      expect(verifyAuditChain(workspace.db)).toMatchObject({ ok: true, firstBroken: null });
    } finally {
      workspace.close();
    }
  });
});

describe('the fast verification path hashes exactly what canonicalize writes', () => {
  const COLUMNS = 'seq INTEGER, at TEXT, actor_id TEXT, actor_name TEXT, action TEXT, entity_type TEXT, entity_id TEXT, before_json TEXT, after_json TEXT, justification TEXT';
  const SQL_ENVELOPE = `json_object('action', action, 'actorId', actor_id, 'actorName', actor_name, 'after', after_json, 'at', at,
    'before', before_json, 'entityId', entity_id, 'entityType', entity_type, 'justification', justification, 'seq', seq)`;

  const canonicalEnvelope = (row: Record<string, string | number | null>) =>
    canonicalize({
      seq: row.seq,
      at: row.at,
      actorId: row.actor_id,
      actorName: row.actor_name,
      action: row.action,
      entityType: row.entity_type,
      entityId: row.entity_id,
      before: row.before_json,
      after: row.after_json,
      justification: row.justification,
    });

  it('for every Unicode code point, in every field, and for null and large seq values', () => {
    const db = new Database(':memory:');
    try {
      db.exec(`CREATE TABLE t (${COLUMNS})`);
      const insert = db.prepare('INSERT INTO t VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
      const codePoints: number[] = [];
      for (let cp = 0; cp <= 0x10ffff; cp++) {
        if (cp >= 0xd800 && cp <= 0xdfff) continue; // lone surrogates cannot be stored as text
        if (cp > 0xffff && cp % 97 !== 0 && cp < 0x10fff0) continue; // astral planes: a spread sample
        codePoints.push(cp);
      }
      let seq = 1;
      for (let i = 0; i < codePoints.length; i += 64) {
        const text = String.fromCodePoint(...codePoints.slice(i, i + 64));
        const field = seq % 10;
        const values: (string | number | null)[] = [seq, 'at', 'actor', 'name', 'action', 'type', 'id', '{"a":1}', null, 'why'];
        values[field === 0 ? 9 : field] = text;
        insert.run(...values);
        seq += seq % 3 === 0 ? 9_007_199_254_740 : 1;
      }
      insert.run(9_007_199_254_740_991, '', null, '', '', '', '', null, null, null);
      const rows = db.prepare(`SELECT *, ${SQL_ENVELOPE} AS sql FROM t`).all() as (Record<string, string | number | null> & { sql: string })[];
      expect(rows.length).toBeGreaterThan(1000);
      const mismatches = rows.filter((row) => row.sql !== canonicalEnvelope(row));
      expect(mismatches.map((row) => row.seq)).toEqual([]);
    } finally {
      db.close();
    }
  });

  it('an entry holding bytes that are not UTF-8 is judged the exact way', () => {
    const { path } = closedWorkspaceWith(6);
    // Invalid UTF-8 written into the last entry, without fixing its hash: broken.
    tamper(path, (db) => db.exec("UPDATE audit_log SET justification = CAST(X'4f4bff2280' AS TEXT) WHERE seq = 6"));
    expect(verifyFile(path).firstBroken).toMatchObject({ seq: 6, reason: expect.stringMatching(/changed/) });

    // The same bytes with the hash computed by the definition (canonicalize over the text as read): not broken.
    tamper(path, (db) => {
      const row = db.prepare('SELECT * FROM audit_log WHERE seq = 6').get() as Parameters<typeof hashEntry>[0];
      expect(row.justification).toContain('\uFFFD');
      db.prepare('UPDATE audit_log SET hash = ? WHERE seq = 6').run(hashEntry(row));
    });
    expect(verifyFile(path)).toMatchObject({ ok: true, entries: 6 });
  });

  it('an entry whose text contains U+FFFD itself verifies', () => {
    const { workspace, actor } = createTestWorkspace();
    try {
      workspace.change(actor, (tx) => tx.record({ action: 'x', entityType: 'y', entityId: 'z', before: '\uFFFD', after: null, justification: 'replacement \uFFFD char' }));
      recordChanges(workspace, actor, 2);
      expect(verifyAuditChain(workspace.db)).toMatchObject({ ok: true, entries: 5 });
    } finally {
      workspace.close();
    }
  });
});

describe('every change writes its audit entry in the same transaction', () => {
  it('a refused change (duplicate email) leaves neither the person nor an entry', () => {
    const { path, workspace, actor } = createTestWorkspace();
    try {
      addPerson(workspace, actor, { name: 'Bob', email: 'bob@acme.example', role: 'engineer' });
      const people = listPeople(workspace.db).length;
      const head = readChainHead(workspace.db);
      expect(() => addPerson(workspace, actor, { name: 'Robert', email: 'BOB@acme.example', role: 'auditor' })).toThrow(
        expect.objectContaining({ code: 'CONFLICT' }),
      );
      expect(listPeople(workspace.db)).toHaveLength(people);
      expect(readChainHead(workspace.db)).toEqual(head);
    } finally {
      workspace.close();
    }
    expect(countRows(path, 'people')).toBe(2);
    expect(countRows(path, 'audit_log')).toBe(3);
  });

  it('when writing the audit entry fails, the change itself is rolled back', () => {
    const { workspace, actor } = createTestWorkspace();
    try {
      // Make every audit insert fail on this connection only.
      workspace.db.exec("CREATE TEMP TRIGGER fail_audit BEFORE INSERT ON main.audit_log BEGIN SELECT RAISE(ABORT, 'disk trouble'); END");
      expect(() => addPerson(workspace, actor, { name: 'Carol', email: 'carol@acme.example', role: 'engineer' })).toThrow(/disk trouble/);
      expect(listPeople(workspace.db).map((p) => p.name)).toEqual(['Ada Founder']);
      workspace.db.exec('DROP TRIGGER temp.fail_audit');
      expect(readChainHead(workspace.db).seq).toBe(2);
    } finally {
      workspace.close();
    }
  });

  it('when the change fails after its entry was recorded, the entry is rolled back too', () => {
    const { workspace, actor } = createTestWorkspace();
    try {
      expect(() =>
        workspace.change(actor, (tx) => {
          tx.record({ action: 'person.added', entityType: 'person', entityId: 'x', before: null, after: { name: 'Dave' } });
          tx.db.prepare("INSERT INTO people (id, name, email, role, created_at) VALUES ('x', 'Dave', NULL, 'engineer', 'now')").run();
          tx.db.prepare("INSERT INTO people (id, name, email, role, created_at) VALUES ('y', 'Eve', NULL, 'not-a-role', 'now')").run();
        }),
      ).toThrow(/CHECK constraint/);
      expect(readChainHead(workspace.db).seq).toBe(2);
      expect(listPeople(workspace.db)).toHaveLength(1);
    } finally {
      workspace.close();
    }
  });

  it('a change that records no entry is refused and rolled back', () => {
    const { workspace, actor } = createTestWorkspace();
    try {
      expect(() =>
        workspace.change(actor, (tx) => {
          tx.db.prepare("INSERT INTO people (id, name, email, role, created_at) VALUES ('x', 'Sneaky', NULL, 'engineer', 'now')").run();
        }),
      ).toThrow(expect.objectContaining({ code: 'INTERNAL' }));
      expect(listPeople(workspace.db)).toHaveLength(1);
    } finally {
      workspace.close();
    }
  });

  it('an update records before and after and the acting person', () => {
    const { workspace, actor, owner } = createTestWorkspace();
    try {
      const bob = addPerson(workspace, actor, { name: 'Bob', email: 'bob@acme.example', role: 'engineer', justification: 'hired' });
      updatePerson(workspace, actor, { id: bob.id, role: 'external_reviewer', justification: 'now reviews quarterly' });
      const { entries, total } = listAuditEntries(workspace.db, 0, 10);
      expect(total).toBe(4);
      expect(entries[0]).toMatchObject({ seq: 4, action: 'person.updated', actorId: owner.id, actorName: owner.name, justification: 'now reviews quarterly' });
      expect(getAuditEntry(workspace.db, 4)).toMatchObject({ before: { role: 'engineer' }, after: { role: 'external_reviewer' } });
      expect(() => updatePerson(workspace, actor, { id: owner.id, role: 'engineer' })).toThrow(expect.objectContaining({ code: 'CONFLICT' }));
      expect(readChainHead(workspace.db).seq).toBe(4);
    } finally {
      workspace.close();
    }
  });

  it('pages of the trail come newest first by sequence range', () => {
    const { workspace, actor } = createTestWorkspace();
    try {
      recordChanges(workspace, actor, 8);
      expect(listAuditEntries(workspace.db, 0, 3).entries.map((e) => e.seq)).toEqual([10, 9, 8]);
      expect(listAuditEntries(workspace.db, 8, 5).entries.map((e) => e.seq)).toEqual([2, 1]);
      expect(listAuditEntries(workspace.db, 20, 5)).toEqual({ total: 10, entries: [] });
      expect(() => getAuditEntry(workspace.db, 99)).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
    } finally {
      workspace.close();
    }
  });
});
