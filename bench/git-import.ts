/**
 * Benchmark (not a test): importing the first-parent history of a repository with 100,000 commits.
 *
 *   npm run bench:git                       full size (100,000 first-parent commits)
 *   BENCH_COMMITS=20000 npm run bench:git   a quick run (or: -- --commits 20000)
 *   -- --fresh                              regenerate the repository even if bench/out has it
 *   -- --runs 3                             repetitions of each measurement (the best is reported)
 *
 * The repository is generated with one `git fast-import` stream (bench/git-import-generator.ts). Each
 * measurement runs in a fresh process, so its peak RSS is its own. Measured in the same run:
 *   baseline  the bare `git log` with the importer's exact arguments (taken from the provenance it
 *             records), its output piped to /dev/null;
 *   parse     the importer alone: git log streamed, parsed and classified, no workspace;
 *   import    evidence.import through dispatch() into a new workspace: parse, then blob, records,
 *             exceptions and audit in one transaction.
 * Wall times and CPU times (this process, and the git processes it waited for) are both printed: on a
 * busy machine the wall clock mostly measures the other tenants.
 * Targets: import within 2x of the baseline; peak RSS under 400 MiB.
 */
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Session, type CoreContext } from '../electron/core/context.js';
import { dispatch } from '../electron/core/dispatch.js';
import { gitImporter } from '../electron/core/evidence/importers/git.js';
import { memoryInput } from '../electron/core/evidence/readInput.js';
import { createPathPlatform } from '../electron/core/platform/pathPlatform.js';
import { generateRepository, gitSync } from './git-import-generator.js';

const { values } = parseArgs({
  options: {
    commits: { type: 'string' },
    fresh: { type: 'boolean', default: false },
    runs: { type: 'string', default: '3' },
    /** Internal: one measurement in its own process. */
    phase: { type: 'string' },
    out: { type: 'string', default: 'bench/out' },
  },
});

const COMMITS = Number(values.commits ?? process.env.BENCH_COMMITS ?? 100_000);
const RUNS = Number(values.runs);
if (!Number.isInteger(COMMITS) || COMMITS < 10 || !Number.isInteger(RUNS) || RUNS < 1) {
  process.stderr.write(`bench: --commits must be an integer of at least 10 and --runs at least 1\n`);
  process.exit(2);
}
/** Bumped when the generated history changes shape, so an old repository in bench/out is not reused. */
const GENERATOR_VERSION = 1;
const PERIOD = { periodStart: '2026-01-01', periodEnd: '2026-12-31', timeZone: 'UTC' };
const out = resolve(values.out!);
const repo = join(out, `git-repo-${COMMITS}-g${GENERATOR_VERSION}`);
const self = fileURLToPath(import.meta.url);

const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

/** Peak resident set of this process so far (VmHWM on Linux), in bytes. */
const peakRss = (): number => {
  try {
    const match = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'));
    if (match) return Number(match[1]) * 1024;
  } catch {
    // not Linux
  }
  return process.resourceUsage().maxRSS * 1024;
};

/** CPU ms used by this process, and by the children it has waited for (Linux /proc; 0 elsewhere). */
const cpu = (): { own: number; children: number } => {
  const usage = process.cpuUsage();
  let children = 0;
  try {
    const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ');
    // cutime and cstime (fields 16 and 17 of stat; 14 and 15 after the command name) are in clock ticks, 100 per second.
    children = ((Number(fields[13]) + Number(fields[14])) * 1000) / 100;
  } catch {
    // not Linux
  }
  return { own: (usage.user + usage.system) / 1000, children };
};

interface Measurement {
  ms: number;
  ownCpuMs: number;
  gitCpuMs: number;
  peakRss: number;
  records: number;
  exceptions?: number;
  logBytes?: number;
  collectionMethod?: string;
}

