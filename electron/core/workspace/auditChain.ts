import { createHash, hash as oneShotHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import canonicalize from 'canonicalize';
import { GENESIS_HASH, type AuditEntry, type AuditEntrySummary, type ChainVerification } from '../../../shared/domain/audit.js';
import { CoreError } from '../errors.js';

/** Who made a change, as the trail records it (the name is kept in case the person is renamed later). */
export interface Actor {
  id: string | null;
  name: string;
}

export interface AuditRecord {
  action: string;
  entityType: string;
  entityId: string;
  before: unknown;
  after: unknown;
  justification?: string | null;
}

export interface AuditRow {
  seq: number;
  at: string;
  actor_id: string | null;
  actor_name: string;
  action: string;
  entity_type: string;
  entity_id: string;
  before_json: string | null;
  after_json: string | null;
  justification: string | null;
  prev_hash: string;
  hash: string;
}

const toCanonicalText = (value: unknown): string | null => {
  if (value === undefined || value === null) return null;
  const text = canonicalize(value);
  if (text === undefined) throw new CoreError('INTERNAL', 'An audit value could not be serialised');
  return text;
};

/**
 * The entry's RFC 8785 canonical JSON, the text its hash covers. Before and after enter the envelope
 * as their canonical JSON text, so verifying never re-parses them.
 */
export const canonicalEnvelope = (row: Omit<AuditRow, 'hash' | 'prev_hash'>): string =>
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
  }) ?? '';

/** The hash of one entry: SHA-256 over the previous hash and the entry's canonical JSON. */
export const hashEntry = (row: Omit<AuditRow, 'hash'>): string =>
  createHash('sha256').update(row.prev_hash).update(canonicalEnvelope(row)).digest('hex');

export interface ChainHead {
  seq: number;
  hash: string;
}

/** The last entry; reads one row, never the table. */
export const readChainHead = (db: Database.Database): ChainHead => {
  const row = db.prepare('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1').get() as ChainHead | undefined;
  return row ?? { seq: 0, hash: GENESIS_HASH };
};

/** Appends one entry after the current head. Call inside the transaction that makes the change. */
export const appendAuditEntry = (db: Database.Database, actor: Actor, record: AuditRecord, at = new Date()): AuditEntrySummary => {
  if (!db.inTransaction) throw new CoreError('INTERNAL', 'Audit entries must be written in the transaction of their change');
  const head = readChainHead(db);
  const row: Omit<AuditRow, 'hash'> = {
    seq: head.seq + 1,
    at: at.toISOString(),
    actor_id: actor.id,
    actor_name: actor.name,
    action: record.action,
    entity_type: record.entityType,
    entity_id: record.entityId,
    before_json: toCanonicalText(record.before),
    after_json: toCanonicalText(record.after),
    justification: record.justification?.trim() ? record.justification.trim() : null,
    prev_hash: head.hash,
  };
  const hash = hashEntry(row);
  db.prepare(
    `INSERT INTO audit_log (seq, at, actor_id, actor_name, action, entity_type, entity_id, before_json, after_json, justification, prev_hash, hash)
     VALUES (@seq, @at, @actor_id, @actor_name, @action, @entity_type, @entity_id, @before_json, @after_json, @justification, @prev_hash, @hash)`,
  ).run({ ...row, hash });
  return toSummary({ ...row, hash });
};

const toSummary = (row: AuditRow): AuditEntrySummary => ({
  seq: row.seq,
  at: row.at,
  actorId: row.actor_id,
  actorName: row.actor_name,
  action: row.action,
  entityType: row.entity_type,
  entityId: row.entity_id,
  justification: row.justification,
  hash: row.hash,
});

const parseStored = (text: string | null): unknown => (text === null ? null : JSON.parse(text));

export const listAuditEntries = (db: Database.Database, offset: number, limit: number): { total: number; entries: AuditEntrySummary[] } => {
  const head = readChainHead(db);
  // seq is dense from 1, so a page is a range on the primary key: no OFFSET scan, fast at any depth.
  const newest = head.seq - offset;
  const rows = db
    .prepare('SELECT * FROM audit_log WHERE seq <= ? AND seq > ? ORDER BY seq DESC')
    .all(newest, newest - limit) as AuditRow[];
  return { total: head.seq, entries: rows.map(toSummary) };
};

