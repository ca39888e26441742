/**
 * Benchmark (not a test): importing a 50,000-PR `gh pr list --json` export as github-prs.
 *
 *   npm run bench:prs                       full size (50,000 merged pull requests, 1-3 reviews each)
 *   BENCH_PRS=5000 npm run bench:prs        a quick run (or: -- --prs 5000)
 *   -- --fresh                              regenerate the file even if bench/out has it
 *
 * The file is written by bench/pr-import-generator.ts. Each phase runs in its own process, so each
 * peak RSS (VmHWM) is that phase's own, and each runs ROUNDS times (best time, highest peak):
 *   baseline  read the file and JSON.parse it (the time JSON.parse alone takes is shown too);
 *   parse     the importer alone: read the file, recognise it, parse and normalise it (no workspace);
 *   import    the pipeline evidence.import runs (importEvidence) into a new workspace: read, recognise,
 *             parse, then in one transaction store the file as a blob, write the records, refresh the
 *             exceptions and audit. Its own progress messages split the time: up to "Saving…" is the
 *             importer's part, after it the storing; refreshExceptions is then re-run alone to show
 *             what the exception rules take of the storing.
 * Targets: import within 3x of the baseline; peak RSS under 400 MB.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { importEvidence } from '../electron/core/evidence/importEvidence.js';
import { githubPullRequestsImporter } from '../electron/core/evidence/importers/githubPullRequests.js';
import { readImportFile } from '../electron/core/evidence/readInput.js';
import { refreshExceptions } from '../electron/core/exceptions/refresh.js';
import { Workspace } from '../electron/core/workspace/workspace.js';
import { writeGhPrList } from './pr-import-generator.js';

const { values } = parseArgs({
  options: {
    prs: { type: 'string' },
    fresh: { type: 'boolean', default: false },
    /** Internal: run one measured phase in this process and print its result as JSON. */
    phase: { type: 'string' },
    out: { type: 'string', default: 'bench/out' },
  },
});

const PRS = Number(values.prs ?? process.env.BENCH_PRS ?? 50_000);
if (!Number.isInteger(PRS) || PRS < 10) {
  process.stderr.write(`bench: the number of pull requests must be an integer of at least 10, not "${values.prs ?? process.env.BENCH_PRS}"\n`);
  process.exit(2);
}
/** Bumped when the generated file changes shape, so an old file in bench/out is not reused. */
const GENERATOR_VERSION = 2;
const ROUNDS = 3;
const PERIOD = { periodStart: '2026-01-01', periodEnd: '2026-12-31', timeZone: 'UTC' };
const out = resolve(values.out!);
const file = join(out, `gh-pr-list-${PRS}-g${GENERATOR_VERSION}.json`);

const MiB = 1024 * 1024;
const mib = (bytes: number) => `${(bytes / MiB).toFixed(1)} MiB`;
/** Peak resident set of this process so far (VmHWM), in bytes. */
const peakRss = (): number => {
  try {
    const match = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'));
    if (match) return Number(match[1]) * 1024;
  } catch {
    // not Linux
  }
  return process.resourceUsage().maxRSS * 1024;
};

interface PhaseResult {
  ms: number;
  /** For the baseline: JSON.parse alone, without reading the file. */
  parseOnlyMs?: number;
  records: number;
  pullRequests: number;
  reviews: number;
  rss: number;
  exceptions?: number;
  /** For the import: until the pipeline says "Saving…" (read, recognise, parse), and after it. */
  parsedMs?: number;
  storedMs?: number;
  /** For the import: refreshExceptions re-run alone on the imported records. */
  rulesMs?: number;
  rssBeforeSaving?: number;
}