const measure = async (work: () => Promise<Omit<Measurement, 'ms' | 'ownCpuMs' | 'gitCpuMs' | 'peakRss'>>): Promise<Measurement> => {
  const before = cpu();
  const started = performance.now();
  const result = await work();
  const ms = performance.now() - started;
  const after = cpu();
  return { ...result, ms, ownCpuMs: after.own - before.own, gitCpuMs: after.children - before.children, peakRss: peakRss() };
};

const parseOnly = () =>
  gitImporter.parse(memoryInput(repo, new Uint8Array()), { ...PERIOD, signal: new AbortController().signal, progress: () => undefined });

// ---------------------------------------------------------------------------------------------
// A measurement in its own process: prints one JSON line.

if (values.phase) {
  let result: Measurement;
  if (values.phase === 'generate') {
    rmSync(repo, { recursive: true, force: true });
    await generateRepository({ dir: repo, commits: COMMITS, origin: 'https://github.com/acme/bench.git' });
    process.exit(0);
  } else if (values.phase === 'parse') {
    result = await measure(async () => {
      const parsed = await parseOnly();
      return { records: parsed.records.gitCommits?.length ?? 0, logBytes: parsed.bytes.byteLength, collectionMethod: parsed.collectionMethod };
    });
  } else if (values.phase === 'import') {
    const dir = join(out, `git-import-${process.pid}`);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const ctx: CoreContext = { platform: createPathPlatform({ mode: 'cli', appDataDir: dir, documentsDir: dir }), session: new Session() };
    const call = async (method: string, input: unknown) => {
      const answer = await dispatch(ctx, method, input);
      if (!answer.ok) throw new Error(`${method}: ${answer.error.code} ${answer.error.message}`);
      return answer.value;
    };
    await call('workspace.create', {
      path: join(dir, 'bench.countersign'),
      profile: { organisation: 'Bench Ltd', frameworks: ['soc2'], ...PERIOD },
      owner: { name: 'Bench Owner', email: 'owner@bench.example' },
    });
    result = await measure(async () => {
      const summary = (await call('evidence.import', { kind: 'git', path: repo })) as { records: number; exceptions: { total: number } };
      return { records: summary.records, exceptions: summary.exceptions.total };
    });
    ctx.session.close();
    rmSync(dir, { recursive: true, force: true });
  } else {
    throw new Error(`unknown phase ${values.phase}`);
  }
  process.stdout.write(`${JSON.stringify(result)}\n`);
  process.exit(0);
}

// ---------------------------------------------------------------------------------------------
// The driver.

const inChild = (phase: string): Promise<Measurement> =>
  new Promise((done, fail) => {
    const child = spawn(process.execPath, [self, '--phase', phase, '--commits', String(COMMITS), '--out', out], { stdio: ['ignore', 'pipe', 'inherit'] });
    let text = '';
    child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
    child.on('close', (code) => (code === 0 ? done(phase === 'generate' ? (null as never) : (JSON.parse(text) as Measurement)) : fail(new Error(`${phase} failed (${code})`))));
  });

