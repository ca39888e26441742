/**
 * The pure half of the `git` importer: the log format it asks git for, an incremental parser of that
 * NUL-separated stream, how a first-parent commit reached the branch, and the period's instants.
 * Nothing here runs a process; git.ts does.
 */
import type { GitCommitRecord } from '../records.js';
import { observationPeriodInstants, startOfDayIn } from '../../period/observationPeriod.js';

/**
 * The fields asked of `git log`, each ended by NUL (with -z git also ends each commit with NUL, so the
 * stream is a flat run of NUL-ended fields, a fixed number per commit). A commit's header and subject
 * cannot hold a NUL (git reads them as C strings), so no field can break the framing.
 */
export const LOG_FIELDS = ['%H', '%P', '%an', '%ae', '%aI', '%cn', '%ce', '%cI', '%G?', '%s'] as const;
/** The body is asked for only where a merge request reference can live in it (GitLab: "See merge request group/project!12"). */
export const BODY_FIELD = '%b';

export const logFormat = (withBody: boolean): string => `${[...LOG_FIELDS, ...(withBody ? [BODY_FIELD] : [])].join('%x00')}`;

/** The fields of one commit: byte ranges in the current buffer, decoded only when asked. */
export class LogFields {
  buffer: Buffer = Buffer.alloc(0);
  readonly starts: Int32Array;
  readonly ends: Int32Array;

  constructor(readonly count: number) {
    this.starts = new Int32Array(count);
    this.ends = new Int32Array(count);
  }

  /** The field as UTF-8 text (invalid bytes, e.g. a legacy commit in another encoding, become U+FFFD). */
  text(index: number): string {
    return this.buffer.toString('utf8', this.starts[index], this.ends[index]);
  }

  /** A field that git prints in ASCII (hashes, dates, the signature letter). */
  ascii(index: number): string {
    return this.buffer.toString('latin1', this.starts[index], this.ends[index]);
  }

  size(index: number): number {
    return this.ends[index]! - this.starts[index]!;
  }
}

/**
 * Splits git's output into commits as the bytes arrive. Works on the bytes themselves (no decoding of
 * whole chunks, no strings for fields nobody reads) and holds back only the unfinished commit, so the
 * memory it needs is one commit whatever the length of the history.
 */
export class GitLogParser {
  /** The unfinished commit at the end of the last chunk: its pieces, and how many of its fields are complete. */
  private pending: Buffer[] = [];
  private pendingFields = 0;
  private readonly fields: LogFields;

  constructor(
    fieldCount: number,
    private readonly onCommit: (fields: LogFields) => void,
  ) {
    this.fields = new LogFields(fieldCount);
  }

  push(chunk: Uint8Array): void {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    let position = 0;
    if (this.pending.length > 0) {
      // Complete the commit that straddles the boundary by joining only its own bytes, not the whole chunk.
      let needed = this.fields.count - this.pendingFields;
      while (needed > 0 && position < buffer.length) if (buffer[position++] === 0) needed--;
      if (needed > 0) {
        this.pending.push(buffer);
        this.pendingFields = this.fields.count - needed;
        return;
      }
      const joined = Buffer.concat([...this.pending, buffer.subarray(0, position)]);
      this.pending = [];
      this.pendingFields = 0;
      this.parse(joined, 0);
    }
    this.parse(buffer, position);
  }

  private parse(buffer: Buffer, from: number): void {
    const { fields } = this;
    const { starts, ends, count } = fields;
    fields.buffer = buffer;
    const length = buffer.length;
    let position = from;
    while (position < length) {
      const commitStart = position;
      for (let index = 0; index < count; index++) {
        let end = position;
        while (end < length && buffer[end] !== 0) end++;
        if (end === length) {
          this.pending.push(buffer.subarray(commitStart));
          this.pendingFields = index;
          return;
        }
        starts[index] = position;
        ends[index] = end;
        position = end + 1;
      }
      this.onCommit(fields);
    }
  }

  /** Throws when the stream stopped inside a commit (git was killed, or the output is not ours). */
  end(): void {
    const left = this.pending.reduce((total, piece) => total + piece.length, 0);
    if (left > 0) throw new Error(`the log ended in the middle of a commit (${left} bytes of it)`);
  }
}