const runPhase = async (phase: string): Promise<PhaseResult> => {
  if (phase === 'baseline') {
    const started = performance.now();
    const text = readFileSync(file, 'utf8');
    const parseStarted = performance.now();
    const value = JSON.parse(text) as { reviews: unknown[] }[];
    const ms = performance.now() - started;
    const reviews = value.reduce((sum, pr) => sum + pr.reviews.length, 0);
    return { ms, parseOnlyMs: performance.now() - parseStarted, records: value.length + reviews, pullRequests: value.length, reviews, rss: peakRss() };
  }
  if (phase === 'parse') {
    const started = performance.now();
    const input = readImportFile(file);
    if (!githubPullRequestsImporter.recognises(input)) throw new Error('the importer does not recognise the generated file');
    const parsed = await githubPullRequestsImporter.parse(input, { ...PERIOD, signal: new AbortController().signal, progress: () => undefined });
    const ms = performance.now() - started;
    const pullRequests = parsed.records.pullRequests?.length ?? 0;
    const reviews = parsed.records.reviews?.length ?? 0;
    return { ms, records: pullRequests + reviews, pullRequests, reviews, rss: peakRss() };
  }
  if (phase === 'import') {
    const workspacePath = join(out, `pr-import-${PRS}.countersign`);
    const remove = () => {
      for (const suffix of ['', '-wal', '-shm', '.lock']) rmSync(`${workspacePath}${suffix}`, { force: true });
    };
    remove();
    const profile = { organisation: 'Bench Ltd', frameworks: ['soc2' as const], ...PERIOD };
    const { workspace, owner } = Workspace.create(workspacePath, profile, { name: 'Bench Owner', email: 'owner@bench.example' });
    let savingAt: number | null = null;
    let rssBeforeSaving = 0;
    const control = {
      signal: new AbortController().signal,
      progress: (_fraction: number, message: string) => {
        if (message === 'Saving…' && savingAt === null) {
          savingAt = performance.now();
          rssBeforeSaving = peakRss();
        }
      },
    };
    const started = performance.now();
    const summary = await importEvidence(workspace, { id: owner.id, name: owner.name }, { kind: 'github-prs', path: file }, control);
    const ended = performance.now();
    const rss = peakRss();
    const rulesStarted = performance.now();
    refreshExceptions(workspace.db, profile, new Date());
    const rulesMs = performance.now() - rulesStarted;
    workspace.close();
    remove();
    const saving = savingAt ?? ended;
    return {
      ms: ended - started,
      parsedMs: saving - started,
      storedMs: ended - saving,
      rulesMs,
      records: summary.records,
      pullRequests: summary.recordsByType['pull requests'] ?? 0,
      reviews: summary.recordsByType.reviews ?? 0,
      rss,
      rssBeforeSaving,
      exceptions: summary.exceptions.total,
    };
  }
  throw new Error(`unknown phase ${phase}`);
};

if (values.phase) {
  const result = await runPhase(values.phase);
  process.stdout.write(`${JSON.stringify(result)}\n`);
  process.exit(0);
}

// ---------------------------------------------------------------------------------------------