export const getAuditEntry = (db: Database.Database, seq: number): AuditEntry => {
  const row = db.prepare('SELECT * FROM audit_log WHERE seq = ?').get(seq) as AuditRow | undefined;
  if (!row) throw new CoreError('NOT_FOUND', `There is no audit entry number ${seq}`);
  return { ...toSummary(row), before: parseStored(row.before_json), after: parseStored(row.after_json), prevHash: row.prev_hash };
};

/**
 * What verification hashes, built by SQLite while it reads each row: the previous hash followed by the
 * envelope as json_object() writes it. With the keys given in RFC 8785 order (sorted), an integer seq and
 * text values, json_object() writes exactly what canonicalize() writes: no whitespace, and strings quoted
 * as JSON.stringify quotes them (quote, backslash and control characters escaped, \b \t \n \f \r short,
 * other controls as \u00xx, everything else as is). A test holds the two equal for every BMP code point and
 * a spread of the others. An entry whose fast hash does not match is checked the exact way (hashEntry,
 * i.e. canonicalize) before it is called broken: the fast path can only save time, never change a verdict.
 */
const VERIFY_SQL = `
  SELECT seq, prev_hash, hash, prev_hash || json_object(
    'action', action, 'actorId', actor_id, 'actorName', actor_name, 'after', after_json, 'at', at,
    'before', before_json, 'entityId', entity_id, 'entityType', entity_type, 'justification', justification, 'seq', seq
  )
  FROM audit_log WHERE seq > ? ORDER BY seq`;

type VerifyRow = [seq: number, prevHash: string, hash: string, hashed: string];

/** One-shot SHA-256 (node >= 20.12): no Hash object per entry. */
const sha256Hex: (text: string) => string =
  typeof oneShotHash === 'function' ? (text) => oneShotHash('sha256', text, 'hex') : (text) => createHash('sha256').update(text).digest('hex');

/** The exact check of one entry: its stored columns through hashEntry. */
const entryMatchesItsHash = (db: Database.Database, seq: number): boolean => {
  const row = db.prepare('SELECT * FROM audit_log WHERE seq = ?').get(seq) as AuditRow;
  return hashEntry(row) === row.hash;
};

/** Walks the whole chain in order and names the first entry that breaks it. Streams the rows: memory stays flat. */
export const verifyAuditChain = (db: Database.Database): ChainVerification => {
  const head = readChainHead(db);
  const brokenAt = (seq: number, reason: string): ChainVerification => ({
    ok: false,
    entries: head.seq,
    head: head.hash,
    firstBroken: { seq, reason },
  });
  const statement = db.prepare(VERIFY_SQL).raw();
  let expectedSeq = 1;
  let previous = GENESIS_HASH;
  for (;;) {
    // The walk pauses (the connection cannot run a second query mid-walk) at an entry whose fast hash
    // does not match, checks it the exact way, and resumes after it.
    let toCheck: VerifyRow | null = null;
    for (const row of statement.iterate(expectedSeq - 1) as IterableIterator<VerifyRow>) {
      const [seq, prevHash, hash, hashed] = row;
      if (seq !== expectedSeq) return brokenAt(expectedSeq, `entry ${expectedSeq} is missing: the entry after ${expectedSeq - 1} is ${seq}`);
      if (prevHash !== previous) {
        return brokenAt(
          seq,
          `entry ${seq} does not follow entry ${seq - 1}: it names ${prevHash.slice(0, 12)}… as the previous hash, the chain has ${previous.slice(0, 12)}…`,
        );
      }
      // U+FFFD shows where stored text was not valid UTF-8 (or holds U+FFFD itself): only there could
      // SQLite's bytes and JavaScript's differ, so such an entry always takes the exact path.
      if (hashed.indexOf('\uFFFD') !== -1 || sha256Hex(hashed) !== hash) {
        toCheck = row;
        break;
      }
      previous = hash;
      expectedSeq++;
    }
    if (toCheck === null) break;
    const [seq, , hash] = toCheck;
    if (!entryMatchesItsHash(db, seq)) return brokenAt(seq, `entry ${seq} was changed after it was written: its content no longer matches its hash`);
    previous = hash;
    expectedSeq++;
  }
  return { ok: true, entries: expectedSeq - 1, head: previous, firstBroken: null };
};