export type Arrival = GitCommitRecord['arrival'];

const MERGE_PULL_REQUEST = /^Merge pull request #(\d+)\b/;
/** GitHub's squash (and merge-queue) subjects end with the PR number: "Add login (#4)" (git's %s has no trailing space). */
const TRAILING_PR_REFERENCE = /\(#(\d+)\)$/;
/** GitLab's merge commit says it in the body: "See merge request acme/api!12". */
const GITLAB_MERGE_REQUEST = /^See merge request \S*!(\d+)\s*$/m;
/** The committer of every commit GitHub makes itself: the web editor, the merge button, rebase merges. */
const GITHUB_WEB_COMMITTER = 'noreply@github.com';

/**
 * How a first-parent commit reached the branch, from git alone:
 * - "Merge pull request #N from …" with two parents (or any merge whose subject or GitLab body names
 *   the request) -> pr-merge;
 * - a single-parent subject ending in "(#N)" -> squash-merge;
 * - committed by GitHub itself (noreply@github.com) with no PR reference -> web-ui (the web editor,
 *   or a rebase merge made with the button);
 * - anything else -> direct-push, including a merge commit with no PR reference (someone merged
 *   locally and pushed). A fast-forward merge of a PR also lands here: git alone cannot tell it from a
 *   direct push, which is why the PR export should be imported too.
 */
export const classifyArrival = (
  subject: string,
  parentCount: number,
  committerEmail: string,
  body?: string,
): { arrival: Arrival; prNumber: number | null } => {
  const merge = parentCount >= 2;
  if (merge) {
    const pullRequest = subject.startsWith('Merge pull request #') ? MERGE_PULL_REQUEST.exec(subject) : null;
    if (pullRequest) return { arrival: 'pr-merge', prNumber: Number(pullRequest[1]) };
  }
  const reference = subject.endsWith(')') ? TRAILING_PR_REFERENCE.exec(subject) : null;
  // A merge commit whose title was edited to end in "(#N)" is still the merge of that PR.
  if (reference) return { arrival: merge ? 'pr-merge' : 'squash-merge', prNumber: Number(reference[1]) };
  if (merge && body) {
    const mergeRequest = GITLAB_MERGE_REQUEST.exec(body);
    if (mergeRequest) return { arrival: 'pr-merge', prNumber: Number(mergeRequest[1]) };
  }
  if (committerEmail.length === GITHUB_WEB_COMMITTER.length && committerEmail.toLowerCase() === GITHUB_WEB_COMMITTER) {
    return { arrival: 'web-ui', prNumber: null };
  }
  return { arrival: 'direct-push', prNumber: null };
};

/** An instant as the records store it: ISO 8601 UTC to the second ("2026-03-01T08:00:00Z"), as GitHub writes it. */
export const isoUtc = (ms: number): string => `${new Date(ms).toISOString().slice(0, 19)}Z`;

const digitsAt = (bytes: Uint8Array, from: number, to: number): number => {
  let value = 0;
  for (let index = from; index < to; index++) {
    const digit = bytes[index]! - 48;
    if (digit < 0 || digit > 9) return Number.NaN;
    value = value * 10 + digit;
  }
  return value;
};

/**
 * The instant of git's strict ISO date ("2026-03-01T10:00:00+02:00", %aI and %cI) held in bytes
 * [start, end), or NaN. Read digit by digit: it runs twice per commit, and Date.parse would cost more
 * than the rest of the commit.
 */
export const gitDateAt = (bytes: Uint8Array, start: number, end: number): number => {
  if (end - start !== 25 || bytes[start + 10] !== 0x54 /* T */) return Number.NaN;
  const sign = bytes[start + 19];
  if (sign !== 0x2b /* + */ && sign !== 0x2d /* - */) return Number.NaN;
  const year = digitsAt(bytes, start, start + 4);
  const wall = Date.UTC(
    year,
    digitsAt(bytes, start + 5, start + 7) - 1,
    digitsAt(bytes, start + 8, start + 10),
    digitsAt(bytes, start + 11, start + 13),
    digitsAt(bytes, start + 14, start + 16),
    digitsAt(bytes, start + 17, start + 19),
  );
  const offsetMinutes = digitsAt(bytes, start + 20, start + 22) * 60 + digitsAt(bytes, start + 23, start + 25);
  if (year < 1000 || Number.isNaN(wall) || Number.isNaN(offsetMinutes)) return Number.NaN;
  return wall - (sign === 0x2d ? -offsetMinutes : offsetMinutes) * 60_000;
};

/** git's strict ISO date as UTC, or null when it is not one. */
export const gitDateToUtc = (value: string): { ms: number; iso: string } | null => {
  const ms = gitDateAt(Buffer.from(value, 'latin1'), 0, value.length);
  return Number.isNaN(ms) ? null : { ms, iso: isoUtc(ms) };
};

/** True when the field is a full SHA-1 or SHA-256 commit id in lowercase hex. */
const isObjectId = (fields: LogFields, index: number): boolean => {
  const size = fields.size(index);
  if (size !== 40 && size !== 64) return false;
  const { buffer } = fields;
  for (let at = fields.starts[index]!, end = fields.ends[index]!; at < end; at++) {
    const byte = buffer[at]!;
    if (!((byte >= 0x30 && byte <= 0x39) || (byte >= 0x61 && byte <= 0x66))) return false;
  }
  return true;
};

/** Keeps one copy of each name and email (a history repeats a handful thousands of times), up to a bound. */
class Interner {
  private readonly seen = new Map<string, string>();
  constructor(private readonly limit: number) {}
  get(value: string): string {
    const known = this.seen.get(value);
    if (known !== undefined) return known;
    if (this.seen.size < this.limit) this.seen.set(value, value);
    return value;
  }
}

export interface LogReaderOptions {
  repo: string;
  branch: string;
  /** The period, [startMs, endMs): commits outside it are counted and left out. */
  startMs: number;
  endMs: number;
  /** Whether the format asked for the body (%b) after the subject. */
  withBody: boolean;
}

/**
 * Reads `git log --format=<logFormat> -z` output, chunk by chunk, into the first-parent commit records
 * of the period, with what the provenance needs: how many commits git printed, how many fell outside
 * the period, the first and last commit dates, and where the walk ended.
 */
export class GitLogReader {
  readonly commits: GitCommitRecord[] = [];
  /** Commits git printed, in the period or not. */
  read = 0;
  outside = 0;
  firstMs = Number.POSITIVE_INFINITY;
  lastMs = Number.NEGATIVE_INFINITY;
  /** The committer date of the last (oldest) commit printed, and whether it has no parent. */
  oldestMs = Number.NaN;
  oldestIsRoot = false;
  private readonly parser: GitLogParser;
  private readonly people = new Interner(20_000);
  private readonly scratch = Buffer.alloc(20);

  constructor(private readonly options: LogReaderOptions) {
    this.parser = new GitLogParser(LOG_FIELDS.length + (options.withBody ? 1 : 0), (fields) => this.commit(fields));
  }

  push(chunk: Uint8Array): void {
    this.parser.push(chunk);
  }

  end(): void {
    this.parser.end();
  }

  /** ISO UTC of the date at field `index`, copied from git's own digits when it is already UTC. */
  private iso(fields: LogFields, index: number, ms: number): string {
    const start = fields.starts[index]!;
    const bytes = fields.buffer;
    // "+00:00" (or "-00:00"): the wall time is UTC already.
    if (bytes[start + 20] === 0x30 && bytes[start + 21] === 0x30 && bytes[start + 23] === 0x30 && bytes[start + 24] === 0x30) {
      bytes.copy(this.scratch, 0, start, start + 19);
      this.scratch[19] = 0x5a; // Z
      return this.scratch.toString('latin1', 0, 20);
    }
    return isoUtc(ms);
  }

  private commit(fields: LogFields): void {
    const { buffer, starts, ends } = fields;
    const committedMs = gitDateAt(buffer, starts[7]!, ends[7]!);
    if (!isObjectId(fields, 0) || Number.isNaN(committedMs)) {
      throw new Error(`git printed something other than the expected log at commit ${this.read + 1} (${JSON.stringify(fields.text(0).slice(0, 80))})`);
    }
    this.read++;
    const parentsSize = fields.size(1);
    this.oldestMs = committedMs;
    this.oldestIsRoot = parentsSize === 0;
    // git's --since/--until are a day wider; the period is applied here, on the committer date.
    const { startMs, endMs } = this.options;
    if (committedMs < startMs || committedMs >= endMs) {
      this.outside++;
      return;
    }
    const sha = fields.ascii(0);
    const parents = parentsSize === 0 ? [] : parentsSize === sha.length ? [fields.ascii(1)] : fields.ascii(1).split(' ');
    const authoredMs = gitDateAt(buffer, starts[4]!, ends[4]!);
    const committedAt = this.iso(fields, 7, committedMs);
    const subject = fields.text(9);
    const committerEmail = this.people.get(fields.text(6));
    // The body is read only where it can decide: a merge commit whose subject names no request.
    const body = this.options.withBody && parents.length >= 2 && !subject.startsWith('Merge pull request #') ? fields.text(10) : undefined;
    const { arrival, prNumber } = classifyArrival(subject, parents.length, committerEmail, body);
    if (committedMs < this.firstMs) this.firstMs = committedMs;
    if (committedMs > this.lastMs) this.lastMs = committedMs;
    this.commits.push({
      repo: this.options.repo,
      branch: this.options.branch,
      sha,
      parents,
      authorName: this.people.get(fields.text(2)),
      authorEmail: this.people.get(fields.text(3)),
      authoredAt: Number.isNaN(authoredMs) ? committedAt : this.iso(fields, 4, authoredMs),
      committerName: this.people.get(fields.text(5)),
      committerEmail,
      committedAt,
      subject,
      // %G? as git prints it: G good, B bad, U good but unknown validity, X/Y expired signature/key,
      // R revoked key, E cannot be checked (e.g. missing key), N no signature. N can also mean gpg (or
      // ssh-keygen) could not run on this machine: "not verified here", not proof of an unsigned commit.
      signature: fields.ascii(8),
      arrival,
      prNumber,
    });
  }
}

const DAY = 24 * 60 * 60 * 1000;

export { startOfDayIn };

/** The observation period as instants: from the first day's start to the start of the day after the last, in the workspace's zone. */
export const periodInstants = (periodStart: string, periodEnd: string, timeZone: string): { startMs: number; endMs: number } => {
  const { fromMs, toMs } = observationPeriodInstants(periodStart, periodEnd, timeZone);
  return { startMs: fromMs, endMs: toMs };
};

/** git's own date syntax for --since/--until, unambiguous in any locale and zone. */
export const gitDate = (ms: number): string => `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')} +0000`;

export const ONE_DAY_MS = DAY;

/**
 * A remote URL as "owner/name" (GitLab: "group/subgroup/name"), without credentials or ".git";
 * null for a local path or file:// remote, which names no hosted repository.
 */
export const repoFromRemote = (url: string): string | null => {
  const trimmed = url.trim();
  let path: string | null = null;
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\/(?:[^@/]*@)?[^/]+\/(.+)$/i.exec(trimmed);
  if (withScheme) {
    if (/^file:/i.test(trimmed)) return null;
    path = withScheme[1]!;
  } else {
    // scp-like: git@github.com:acme/api.git (a single letter before ':' is a Windows drive, not a host).
    const scp = /^(?:[^@/\s]+@)?([^:/\s]{2,}):(?!\/\/)(.+)$/.exec(trimmed);
    if (scp) path = scp[2]!;
  }
  if (!path) return null;
  const cleaned = path
    .split(/[?#]/)[0]!
    .replace(/\/+$/, '')
    .replace(/\.git$/i, '')
    .replace(/^\/+/, '')
    .replace(/^~[^/]*\//, '');
  return cleaned.length > 0 ? cleaned : null;
};

/** A piece of a command line as a person would type it in a POSIX shell. */
export const shellQuote = (arg: string): string => (/^[A-Za-z0-9_@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`);