mkdirSync(out, { recursive: true });
if (values.fresh || !existsSync(file)) {
  const started = performance.now();
  process.stdout.write(`Generating a gh pr list export of ${PRS.toLocaleString('en')} merged pull requests in ${file}…\n`);
  const generated = writeGhPrList(file, PRS);
  process.stdout.write(`  ${generated.reviews.toLocaleString('en')} reviews, ${mib(generated.bytes)}, in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
}
const fileBytes = statSync(file).size;
const self = fileURLToPath(import.meta.url);

const measure = (phase: string): PhaseResult => {
  const child = spawnSync(process.execPath, [self, '--phase', phase, '--prs', String(PRS), '--out', out], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 16 * MiB });
  if (child.status !== 0) throw new Error(`the ${phase} phase failed (exit ${child.status})`);
  const line = child.stdout.trim().split('\n').at(-1)!;
  return JSON.parse(line) as PhaseResult;
};

interface Phase {
  best: PhaseResult;
  peak: number;
}

const phases: Record<string, Phase> = {};
// Interleaved rounds, so a busy moment on a shared machine weighs on every phase alike.
for (let round = 0; round < ROUNDS; round++) {
  for (const phase of ['baseline', 'parse', 'import']) {
    const result = measure(phase);
    const seen = phases[phase];
    if (!seen) phases[phase] = { best: result, peak: result.rss };
    else {
      if (result.ms < seen.best.ms) seen.best = { ...result, parseOnlyMs: Math.min(result.parseOnlyMs ?? Infinity, seen.best.parseOnlyMs ?? Infinity) };
      seen.peak = Math.max(seen.peak, result.rss);
    }
  }
}
const baseline = phases.baseline!;
const parse = phases.parse!;
const imported = phases.import!;
if (parse.best.pullRequests !== baseline.best.pullRequests || parse.best.reviews !== baseline.best.reviews) {
  throw new Error(`the importer read ${parse.best.pullRequests} PRs and ${parse.best.reviews} reviews, JSON.parse ${baseline.best.pullRequests} and ${baseline.best.reviews}`);
}

const perSecond = (records: number, ms: number) => Math.round(records / (ms / 1000)).toLocaleString('en');
const parseRatio = parse.best.ms / baseline.best.ms;
const importRatio = imported.best.ms / baseline.best.ms;
const LIMIT = 400 * 1024 * 1024;
const rows: [string, string][] = [
  ['file', `${mib(fileBytes)}: ${baseline.best.pullRequests.toLocaleString('en')} PRs, ${baseline.best.reviews.toLocaleString('en')} reviews (${baseline.best.records.toLocaleString('en')} records)`],
  ['baseline: read + JSON.parse', `${baseline.best.ms.toFixed(0)} ms (JSON.parse alone ${baseline.best.parseOnlyMs?.toFixed(0)} ms); peak RSS ${mib(baseline.peak)}`],
  [
    'importer: read + recognise + parse',
    `${parse.best.ms.toFixed(0)} ms, ${perSecond(parse.best.records, parse.best.ms)} records/s, ${parseRatio.toFixed(2)}x baseline; peak RSS ${mib(parse.peak)}`,
  ],
  [
    'evidence.import (full pipeline)',
    `${imported.best.ms.toFixed(0)} ms, ${perSecond(imported.best.records, imported.best.ms)} records/s, ${importRatio.toFixed(2)}x baseline` +
      ` (${(imported.best.ms / (baseline.best.parseOnlyMs ?? baseline.best.ms)).toFixed(2)}x JSON.parse alone); peak RSS ${mib(imported.peak)}`,
  ],
  [
    '  of which read + recognise + parse',
    `${imported.best.parsedMs?.toFixed(0)} ms (${((imported.best.parsedMs ?? 0) / baseline.best.ms).toFixed(2)}x baseline); peak RSS until then ${mib(imported.best.rssBeforeSaving ?? 0)}`,
  ],
  [
    '  of which store: blob, records, exceptions, audit',
    `${imported.best.storedMs?.toFixed(0)} ms; refreshExceptions alone (re-run) ${imported.best.rulesMs?.toFixed(0)} ms for ${(imported.best.exceptions ?? 0).toLocaleString('en')} exceptions`,
  ],
  ['target: import within 3x of baseline', importRatio <= 3 ? 'met' : 'NOT met'],
  ['target: peak RSS under 400 MB (every phase of the import)', Math.max(parse.peak, imported.peak) < LIMIT ? 'met' : 'NOT met'],
];
const width = Math.max(...rows.map(([label]) => label.length));
process.stdout.write(`\nPR import benchmark, ${PRS.toLocaleString('en')} merged pull requests (${process.version}; best of ${ROUNDS}, each phase in its own process)\n`);
for (const [label, value] of rows) process.stdout.write(`  ${label.padEnd(width)}  ${value}\n`);
process.exitCode = importRatio <= 3 && Math.max(parse.peak, imported.peak) < LIMIT ? 0 : 1;
