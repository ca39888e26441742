/**
 * Benchmark (not a test): a workspace holding 1,000,000 audit entries.
 *
 *   npm run bench:audit                      full size (1,000,000 entries)
 *   BENCH_ENTRIES=50000 npm run bench:audit  a quick run (or: -- --entries 50000)
 *   -- --fresh                               regenerate the workspace even if bench/out has it
 *
 * Measures (a) Workspace.open, which must not read the whole table, (b) verifyAuditChain, and
 * (c) a same-run baseline: SHA-256 of the very bytes verification hashes (previous hash + the
 * canonical envelope), precomputed, hashed with node:crypto in one loop. Target: verify within 3x
 * of the baseline. Generated data goes to bench/out/ (gitignored).
 */
import { spawnSync } from 'node:child_process';
import { createHash, hash as oneShotHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import canonicalize from 'canonicalize';
import { canonicalEnvelope, hashEntry, verifyAuditChain, type AuditRow } from '../electron/core/workspace/auditChain.js';
import { Workspace } from '../electron/core/workspace/workspace.js';

const { values } = parseArgs({
  options: {
    entries: { type: 'string' },
    fresh: { type: 'boolean', default: false },
    /** Internal: the generator runs in its own process so the measured process's peak RSS is its own. */
    'generate-only': { type: 'boolean', default: false },
    out: { type: 'string', default: 'bench/out' },
  },
});

const TARGET_ENTRIES = Number(values.entries ?? process.env.BENCH_ENTRIES ?? 1_000_000);
if (!Number.isInteger(TARGET_ENTRIES) || TARGET_ENTRIES < 10) {
  process.stderr.write(`bench: the number of entries must be an integer of at least 10, not "${values.entries ?? process.env.BENCH_ENTRIES}"\n`);
  process.exit(2);
}
/** Bumped when the generated rows change shape, so an old file in bench/out is not reused. */
const GENERATOR_VERSION = 2;
const BATCH = 50_000;
const fileName = (entries: number) => `audit-chain-${entries}-g${GENERATOR_VERSION}.countersign`;

const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
const mib = (bytes: number) => (bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(1)} KiB` : `${(bytes / 1024 / 1024).toFixed(1)} MiB`);
const peakRssBytes = () => process.resourceUsage().maxRSS * 1024;

/** Bytes this process has read through read()/pread() (Linux), to show what a phase touched. */
const bytesRead = (): number | null => {
  try {
    const match = /^rchar: (\d+)$/m.exec(readFileSync('/proc/self/io', 'utf8'));
    return match ? Number(match[1]) : null;
  } catch {
    return null;
  }
};

const timed = <T>(work: () => T): { value: T; ms: number; read: number | null } => {
  const readBefore = bytesRead();
  const start = performance.now();
  const value = work();
  const ms = performance.now() - start;
  const readAfter = bytesRead();
  return { value, ms, read: readBefore === null || readAfter === null ? null : readAfter - readBefore };
};

// ---------------------------------------------------------------------------------------------
// Realistic rows: the kind of before/after the app records (people, controls, evidence, reviews).

const PEOPLE = [
  { id: '5b0c7a1e-2f4d-4c1a-9a0e-0d6c2b7e9f10', name: 'Maya Chen', email: 'maya@brightline.example', role: 'owner' },
  { id: '8e3f1d22-7a6b-4e8c-b1d4-3c9a5f2e7b01', name: 'Priya Raman', email: 'priya@ashgrove-security.example', role: 'external_reviewer' },
  { id: 'c41a9b7d-0e2f-4b3a-8d6c-1f5e9a2b4c77', name: 'Leo Martins', email: 'leo.martins@contractor.example', role: 'engineer' },
];

const hex = (n: number, width: number) => n.toString(16).padStart(width, '0').slice(-width);
const fakeUuid = (i: number) => `${hex(i * 2654435761, 8)}-${hex(i, 4)}-4${hex(i >>> 4, 3)}-a${hex(i * 7, 3)}-${hex(i * 40503, 12)}`;
const fakeSha = (i: number) => createHash('sha256').update(String(i)).digest('hex');

interface Change {
  action: string;
  entityType: string;
  entityId: string;
  before: unknown;
  after: unknown;
  justification: string | null;
}

const makeChange = (i: number): Change => {
  const kind = i % 5;
  const id = fakeUuid(i);
  const at = new Date(Date.UTC(2026, 0, 1) + i * 30_000).toISOString();
  if (kind === 0) {
    const control = {
      id,
      controlId: `CC8.${(i % 9) + 1}`,
      title: 'Changes to production are reviewed by an independent reviewer before deployment',
      owner: PEOPLE[0]!.id,
      status: i % 2 ? 'operating' : 'designed',
      frequency: 'per-change',
    };
    return {
      action: 'control.updated',
      entityType: 'control',
      entityId: id,
      before: control,
      after: { ...control, status: 'operating', compensating: ['post-deploy review', 'weekly log review'] },
      justification: 'Quarterly matrix review with the fractional CISO',
    };
  }
  if (kind === 1 || kind === 2) {
    return {
      action: 'evidence.imported',
      entityType: 'evidence',
      entityId: id,
      before: null,
      after: {
        id,
        kind: kind === 1 ? 'github-prs' : 'github-runs',
        source: `github.com/brightline/${kind === 1 ? 'api' : 'pipeline'}`,
        records: 40 + (i % 300),
        sha256: fakeSha(i),
        importedAt: at,
        period: { start: '2026-01-01', end: '2026-12-31' },
      },
      justification: null,
    };
  }
  if (kind === 3) {
    const exception = {
      id,
      rule: 'self-approved-merge',
      severity: 'high',
      subject: `PR #${1000 + (i % 9000)} in brightline/api`,
      evidence: fakeSha(i),
      detectedAt: at,
      status: 'open',
    };
    return {
      action: 'exception.triaged',
      entityType: 'exception',
      entityId: id,
      before: exception,
      after: { ...exception, status: 'accepted', acceptedBy: PEOPLE[0]!.id, note: 'Hotfix during incident INC-42, reviewed after' },
      justification: 'Emergency change, reviewed by Priya Raman on the next business day',
    };
  }
  const person = PEOPLE[i % PEOPLE.length]!;
  return {
    action: 'person.updated',
    entityType: 'person',
    entityId: person.id,
    before: { ...person, team: 'Platform', notes: 'Owns production access and the on-call rota', createdAt: '2026-01-05T09:12:00.000Z' },
    after: {
      ...person,
      email: person.email.replace('@', `+${i % 97}@`),
      team: 'Platform',
      notes: 'Owns production access and the on-call rota',
      createdAt: '2026-01-05T09:12:00.000Z',
    },
    justification: 'Email alias changed',
  };
};

