/**
 * What the GitHub importers (github-prs, github-runs, github-deployments) share: reading a JSON export
 * one item at a time, the shapes `gh` and the REST API write (pages, bundles), repository identity,
 * bot accounts, dates, and the "the export may have been cut off" checks.
 */
import { CoreError } from '../../errors.js';
import { breathe, throwIfCancelled } from '../../jobs/jobs.js';
import type { ImportContext, ImportInput } from './importer.js';
import { observationPeriodInstants } from '../../period/observationPeriod.js';

export type Json = Record<string, unknown>;

export const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A non-empty string, or null. */
export const text = (value: unknown): string | null => (typeof value === 'string' && value.length > 0 ? value : null);

/** An id GitHub writes as a number (REST) or a string (GraphQL node id), as a string; null when absent. */
export const idText = (value: unknown): string | null =>
  typeof value === 'number' && Number.isFinite(value) ? String(value) : typeof value === 'string' && value.length > 0 ? value : null;

export const has = (object: Json, key: string): boolean => Object.prototype.hasOwnProperty.call(object, key);

// ---------------------------------------------------------------------------------------------
// Dates

/** An instant as the records store it: ISO 8601 UTC to the second ("2026-03-01T08:00:00Z"), as GitHub writes it. */
export const isoUtc = (ms: number): string => `${new Date(ms).toISOString().slice(0, 19)}Z`;

/**
 * A GitHub date as ISO 8601 UTC to the second; null when absent, empty, unparseable, or Go's zero time
 * ("0001-01-01T00:00:00Z", which gh writes for a date that is not set).
 */
export const utc = (value: unknown): string | null => {
  if (typeof value !== 'string' || value.length === 0) return null;
  if (value.length === 20 && value.charCodeAt(19) === 90 /* Z */ && value.charCodeAt(10) === 84 /* T */) {
    return value.startsWith('0001-') ? null : value;
  }
  const ms = Date.parse(value);
  if (Number.isNaN(ms) || ms < Date.UTC(1970, 0, 1)) return null;
  return isoUtc(ms);
};

/** The observation period as ISO UTC bounds, start inclusive and end exclusive, comparable with the records' dates as strings. */
export const periodBounds = (ctx: Pick<ImportContext, 'periodStart' | 'periodEnd' | 'timeZone'>): { from: string; until: string } => {
  const { fromMs, toMs } = observationPeriodInstants(ctx.periodStart, ctx.periodEnd, ctx.timeZone);
  return { from: isoUtc(fromMs), until: isoUtc(toMs) };
};

/** First and last of a set of ISO UTC strings (same format, so string order is time order). */
export const dateRange = (dates: Iterable<string | null>): { first: string | null; last: string | null } => {
  let first: string | null = null;
  let last: string | null = null;
  for (const date of dates) {
    if (date === null) continue;
    if (first === null || date < first) first = date;
    if (last === null || date > last) last = date;
  }
  return { first, last };
};

/** "12 of 40 pull requests fall outside the observation period …" when some or all do; null when all are inside. */
export const periodCoverageWarning = (
  dates: readonly (string | null)[],
  ctx: Pick<ImportContext, 'periodStart' | 'periodEnd' | 'timeZone'>,
  noun: string,
  dated: string,
): string | null => {
  if (dates.length === 0) return null;
  const { from, until } = periodBounds(ctx);
  let inside = 0;
  for (const date of dates) if (date !== null && date >= from && date < until) inside++;
  const period = `${ctx.periodStart} to ${ctx.periodEnd} (${ctx.timeZone})`;
  if (inside === 0) return `None of the ${count(dates.length, noun)} was ${dated} in the observation period ${period}: check the export covers it.`;
  if (inside < dates.length) {
    return `${count(dates.length - inside, noun)} ${dates.length - inside === 1 ? 'was' : 'were'} ${dated} outside the observation period ${period}; they are kept, and the exception rules look only at the period.`;
  }
  return null;
};

