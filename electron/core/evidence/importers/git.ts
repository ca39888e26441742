/**
 * The `git` importer: the default branch's first-parent history in the observation period, read from a
 * local repository with the system git. The exact bytes git printed are the evidence (so their SHA-256
 * identifies the population) and the exact command line is its collection method.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, realpathSync, rmSync, statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { CoreError } from '../../errors.js';
import {
  GitLogReader,
  ONE_DAY_MS,
  gitDate,
  gitDateToUtc,
  isoUtc,
  logFormat,
  periodInstants,
  repoFromRemote,
  shellQuote,
} from './gitLog.js';
import type { ImportContext, ImportInput, Importer, ParsedEvidence } from './importer.js';

export interface GitImporterOptions {
  /** The git program; tests point it elsewhere to see the "git is not installed" message. */
  git?: string;
}

const SHA = /^[0-9a-f]{40}(?:[0-9a-f]{24})?$/;

const cancelled = () => new CoreError('CONFLICT', 'Cancelled');

/**
 * The environment git runs in: the person's own, minus variables that would point git at another
 * repository, inject configuration or replace objects (GIT_DIR, GIT_CONFIG_PARAMETERS, …), in the C
 * locale so its messages read the same everywhere, never prompting.
 */
const gitEnvironment = (): NodeJS.ProcessEnv => {
  const keep = new Set(['GIT_EXEC_PATH', 'GIT_CONFIG_GLOBAL', 'GIT_CONFIG_SYSTEM', 'GIT_CONFIG_NOSYSTEM']);
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!key.startsWith('GIT_') || keep.has(key)) env[key] = value;
  // GIT_FLUSH=0: git log would otherwise flush (one write) per commit into a pipe; buffered, it writes
  // full blocks, which costs git and the reader far less on a long history.
  return { ...env, LC_ALL: 'C', LANGUAGE: 'C', GIT_TERMINAL_PROMPT: '0', GIT_OPTIONAL_LOCKS: '0', GIT_FLUSH: '0' };
};

interface Outcome {
  code: number | null;
  stdout: string;
  stderr: string;
}

const firstLine = (text: string): string =>
  text
    .split('\n')
    .map((line) => line.replace(/^(fatal|error): /, '').trim())
    .find((line) => line.length > 0) ?? 'no message';

/** How much of git's output is read at a time (its own writes are 4 KiB). */
const READ_SIZE = 1024 * 1024;

const pause = (ms: number): Promise<void> => new Promise((resolvePause) => setTimeout(resolvePause, ms));

/**
 * The exact bytes git printed, kept in one buffer that doubles as it fills and is read into directly:
 * a few large allocations, no copies of chunks, and the evidence is a view of it at the end.
 */
class GrowingBuffer {
  private buffer: Buffer;
  private length = 0;

  constructor(initial: number) {
    this.buffer = Buffer.allocUnsafe(initial);
  }

  /** Room for `size` more bytes: where to write them. */
  reserve(size: number): { buffer: Buffer; offset: number } {
    if (this.length + size > this.buffer.length) {
      const grown = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.length + size));
      this.buffer.copy(grown, 0, 0, this.length);
      this.buffer = grown;
    }
    return { buffer: this.buffer, offset: this.length };
  }

  /** Takes `size` written bytes in; returns a view of them. */
  commit(size: number): Buffer {
    const view = this.buffer.subarray(this.length, this.length + size);
    this.length += size;
    return view;
  }

  bytes(): Buffer {
    return this.buffer.subarray(0, this.length);
  }
}

interface Running {
  child: ChildProcess;
  /** Settles when git has exited: its exit code and what it said on stderr; rejects if it could not start. */
  done: Promise<Omit<Outcome, 'stdout'>>;
}

class Git {
  private readonly env = gitEnvironment();

  constructor(
    private readonly binary: string,
    readonly folder: string,
    private readonly signal: AbortSignal,
  ) {}