mkdirSync(out, { recursive: true });
if (values.fresh || !existsSync(join(repo, '.git', 'refs', 'remotes', 'origin', 'HEAD'))) {
  const started = performance.now();
  process.stdout.write(`Generating a repository with ${COMMITS.toLocaleString('en')} first-parent commits in ${repo}…\n`);
  await inChild('generate');
  process.stdout.write(`  generated in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
}

/** The recorded command line split back into arguments (it quotes with '…' only). */
const splitCommand = (line: string): string[] =>
  [...line.matchAll(/'((?:[^']|'\\'')*)'|(\S+)/g)].map((match) => (match[1] !== undefined ? match[1].replace(/'\\''/g, "'") : match[2]!));

const bareGitLog = (args: string[], env: NodeJS.ProcessEnv = process.env): Promise<Measurement> =>
  measure(async () => {
    const devNull = openSync('/dev/null', 'w');
    try {
      const code = await new Promise<number | null>((done) => spawn('git', args, { stdio: ['ignore', devNull, 'inherit'], env }).on('close', done));
      if (code !== 0) throw new Error(`git log failed (${code})`);
    } finally {
      closeSync(devNull);
    }
    return { records: 0 };
  });

const best = (runs: Measurement[]): Measurement => runs.reduce((a, b) => (b.ms < a.ms ? b : a));
const collect = async (runs: number, work: () => Promise<Measurement>) => {
  const all: Measurement[] = [];
  for (let index = 0; index < runs; index++) all.push(await work());
  return { best: best(all), peakRss: Math.max(...all.map((run) => run.peakRss)), all };
};

// Parse first: it yields the exact command the baseline must run.
const parse = await collect(RUNS, () => inChild('parse'));
const gitArgs = splitCommand(parse.best.collectionMethod!).slice(1);
const typed = await collect(RUNS, () => bareGitLog(gitArgs));
// Into /dev/null git flushes once per commit; the importer asks for full buffers (GIT_FLUSH=0). The
// stricter of the two baselines is the one the ratio uses.
const buffered = await collect(RUNS, () => bareGitLog(gitArgs, { ...process.env, GIT_FLUSH: '0' }));
const baseline = typed.best.ms < buffered.best.ms ? typed : buffered;
const imported = await collect(RUNS, () => inChild('import'));

const ratio = imported.best.ms / baseline.best.ms;
const cpuRatio = (imported.best.ownCpuMs + imported.best.gitCpuMs) / baseline.best.gitCpuMs;
const perSecond = (records: number, ms: number) => `${Math.round(records / (ms / 1000)).toLocaleString('en')} records/s`;
const cpuText = (m: Measurement) => `cpu ${m.ownCpuMs.toFixed(0)} ms node + ${m.gitCpuMs.toFixed(0)} ms git`;
const met = (ok: boolean) => (ok ? 'met' : 'NOT met');
const rows: [string, string][] = [
  ['first-parent commits in the period', parse.best.records.toLocaleString('en')],
  ['git log output (the evidence)', mib(parse.best.logBytes ?? 0)],
  ['baseline: bare git log > /dev/null', `${typed.best.ms.toFixed(0)} ms  (${cpuText(typed.best)})`],
  ['  the same with GIT_FLUSH=0', `${buffered.best.ms.toFixed(0)} ms  (${cpuText(buffered.best)})`],
  ['importer parse, no workspace', `${parse.best.ms.toFixed(0)} ms  (${(parse.best.ms / baseline.best.ms).toFixed(2)}x, ${perSecond(parse.best.records, parse.best.ms)}, ${cpuText(parse.best)}, peak RSS ${mib(parse.peakRss)})`],
  ['evidence.import, full pipeline', `${imported.best.ms.toFixed(0)} ms  (${perSecond(imported.best.records, imported.best.ms)}, ${cpuText(imported.best)}, ${imported.best.exceptions} exceptions)`],
  ['ratio import / baseline', `${ratio.toFixed(2)}x wall, ${cpuRatio.toFixed(2)}x cpu  (target <= 2x: ${met(ratio <= 2)})`],
  ['peak RSS of the import (VmHWM)', `${mib(imported.peakRss)}  (target < 400 MiB: ${met(imported.peakRss < 400 * 1024 * 1024)})`],
];
const width = Math.max(...rows.map(([label]) => label.length));
const load = existsSync('/proc/loadavg') ? ` load ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}` : '';
process.stdout.write(`\nGit import benchmark, ${COMMITS.toLocaleString('en')} first-parent commits, best of ${RUNS} (${process.version}, ${gitSync(repo, ['--version'])},${load})\n`);
for (const [label, value] of rows) process.stdout.write(`  ${label.padEnd(width)}  ${value}\n`);
process.exitCode = ratio <= 2 && imported.peakRss < 400 * 1024 * 1024 ? 0 : 1;