export const count = (n: number, noun: string, plural = `${noun}s`): string => `${n.toLocaleString('en-US')} ${n === 1 ? noun : plural}`;

// ---------------------------------------------------------------------------------------------
// Accounts

/**
 * GitHub Apps that review or open pull requests and whose GraphQL login (what `gh` prints for a
 * review's author) carries no "[bot]" suffix. Matched case-insensitively, also with the suffix.
 */
export const KNOWN_BOT_LOGINS: ReadonlySet<string> = new Set([
  'dependabot',
  'dependabot-preview',
  'renovate',
  'github-actions',
  'copilot-pull-request-reviewer',
  'copilot-swe-agent',
  'coderabbitai',
  'sourcery-ai',
  'gemini-code-assist',
  'chatgpt-codex-connector',
  'greptile-apps',
  'ellipsis-dev',
  'codecov',
  'sonarqubecloud',
  'sonarcloud',
  'snyk-bot',
  'mergify',
  'imgbot',
  'allcontributors',
  'pre-commit-ci',
  'deepsource-autofix',
  'release-please',
]);

/** The login without GitHub's bot decorations: "app/dependabot" and "dependabot[bot]" are both "dependabot". */
export const botSlug = (login: string): string => login.replace(/^app\//, '').replace(/\[bot\]$/, '').toLowerCase();

/** True for a login that names a bot: gh's "app/…" form, the REST "[bot]" suffix, or a known app. */
export const isBotLogin = (login: string): boolean => login.startsWith('app/') || login.endsWith('[bot]') || KNOWN_BOT_LOGINS.has(botSlug(login));

export interface Account {
  login: string;
  isBot: boolean;
}

/**
 * An account as the exports write it: gh's `{login, is_bot}` (a bot's login is "app/<slug>"; an author
 * GitHub no longer knows is written `{login: "app/", is_bot: true}`), GraphQL's `{login, __typename}`,
 * REST's `{login, type: "Bot"|"User"}`. A deleted account (null, or gh's "app/") reads as "ghost", as
 * GitHub shows it. Null when the value is not an account at all.
 */
export const accountOf = (value: unknown): Account | null => {
  if (value === null) return { login: 'ghost', isBot: false };
  if (!isObject(value)) return null;
  const login = text(value.login);
  if (login === null || login === 'app/') return { login: 'ghost', isBot: false };
  const isBot = value.is_bot === true || value.type === 'Bot' || value.__typename === 'Bot' || isBotLogin(login);
  return { login, isBot };
};

// ---------------------------------------------------------------------------------------------
// Repository identity

const API_REPO = /\/repos\/([^/?#\s]+)\/([^/?#\s]+)/;
const WEB_REPO = /^https?:\/\/[^/]+\/([^/?#\s]+)\/([^/?#\s]+)\/(?:pull|pulls|actions|deployments|commit|runs|tree)(?:[/?#]|$)/;

/**
 * "owner/name" from a GitHub URL: the API's ".../repos/O/R/..." (also GitHub Enterprise's /api/v3),
 * or a web address "https://github.com/O/R/pull/1" (".../actions/runs/…", …). Null otherwise.
 */
export const repoFromUrl = (value: unknown): string | null => {
  if (typeof value !== 'string') return null;
  const api = API_REPO.exec(value);
  if (api) return `${api[1]}/${api[2]}`;
  const web = WEB_REPO.exec(value);
  return web ? `${web[1]}/${web[2]}` : null;
};

/** The number in ".../pulls/12", ".../pull/12#…" or ".../deployments/12/…"; null otherwise. */
export const numberAfter = (value: unknown, segment: 'pull' | 'deployments'): number | null => {
  if (typeof value !== 'string') return null;
  const match = (segment === 'pull' ? /\/pulls?\/(\d+)(?:[/?#]|$)/ : /\/deployments\/(\d+)(?:[/?#]|$)/).exec(value);
  return match ? Number(match[1]) : null;
};

// ---------------------------------------------------------------------------------------------
// Bundles: one object keyed "GET /repos/O/R/...", each value the body `gh api` writes for that path.

export interface BundleEntry {
  key: string;
  /** The path without method or query: "/repos/O/R/pulls/2". */
  path: string;
  repo: string | null;
  body: unknown;
}

const BUNDLE_KEY = /^(?:GET\s+)(\/\S*)$/;

/** The entries of a bundle, or null when the object is not one (no key at all looks like "GET /…"). */
export const bundleEntries = (value: unknown): BundleEntry[] | null => {
  if (!isObject(value)) return null;
  const entries: BundleEntry[] = [];
  for (const [key, body] of Object.entries(value)) {
    const match = BUNDLE_KEY.exec(key.trim());
    if (!match) continue;
    const path = match[1]!.replace(/^\/api\/v3/, '').split(/[?#]/)[0]!.replace(/\/+$/, '');
    entries.push({ key, path, repo: repoFromUrl(path), body });
  }
  return entries.length > 0 ? entries : null;
};

/** What a bundle path holds, to tell the person which other kind reads the rest. */
export const bundlePathKind = (path: string): 'github-prs' | 'github-runs' | 'github-deployments' | 'github-protection' | null => {
  if (/^\/repos\/[^/]+\/[^/]+\/pulls(?:\/\d+(?:\/reviews)?)?$/.test(path)) return 'github-prs';
  if (/^\/repos\/[^/]+\/[^/]+\/actions(?:\/workflows\/[^/]+)?\/runs$/.test(path)) return 'github-runs';
  if (/^\/repos\/[^/]+\/[^/]+\/deployments(?:\/\d+\/statuses)?$/.test(path)) return 'github-deployments';
  if (/\/protection$|\/rulesets(?:\/\d+)?$|\/rules\/branches\/|\/environments|\/activity$/.test(path)) return 'github-protection';
  return null;
};

/** "The bundle also holds 4 responses this import does not read (github-runs, github-deployments)…", or null. */
export const otherBundleEntriesWarning = (entries: readonly BundleEntry[], kind: string): string | null => {
  const others = entries.filter((entry) => bundlePathKind(entry.path) !== kind);
  if (others.length === 0) return null;
  const kinds = [...new Set(others.map((entry) => bundlePathKind(entry.path)).filter((k): k is NonNullable<typeof k> => k !== null))];
  return (
    `The file also holds ${count(others.length, 'other response')} that ${kind} does not read` +
    (kinds.length > 0 ? `; import the same file as ${kinds.join(', ')} for ${kinds.length === 1 ? 'that' : 'those'}.` : '.')
  );
};

// ---------------------------------------------------------------------------------------------
// Cut-off exports

/** Round numbers a person passes to --limit, or page sizes, that an export stopping exactly there suggests. */
const ROUND_LIMITS = new Set([100, 200, 300, 500, 1000, 2000, 3000, 5000, 10_000, 20_000, 50_000, 100_000]);

/**
 * Why an export of `n` items looks cut off, or null. `defaultLimit` is the command's default (gh pr list
 * 30, gh run list 20), `pageSize` the REST API's default page (30; 100 at most).
 */
export const cutOffWarning = (n: number, noun: string, how: { defaultLimit?: number; defaultLimitText?: string; rest?: boolean }): string | null => {
  if (n === 0) return null;
  if (how.defaultLimit !== undefined && n === how.defaultLimit) {
    return `The file holds exactly ${count(n, noun)}, which is ${how.defaultLimitText}: the export may have been cut off. Export again with a higher --limit (e.g. --limit 10000).`;
  }
  if (how.rest && (n === 30 || n === 100)) {
    return `The file holds exactly ${count(n, noun)}, one page of the REST API (30 by default, 100 at most): the export may have been cut off. Export again with gh api --paginate.`;
  }
  if (ROUND_LIMITS.has(n)) {
    return `The file holds exactly ${count(n, noun)}, a round number such as a --limit: the export may have been cut off. If the repository has more, export again with a higher --limit.`;
  }
  return null;
};

// ---------------------------------------------------------------------------------------------
// Reading JSON one item at a time, from the bytes

/** The bytes are not a sequence of JSON values; the caller asks JSON.parse for the position. */
class NotJsonSequence extends Error {}

const WS = (byte: number): boolean => byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;

export interface JsonItem {
  value: unknown;
  /** True for an element of a top-level array; false for a top-level value itself. */
  inArray: boolean;
  /** Where the item ends in the bytes, for progress. */
  end: number;
}

/**
 * The items of a JSON export without parsing it whole: the elements of a top-level array one by one
 * (`[a, b]` gives a then b), also of several arrays one after another as `gh api --paginate` writes
 * pages (`[a][b]`), and each top-level object of `{…}{…}`. Each element is decoded and parsed on its
 * own, so peak memory is the file's bytes plus one element, not the whole tree. Structural bytes are
 * ASCII and never occur inside a multi-byte UTF-8 sequence, so scanning the bytes is exact.
 * Throws NotJsonSequence when the bytes are not such a sequence.
 */
export function* jsonItems(bytes: Uint8Array): Generator<JsonItem> {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = buffer.length;
  let i = n >= 3 && buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf ? 3 : 0;
  const skipSpace = () => {
    while (i < n && WS(buffer[i]!)) i++;
  };
  /** The end (exclusive) of the object or array starting at `start`. */
  const endOfComposite = (start: number): number => {
    let depth = 0;
    for (let j = start; j < n; j++) {
      const c = buffer[j]!;
      if (c === 0x22) {
        // A string: to its closing quote, stepping over escapes.
        for (j++; j < n; j++) {
          const s = buffer[j]!;
          if (s === 0x5c) j++;
          else if (s === 0x22) break;
        }
      } else if (c === 0x7b || c === 0x5b) {
        depth++;
      } else if (c === 0x7d || c === 0x5d) {
        if (--depth === 0) return j + 1;
      }
    }
    throw new NotJsonSequence();
  };
  /** The end of a scalar (string, number, literal) starting at `start`. */
  const endOfScalar = (start: number): number => {
    let j = start;
    if (buffer[j] === 0x22) {
      for (j++; j < n; j++) {
        const s = buffer[j]!;
        if (s === 0x5c) j++;
        else if (s === 0x22) return j + 1;
      }
      throw new NotJsonSequence();
    }
    while (j < n && !WS(buffer[j]!) && buffer[j] !== 0x2c && buffer[j] !== 0x5d && buffer[j] !== 0x7d) j++;
    if (j === start) throw new NotJsonSequence();
    return j;
  };
  const parse = (start: number, end: number): unknown => {
    try {
      return JSON.parse(buffer.toString('utf8', start, end));
    } catch {
      throw new NotJsonSequence();
    }
  };

  skipSpace();
  if (i >= n) throw new NotJsonSequence();
  while (i < n) {
    const c = buffer[i]!;
    if (c === 0x5b /* [ */) {
      i++;
      skipSpace();
      if (buffer[i] === 0x5d) {
        i++;
      } else {
        for (;;) {
          const start = i;
          const first = buffer[i];
          const end = first === 0x7b || first === 0x5b ? endOfComposite(start) : endOfScalar(start);
          const value = parse(start, end);
          i = end;
          skipSpace();
          const next = buffer[i];
          yield { value, inArray: true, end: i };
          if (next === 0x2c) {
            i++;
            skipSpace();
            continue;
          }
          if (next === 0x5d) {
            i++;
            break;
          }
          throw new NotJsonSequence();
        }
      }
    } else if (c === 0x7b /* { */) {
      const end = endOfComposite(i);
      const value = parse(i, end);
      i = end;
      yield { value, inArray: false, end: i };
    } else {
      throw new NotJsonSequence();
    }
    skipSpace();
  }
}

/**
 * Explains why the file is not readable JSON, with the line and column JSON.parse reports (through the
 * input, which says where); if it parses after all, the shape is what is wrong.
 */
export const explainUnreadable = (input: ImportInput, expected: string): CoreError => {
  try {
    input.json();
  } catch (error) {
    if (error instanceof CoreError) return error;
    return new CoreError('INVALID_INPUT', `${input.fileName} is not valid JSON: ${(error as Error).message}`);
  }
  return new CoreError('INVALID_INPUT', `${input.fileName} is JSON, but not ${expected}.`);
};

interface Peek {
  items: JsonItem[];
  /** True when the whole file was read while peeking (few items). */
  complete: boolean;
  failed: boolean;
}

const peeks = new WeakMap<Uint8Array, Peek>();
const PEEK_ITEMS = 3;

/**
 * The first few items of the file, read once per file and shared by the recognisers, so detecting
 * the kind never parses a large export whole. A file that is not JSON gives no items.
 */
export const peekItems = (input: ImportInput): Peek => {
  let peek = peeks.get(input.bytes);
  if (!peek) {
    peek = { items: [], complete: false, failed: false };
    try {
      const iterator = jsonItems(input.bytes);
      for (;;) {
        const next = iterator.next();
        if (next.done) {
          peek.complete = true;
          break;
        }
        peek.items.push(next.value);
        if (peek.items.length >= PEEK_ITEMS) break;
      }
    } catch (error) {
      if (!(error instanceof NotJsonSequence)) throw error;
      peek.failed = true;
    }
    peeks.set(input.bytes, peek);
  }
  return peek;
};

/**
 * Recognition by the first items: true when `test` accepts the first item. When the file does not
 * start as JSON at all the answer is false; when it starts well but breaks within the first items,
 * the malformed-JSON error (with line and column) is thrown, so an import of the chosen kind says
 * where the file is broken (detection catches it and moves on).
 */
export const recogniseFirst = (input: ImportInput, test: (item: unknown) => boolean): boolean => {
  const start = firstByte(input.bytes);
  if (start !== 0x5b && start !== 0x7b) return false;
  const peek = peekItems(input);
  const first = peek.items[0];
  if (peek.failed && !first) throw explainUnreadable(input, 'a JSON export');
  if (!first) return false;
  if (Array.isArray(first.value)) {
    // gh api --paginate --slurp: an array of pages.
    const inner = first.value.find((value) => value !== undefined);
    return inner !== undefined && test(inner);
  }
  return test(first.value);
};

const firstByte = (bytes: Uint8Array): number | undefined => {
  let i = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  while (i < bytes.length && WS(bytes[i]!)) i++;
  return bytes[i];
};

const CHUNK = 2000;

/**
 * Calls `visit` for every item of the file (a slurped page's elements one by one), with progress, a
 * breath for the event loop and a cancel check every few thousand items. Malformed JSON is reported
 * with its line and column.
 */
export const forEachItem = async (
  input: ImportInput,
  ctx: ImportContext,
  expected: string,
  visit: (value: unknown, inArray: boolean) => void,
  progressMessage: (items: number) => string,
): Promise<number> => {
  const total = Math.max(1, input.bytes.byteLength);
  let items = 0;
  try {
    for (const item of jsonItems(input.bytes)) {
      if (Array.isArray(item.value)) {
        for (const value of item.value) visit(value, true);
      } else {
        visit(item.value, item.inArray);
      }
      if (++items % CHUNK === 0) {
        ctx.progress(item.end / total, progressMessage(items));
        await breathe();
        throwIfCancelled(ctx.signal);
      }
    }
  } catch (error) {
    if (error instanceof NotJsonSequence) throw explainUnreadable(input, expected);
    throw error;
  }
  return items;
};