  /** Starts git on the repository; the child is killed if the person cancels. */
  private launch(args: readonly string[], stdout: 'pipe' | number): Running {
    if (this.signal.aborted) throw cancelled();
    const child = spawn(this.binary, ['-C', this.folder, ...args], { env: this.env, stdio: ['ignore', stdout, 'pipe'], windowsHide: true });
    const abort = () => child.kill();
    this.signal.addEventListener('abort', abort, { once: true });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      if (stderr.length < 16_384) stderr += chunk.toString('utf8');
    });
    const done = new Promise<Omit<Outcome, 'stdout'>>((resolveDone, reject) => {
      child.on('error', (error: NodeJS.ErrnoException) => {
        this.signal.removeEventListener('abort', abort);
        reject(
          error.code === 'ENOENT'
            ? new CoreError('UNSUPPORTED', 'Git is not installed (or not on the PATH): Countersign reads a repository with the system git. Install Git, check that `git --version` works, and import again.')
            : new CoreError('INTERNAL', `Could not run git: ${error.message}`),
        );
      });
      child.on('close', (code) => {
        this.signal.removeEventListener('abort', abort);
        if (this.signal.aborted) reject(cancelled());
        else resolveDone({ code, stderr });
      });
    });
    return { child, done };
  }

  /** Runs a short git command and returns what it printed, untrimmed (a leading blank can be an answer). */
  async run(args: readonly string[]): Promise<Outcome> {
    const chunks: Buffer[] = [];
    const { child, done } = this.launch(args, 'pipe');
    child.stdout?.on('data', (chunk: Buffer) => chunks.push(chunk));
    const outcome = await done;
    return { ...outcome, stdout: Buffer.concat(chunks).toString('utf8') };
  }

  /**
   * Runs a long git command with its output going to a private temporary file that is read, a
   * megabyte at a time, while git writes it: a pipe would wake this process for every 4 KiB git
   * writes, which costs more than the parsing. Each piece read goes into `sink` and then to `onData`;
   * an exception from `onData` stops git. The file is removed however this ends.
   */
  async stream(args: readonly string[], sink: GrowingBuffer, onData: (view: Buffer) => void): Promise<Omit<Outcome, 'stdout'>> {
    const dir = mkdtempSync(join(tmpdir(), 'countersign-gitlog-'));
    try {
      const path = join(dir, 'log');
      const output = openSync(path, 'wx', 0o600);
      let running: Running;
      try {
        running = this.launch(args, output);
      } finally {
        closeSync(output);
      }
      let exited = false;
      const finished = running.done.then(
        (outcome) => {
          exited = true;
          return outcome;
        },
        (error: unknown) => {
          exited = true;
          throw error;
        },
      );
      // The caller awaits `finished` below; this only keeps an early failure from being reported as unhandled.
      finished.catch(() => undefined);
      const file = await open(path, 'r');
      try {
        let position = 0;
        for (;;) {
          const exitedBefore = exited;
          const room = sink.reserve(READ_SIZE);
          const { bytesRead } = await file.read(room.buffer, room.offset, READ_SIZE, position);
          if (bytesRead > 0) {
            position += bytesRead;
            try {
              onData(sink.commit(bytesRead));
            } catch (error) {
              running.child.kill();
              await finished.catch(() => undefined);
              throw error;
            }
            continue;
          }
          // Nothing new: finished if git had already exited before this read, else wait for more.
          if (exitedBefore) break;
          await Promise.race([finished.catch(() => undefined), pause(5)]);
        }
      } finally {
        await file.close();
      }
      return await finished;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
}

const samePath = (a: string, b: string): boolean => {
  const real = (path: string) => {
    try {
      return realpathSync.native(path);
    } catch {
      return resolve(path);
    }
  };
  const left = real(a);
  const right = real(b);
  return process.platform === 'win32' || process.platform === 'darwin' ? left.toLowerCase() === right.toLowerCase() : left === right;
};

interface Branch {
  name: string;
  ref: string;
  tip: string;
  note: string;
}

interface RepositoryFacts {
  /** The folder to name the repository after when it has no origin. */
  nameFolder: string;
  shallow: boolean;
  branch: Branch;
  originUrl: string | null;
}

const refusal = (git: Git, stderr: string): CoreError => {
  if (/dubious ownership/i.test(stderr)) {
    return new CoreError(
      'INVALID_INPUT',
      `${git.folder} belongs to another user, so git refuses to read it: run \`git config --global --add safe.directory ${shellQuote(git.folder)}\` if you trust it, then import again.`,
    );
  }
  if (/not a git repository/i.test(stderr)) {
    return new CoreError('INVALID_INPUT', `${git.folder} is not a Git repository: choose the repository's top folder (the one that holds the .git folder).`);
  }
  return new CoreError('INVALID_INPUT', `${git.folder} could not be read as a Git repository: ${firstLine(stderr)}`);
};

/**
 * Everything known before the log, in three git calls run side by side (starting a process is the
 * slow part): where the repository is and whether it is shallow; origin/HEAD's target and the
 * checked-out branch with their commits; origin's URL.
 */
const inspectRepository = async (git: Git): Promise<RepositoryFacts> => {
  const [probe, refs, origin] = await Promise.all([
    git.run(['rev-parse', '--absolute-git-dir', '--is-bare-repository', '--is-shallow-repository', '--show-toplevel']),
    git.run(['for-each-ref', '--format=%(HEAD)%09%(refname)%09%(symref)%09%(objectname)%09%(objecttype)', 'refs/remotes/origin/HEAD', 'refs/heads/']),
    git.run(['config', '--get', 'remote.origin.url']),
  ]);
  const [gitDir = '', bare = '', shallow = '', top = ''] = probe.stdout.split('\n').map((line) => line.replace(/\r$/, ''));
  // A bare repository or a .git folder has no work tree: git prints the first three answers, then fails on the fourth.
  const noWorkTree = probe.code !== 0 && /work tree/i.test(probe.stderr) && gitDir.length > 0;
  if (probe.code !== 0 && !noWorkTree) throw refusal(git, probe.stderr);

  let nameFolder: string;
  if (samePath(git.folder, gitDir)) {
    // The .git folder itself, or a bare repository ("api.git").
    nameFolder = bare === 'true' ? gitDir : dirname(gitDir);
  } else if (noWorkTree || top.length === 0) {
    throw new CoreError('INVALID_INPUT', `${git.folder} is inside the Git directory ${gitDir}: choose the repository folder itself.`);
  } else if (!samePath(git.folder, top)) {
    // Never silently another repository: a folder under a home directory kept in Git would otherwise import that.
    throw new CoreError('INVALID_INPUT', `${git.folder} is not the top folder of a Git repository (it lies inside ${top}): choose ${top}, or the repository you meant.`);
  } else {
    nameFolder = top;
  }

  return {
    nameFolder,
    shallow: shallow === 'true',
    branch: await defaultBranch(git, refs),
    originUrl: origin.code === 0 && origin.stdout.trim().length > 0 ? origin.stdout.trim() : null,
  };
};

/** origin's default branch when origin/HEAD is set, otherwise the checked-out branch. */
const defaultBranch = async (git: Git, refs: Outcome): Promise<Branch> => {
  const rows = refs.code === 0 ? refs.stdout.split('\n').map((line) => line.split('\t')) : [];
  const originHead = rows.find((row) => row[1] === 'refs/remotes/origin/HEAD' && row[2]?.startsWith('refs/remotes/origin/'));
  const current = rows.find((row) => row[0] === '*' && row[1]?.startsWith('refs/heads/'));
  const chosen = originHead ?? current;
  if (!chosen) {
    // Either nothing is checked out (detached) or the checked-out branch has no commit yet.
    const head = await git.run(['symbolic-ref', '--quiet', 'HEAD']);
    const headRef = head.stdout.trim();
    if (head.code === 0 && headRef.startsWith('refs/heads/')) {
      throw new CoreError('INVALID_INPUT', `${git.folder}: the branch ${headRef.slice('refs/heads/'.length)} has no commits yet, so there is no history to import.`);
    }
    throw new CoreError(
      'INVALID_INPUT',
      `${git.folder}: origin/HEAD is not set and no branch is checked out (detached HEAD), so the default branch is unknown: check out the default branch (e.g. \`git checkout main\`) or run \`git remote set-head origin --auto\`, then import again.`,
    );
  }
  const [, symbolic = '', target = '', tip = '', type = ''] = chosen;
  const ref = chosen === originHead ? target : symbolic;
  const name = chosen === originHead ? ref.slice('refs/remotes/origin/'.length) : ref.slice('refs/heads/'.length);
  if (type !== 'commit' || !SHA.test(tip)) throw new CoreError('INVALID_INPUT', `${git.folder}: ${ref} does not point at a commit, so there is no history to import.`);
  const note =
    chosen === originHead
      ? `Read origin's default branch ${name} (origin/HEAD -> ${ref}) as this clone last fetched it: run \`git fetch origin\` first to include the latest changes.`
      : `origin/HEAD is not set, so the checked-out branch ${name} was read as the default branch: if it is not the default branch, check out the default branch (or run \`git remote set-head origin --auto\`) and import again.`;
  return { name, ref, tip, note };
};

const fileSafe = (text: string): string => text.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'repository';

export const createGitImporter = (options: GitImporterOptions = {}): Importer => ({
  kind: 'git',
  label: 'Git history',
  input: 'folder',
  describes: 'a local Git repository folder (its default branch history is read with git)',
  howToExport: {
    command: 'cd PATH/TO/REPO && git fetch origin && git remote set-head origin --auto',
    notes: [
      'Choose the repository folder itself (the one that holds .git). Git must be installed: Countersign runs `git log` on the folder and stores its exact output as the evidence.',
      "Countersign reads origin's default branch (origin/HEAD) as last fetched, or the checked-out branch when origin/HEAD is not set: fetch first, and set origin/HEAD with `git remote set-head origin --auto`.",
      'Only first-parent commits in the observation period are imported: each is classified as a PR merge, a squash merge (#N), a web UI commit or a direct push.',
      'A fast-forward or rebase merge of a PR is indistinguishable from a direct push in git alone: import the pull request export (github-prs or gitlab-mrs) too, so the two can be joined.',
      'A shallow clone misses history: run `git fetch --unshallow origin` before importing.',
    ],
  },
  // Only ever asked about files (the pipeline sends folders here directly), and no file is a repository.
  recognises: (input: ImportInput) => {
    if (input.bytes.byteLength > 0) return false;
    try {
      return statSync(input.path).isDirectory();
    } catch {
      return false;
    }
  },
  parse: (input, ctx) => parseRepository(input, ctx, options.git ?? 'git'),
});

export const gitImporter = createGitImporter();

const parseRepository = async (input: ImportInput, ctx: ImportContext, binary: string): Promise<ParsedEvidence> => {
  const folder = resolve(input.path);
  try {
    if (!statSync(folder).isDirectory()) throw new CoreError('INVALID_INPUT', `${folder} is a file: the git import reads a repository folder.`);
  } catch (error) {
    if (error instanceof CoreError) throw error;
    throw new CoreError('NOT_FOUND', `${folder} does not exist or cannot be read`);
  }
  const git = new Git(binary, folder, ctx.signal);
  ctx.progress(0, 'Looking at the repository…');
  const facts = await inspectRepository(git);
  const { branch, originUrl } = facts;
  const repo = (originUrl && repoFromRemote(originUrl)) || basename(facts.nameFolder).replace(/\.git$/i, '') || 'repository';
  // GitHub names the PR in the subject; elsewhere (GitLab) a merge commit names its request in the body.
  const withBody = !(originUrl && /(^|[@/.])github\.com[:/]/i.test(originUrl));

  const { startMs, endMs } = periodInstants(ctx.periodStart, ctx.periodEnd, ctx.timeZone);
  // git stops walking at the first commit older than --since, so a committer clock that ran behind
  // could hide older commits of the period: a day's margin each side, then the exact period in code.
  const since = gitDate(startMs - ONE_DAY_MS);
  const until = gitDate(endMs + ONE_DAY_MS);
  const format = logFormat(withBody);
  const args = [
    // Replacement refs would let a repository show other commits than it holds: never for evidence.
    '--no-replace-objects',
    'log',
    '--first-parent',
    '--no-show-signature',
    '--no-color',
    '--encoding=UTF-8',
    '-z',
    `--since=${since}`,
    `--until=${until}`,
    `--format=${format}`,
    branch.tip,
    '--',
  ];
  const collectionMethod = ['git', '-C', folder, ...args].map(shellQuote).join(' ');

  const reader = new GitLogReader({ repo, branch: branch.name, startMs, endMs, withBody });
  const captured = new GrowingBuffer(4 * READ_SIZE);
  const span = endMs + ONE_DAY_MS - (startMs - ONE_DAY_MS);

  ctx.progress(0.02, `Reading the history of ${branch.name}…`);
  const outcome = await git.stream(args, captured, (view) => {
    reader.push(view);
    // Commits arrive newest first, so how far back in the window the walk is approximates progress.
    const walked = Number.isNaN(reader.oldestMs) ? 0 : Math.min(1, Math.max(0, (endMs + ONE_DAY_MS - reader.oldestMs) / span));
    ctx.progress(0.02 + 0.96 * walked, `Read ${reader.read.toLocaleString('en')} commits…`);
  });
  if (ctx.signal.aborted) throw cancelled();
  if (outcome.code !== 0) throw new CoreError('INVALID_INPUT', `${folder}: git log failed: ${firstLine(outcome.stderr)}`);
  try {
    reader.end();
  } catch (error) {
    throw new CoreError('INTERNAL', `${folder}: ${(error as Error).message}`);
  }
  const { commits, read, outside } = reader;

  const bytes = captured.bytes();
  const warnings = [branch.note];
  if (facts.shallow) {
    warnings.push('This is a shallow clone: history before its cut-off is missing, so the population may be incomplete. Run `git fetch --unshallow origin` and import again.');
  }
  const period = `${ctx.periodStart} to ${ctx.periodEnd} (${ctx.timeZone})`;
  if (commits.length === 0) {
    // Nothing to prove anything with, and an empty log would be the same bytes for every repository.
    const newest = await git.run(['log', '-1', '--format=%cI', branch.tip, '--']);
    const newestDate = newest.code === 0 ? gitDateToUtc(newest.stdout.trim()) : null;
    throw new CoreError(
      'INVALID_INPUT',
      `${folder}: the branch ${branch.name} of ${repo} has no first-parent commits in the period ${period}` +
        `${newestDate ? ` (its newest commit is from ${newestDate.iso.slice(0, 10)})` : ''}: check the workspace's observation period, or that this is the repository and branch you meant.`,
    );
  }
  if (reader.oldestIsRoot && reader.oldestMs >= startMs && !facts.shallow) {
    warnings.push(`The history of ${branch.name} begins at ${isoUtc(reader.oldestMs)}, after the period starts (${ctx.periodStart}, ${ctx.timeZone}): there are no earlier commits to import.`);
  }
  return {
    title: `Git history of ${repo} (${branch.name})`,
    fileName: `git-log-${fileSafe(repo)}-${fileSafe(branch.name)}.txt`,
    mediaType: 'text/plain',
    bytes,
    sourceSystem: 'Git (local repository)',
    collectionMethod,
    filters:
      `branch ${branch.name} (${branch.ref} at ${branch.tip}), first-parent history; ` +
      `committer date from ${isoUtc(startMs)} (inclusive) to ${isoUtc(endMs)} (exclusive), the period ${period}; ` +
      `git was asked for a day more each side (--since="${since}" --until="${until}") and the ${read.toLocaleString('en')} commits it printed were filtered exactly ` +
      `(${outside.toLocaleString('en')} outside the period left out)`,
    collectedAt: new Date().toISOString(),
    periodStart: commits.length > 0 ? isoUtc(reader.firstMs) : null,
    periodEnd: commits.length > 0 ? isoUtc(reader.lastMs) : null,
    records: { gitCommits: commits },
    warnings,
  };
};