// ---------------------------------------------------------------------------------------------
// Generation: rows written directly with a prepared statement inside large transactions, each
// hashed with the core's hashEntry so the chain is valid.

const generate = (path: string, entries: number): void => {
  for (const suffix of ['', '-wal', '-shm', '.lock']) rmSync(`${path}${suffix}`, { force: true });
  const { workspace } = Workspace.create(
    path,
    { organisation: 'Bench Ltd', frameworks: ['soc2', 'iso27001'], periodStart: '2026-01-01', periodEnd: '2026-12-31', timeZone: 'UTC' },
    { name: PEOPLE[0]!.name, email: PEOPLE[0]!.email },
  );
  workspace.close();

  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = OFF');
  db.pragma('cache_size = -262144');
  const head = db.prepare('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1').get() as { seq: number; hash: string };
  const insert = db.prepare(
    `INSERT INTO audit_log (seq, at, actor_id, actor_name, action, entity_type, entity_id, before_json, after_json, justification, prev_hash, hash)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  let seq = head.seq;
  let prev = head.hash;
  const writeBatch = db.transaction((count: number) => {
    for (let n = 0; n < count; n++) {
      seq++;
      const change = makeChange(seq);
      const actor = PEOPLE[seq % PEOPLE.length]!;
      const row = {
        seq,
        at: new Date(Date.UTC(2026, 0, 1) + seq * 30_000).toISOString(),
        actor_id: actor.id,
        actor_name: actor.name,
        action: change.action,
        entity_type: change.entityType,
        entity_id: change.entityId,
        before_json: change.before === null ? null : (canonicalize(change.before) ?? null),
        after_json: change.after === null ? null : (canonicalize(change.after) ?? null),
        justification: change.justification,
        prev_hash: prev,
      };
      const hash = hashEntry(row);
      insert.run(row.seq, row.at, row.actor_id, row.actor_name, row.action, row.entity_type, row.entity_id, row.before_json, row.after_json, row.justification, row.prev_hash, hash);
      prev = hash;
    }
  });
  let remaining = entries - head.seq;
  while (remaining > 0) {
    const count = Math.min(BATCH, remaining);
    writeBatch(count);
    remaining -= count;
    const progress = `  generating: ${seq.toLocaleString('en')} / ${entries.toLocaleString('en')} entries`;
    if (process.stdout.isTTY) process.stdout.write(`\r${progress}`);
    else if (remaining === 0 || seq % 250_000 < BATCH) console.log(progress);
  }
  if (process.stdout.isTTY) process.stdout.write('\n');
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
};

const existingEntries = (path: string): number | null => {
  if (!existsSync(path)) return null;
  try {
    const db = new Database(path, { readonly: true, fileMustExist: true });
    try {
      return (db.prepare('SELECT max(seq) AS n FROM audit_log').get() as { n: number | null }).n;
    } finally {
      db.close();
    }
  } catch {
    return null;
  }
};

// ---------------------------------------------------------------------------------------------
// The baseline: exactly the bytes verification hashes, precomputed, then hashed in one loop.

interface Precomputed {
  prev: string[];
  envelope: string[];
  bytes: number;
}

const precompute = (db: Database.Database): Precomputed => {
  const prev: string[] = [];
  const envelope: string[] = [];
  let bytes = 0;
  const rows = db
    .prepare('SELECT seq, at, actor_id, actor_name, action, entity_type, entity_id, before_json, after_json, justification, prev_hash FROM audit_log ORDER BY seq')
    .iterate() as IterableIterator<Omit<AuditRow, 'hash'>>;
  for (const row of rows) {
    const text = canonicalEnvelope(row);
    prev.push(row.prev_hash);
    envelope.push(text);
    bytes += Buffer.byteLength(row.prev_hash) + Buffer.byteLength(text);
  }
  return { prev, envelope, bytes };
};

const baselineCreateHash = (data: Precomputed): string => {
  let last = '';
  for (let i = 0; i < data.envelope.length; i++) {
    last = createHash('sha256').update(data.prev[i]!).update(data.envelope[i]!).digest('hex');
  }
  return last;
};

const baselineOneShot = (data: Precomputed): string => {
  let last = '';
  for (let i = 0; i < data.envelope.length; i++) last = oneShotHash('sha256', data.prev[i]! + data.envelope[i]!, 'hex');
  return last;
};

const median = (numbers: number[]) => [...numbers].sort((a, b) => a - b)[Math.floor(numbers.length / 2)]!;

/** Rounds of (verify, baseline, baseline): interleaved, so each ratio compares runs made under the same load. */
const ROUNDS = 3;

// ---------------------------------------------------------------------------------------------

const main = () => {
  mkdirSync(values.out, { recursive: true });
  const path = join(values.out, fileName(TARGET_ENTRIES));
  console.log(`Countersign audit-chain benchmark: ${TARGET_ENTRIES.toLocaleString('en')} entries, node ${process.version}`);

  let generationMs: number | null = null;
  if (values.fresh || existingEntries(path) !== TARGET_ENTRIES) {
    const start = performance.now();
    const child = spawnSync(process.execPath, [process.argv[1]!, '--generate-only', '--entries', String(TARGET_ENTRIES), '--out', values.out], { stdio: 'inherit' });
    if (child.status !== 0) throw new Error(`generating the workspace failed (exit ${child.status})`);
    generationMs = performance.now() - start;
  }
  else console.log(`  reusing ${path} (pass --fresh to regenerate)`);
  // A file generated by an older build may need a migration first: do it now (and drop its backup) so
  // the measured opens are the everyday ones.
  const warmUp = Workspace.open(path);
  const migrated = warmUp.migration?.backupPath ?? null;
  warmUp.close();
  if (migrated !== null) {
    rmSync(migrated, { force: true });
    console.log(`  migrated the workspace to format ${warmUp.migration?.to} before measuring (backup removed)`);
  }
  const fileBytes = statSync(path).size;
  gc();

  // (a) open: Workspace.open reads the header, the schema, the profile row and nothing else.
  const opens: { ms: number; read: number | null }[] = [];
  let summaryEntries = 0;
  for (let i = 0; i < 5; i++) {
    const opened = timed(() => {
      const workspace = Workspace.open(path);
      const summary = workspace.summary(null);
      return { workspace, summary };
    });
    summaryEntries = opened.value.summary.auditEntries;
    opened.value.workspace.close();
    opens.push({ ms: opened.ms, read: opened.read });
  }
  if (summaryEntries !== TARGET_ENTRIES) throw new Error(`expected ${TARGET_ENTRIES} entries, the workspace says ${summaryEntries}`);
  const openMs = median(opens.map((o) => o.ms));
  const openRead = opens[0]!.read;

  // (b) verify: a first run on a freshly opened workspace, cold SQLite cache, for the bytes it reads and
  // the memory it needs (peak RSS is taken before the baseline's strings exist).
  gc();
  const workspace = Workspace.open(path);
  const first = timed(() => verifyAuditChain(workspace.db));
  if (!first.value.ok) throw new Error(`the generated chain does not verify: ${first.value.firstBroken?.reason}`);
  const rssAfterVerify = peakRssBytes();

  // (c) the baseline's input: the same bytes, precomputed with the canonicalize package.
  const data = precompute(workspace.db);

  // Then ROUNDS interleaved rounds of verify and both baselines. The machine may be shared: each
  // figure is the best of its runs, and each round gives its own ratio.
  const verifies = [first.ms];
  const createHashRuns: number[] = [];
  const oneShotRuns: number[] = [];
  const roundRatios: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    gc();
    const verified = timed(() => verifyAuditChain(workspace.db));
    gc();
    const a = timed(() => baselineCreateHash(data));
    gc();
    const b = timed(() => baselineOneShot(data));
    if (a.value !== first.value.head || b.value !== first.value.head || verified.value.head !== first.value.head) {
      throw new Error('the baseline did not hash the same bytes: its last hash differs from the chain head');
    }
    verifies.push(verified.ms);
    createHashRuns.push(a.ms);
    oneShotRuns.push(b.ms);
    roundRatios.push(verified.ms / Math.min(a.ms, b.ms));
  }
  workspace.close();
  const verifyMs = Math.min(...verifies);
  const createHashMs = Math.min(...createHashRuns);
  const oneShotMs = Math.min(...oneShotRuns);
  const baselineMs = Math.min(createHashMs, oneShotMs);
  const n = first.value.entries;
  const perSecond = (ms: number) => Math.round((n / ms) * 1000).toLocaleString('en');
  const ratio = verifyMs / baselineMs;

  const rows: [string, string, string, string][] = [
    ['phase', 'time', 'entries/s', 'bytes read'],
    ...(generationMs === null ? [] : [['generate (not measured against anything)', `${(generationMs / 1000).toFixed(1)} s`, perSecond(generationMs), '-'] as [string, string, string, string]]),
    ['(a) Workspace.open + summary (median of 5)', `${openMs.toFixed(2)} ms`, '-', openRead === null ? 'n/a' : mib(openRead)],
    [`(b) verifyAuditChain (best of ${verifies.length})`, `${(verifyMs / 1000).toFixed(2)} s`, perSecond(verifyMs), first.read === null ? 'n/a' : mib(first.read)],
    [`(c) baseline: createHash loop (best of ${ROUNDS})`, `${(createHashMs / 1000).toFixed(2)} s`, perSecond(createHashMs), `${mib(data.bytes)} hashed`],
    [`(c) baseline: crypto.hash loop (best of ${ROUNDS})`, `${(oneShotMs / 1000).toFixed(2)} s`, perSecond(oneShotMs), `${mib(data.bytes)} hashed`],
  ];
  const widths = [0, 1, 2, 3].map((c) => Math.max(...rows.map((r) => r[c]!.length)));
  console.log('');
  for (const [i, row] of rows.entries()) {
    console.log(row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  '));
    if (i === 0) console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  }
  console.log('');
  console.log(`workspace file:              ${mib(fileBytes)} (${path})`);
  console.log(`open vs verify:              open took ${openMs.toFixed(2)} ms, ${(verifyMs / openMs).toFixed(0)}x less than verify; it read ${openRead === null ? 'n/a' : mib(openRead)} of a ${mib(fileBytes)} file`);
  console.log(`verify / baseline:           ${ratio.toFixed(2)}x, best against the faster baseline (target: within 3x) ${ratio <= 3 ? 'OK' : 'OVER TARGET'}`);
  console.log(`  per round:                 ${roundRatios.map((r) => `${r.toFixed(2)}x`).join(', ')} (verify / faster baseline of the same round)`);
  console.log(`  against createHash:        ${(verifyMs / createHashMs).toFixed(2)}x`);
  console.log(`peak RSS after verify:       ${mib(rssAfterVerify)}`);
  console.log(`peak RSS overall:            ${mib(peakRssBytes())} (includes the baseline's precomputed strings)`);
};

if (values['generate-only']) {
  mkdirSync(values.out, { recursive: true });
  generate(join(values.out, fileName(TARGET_ENTRIES)), TARGET_ENTRIES);
} else {
  main();
}
