/**
 * Small helpers shared by the GitLab importers (and the host-neutral JSON reading the GitHub
 * protection importer also uses): reading `gh api --paginate` / `glab api --paginate` output, which is
 * one JSON document per page written back to back, plain value readers, dates as ISO 8601 UTC, the
 * project path in a GitLab URL, and GitLab bot accounts.
 */
import { CoreError } from '../../errors.js';
import { breathe, throwIfCancelled } from '../../jobs/jobs.js';
import { lineAndColumn } from '../readInput.js';
import { explainUnreadable, peekItems } from './githubCommon.js';
import type { ImportContext, ImportInput } from './importer.js';

export type JsonObject = Record<string, unknown>;

export const isObject = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);
export const str = (value: unknown): string | null => (typeof value === 'string' ? value : null);
export const int = (value: unknown): number | null => (typeof value === 'number' && Number.isInteger(value) ? value : null);
export const bool = (value: unknown): boolean | null => (typeof value === 'boolean' ? value : null);
export const obj = (value: unknown): JsonObject | null => (isObject(value) ? value : null);
export const arr = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

/**
 * Where one JSON document ends and the next begins in `[…][…]` or `{…}\n{…}`, scanning strings and
 * nesting; null when the text is not a run of whole objects and arrays.
 */
const documentSpans = (text: string): [number, number][] | null => {
  const spans: [number, number][] = [];
  let depth = 0;
  let inString = false;
  let start = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
      continue;
    }
    if (c === 0x22) {
      if (depth === 0) return null;
      inString = true;
    } else if (c === 0x7b || c === 0x5b) {
      if (depth === 0) start = i;
      depth++;
    } else if (c === 0x7d || c === 0x5d) {
      depth--;
      if (depth < 0) return null;
      if (depth === 0) spans.push([start, i + 1]);
    } else if (depth === 0 && c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09 && c !== 0xfeff) {
      return null;
    }
  }
  return depth === 0 && !inString ? spans : null;
};

const documentsCache = new WeakMap<ImportInput, unknown[]>();

/**
 * The JSON documents in a file: one for ordinary JSON; several when `gh api --paginate` (older gh,
 * or with --jq) or `glab api --paginate` wrote one page after another. Malformed JSON is reported
 * with its line and column, as input.json() does.
 */
export const jsonDocuments = (input: ImportInput): unknown[] => {
  const cached = documentsCache.get(input);
  if (cached) return cached;
  let documents: unknown[];
  try {
    documents = [input.json()];
  } catch (error) {
    const text = input.text();
    const spans = documentSpans(text);
    if (!spans || spans.length < 2) throw error;
    documents = spans.map(([from, to]) => {
      try {
        return JSON.parse(text.slice(from, to)) as unknown;
      } catch (inner) {
        const message = (inner as Error).message;
        const position = /position (\d+)/.exec(message);
        const where = position ? lineAndColumn(text, from + Number(position[1])) : null;
        throw new CoreError('INVALID_INPUT', `${input.fileName} is not valid JSON${where ? ` at line ${where.line}, column ${where.column}` : ''}: ${message}`);
      }
    });
  }
  documentsCache.set(input, documents);
  return documents;
};

/**
 * The items of a paginated export, whichever way the pages were written: one array, arrays back to
 * back, or `--slurp`'s array of page arrays. A lone object is one item.
 */
export const pageItems = (documents: readonly unknown[]): unknown[] => {
  const items: unknown[] = [];
  for (const document of documents) {
    if (!Array.isArray(document)) {
      items.push(document);
      continue;
    }
    for (const element of document) {
      if (Array.isArray(element)) for (const inner of element) items.push(inner);
      else items.push(element);
    }
  }
  return items;
};

const firstByte = (bytes: Uint8Array): number | undefined => {
  let i = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  while (i < bytes.length && (bytes[i] === 0x20 || bytes[i] === 0x0a || bytes[i] === 0x0d || bytes[i] === 0x09)) i++;
  return bytes[i];
};

/**
 * Recognition by the first few items (the peek the GitHub importers share, so detecting a kind never
 * parses a large export whole): true when every peeked item, or every first element of a `--slurp`
 * page, passes `test`. A file that does not start like JSON is not recognised; one that starts well
 * but is broken at once throws the malformed-JSON error with line and column, so an import of the
 * chosen kind says where the file is broken (detection catches it and moves on).
 */
export const recognisePeek = (input: ImportInput, test: (value: unknown) => boolean): boolean => {
  const start = firstByte(input.bytes);
  // An empty file says so ("… is empty: expected a JSON export") rather than "not this kind".
  if (start === undefined) throw explainUnreadable(input, 'a JSON export');
  if (start !== 0x5b && start !== 0x7b) return false;
  const peek = peekItems(input);
  if (peek.failed && peek.items.length === 0) throw explainUnreadable(input, 'a JSON export');
  const values = peek.items.flatMap((item) => (Array.isArray(item.value) ? item.value.slice(0, 3) : [item.value]));
  return values.length > 0 && values.every(test);
};

/**
 * An API date as ISO 8601 UTC to the second. GitLab and GitHub give `…Z` or an offset; a date without a zone (as
 * some GitLab payloads write "2016-08-16 10:23:19 UTC" or none at all) is read as UTC, never as the
 * importing machine's local time.
 */
export const isoDate = (value: unknown): string | null => {
  if (typeof value !== 'string' || value.trim() === '') return null;
  let text = value.trim().replace(/ UTC$/, 'Z');
  if (/^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(text)) text = `${text}Z`;
  text = text.replace(/^(\d{4}-\d{2}-\d{2}) (\d)/, '$1T$2');
  const time = Date.parse(text);
  return Number.isNaN(time) ? null : isoSeconds(time);
};

/**
 * An instant as every record table stores it: ISO 8601 UTC to the second ("2026-03-01T08:00:00Z"), as
 * GitHub and the git importer write it, so dates of different sources compare as strings. GitLab's
 * milliseconds are dropped.
 */
export const isoSeconds = (ms: number): string => `${new Date(ms).toISOString().slice(0, 19)}Z`;

/** Earliest and latest of some ISO dates (nulls ignored). */
export const dateRange = (dates: Iterable<string | null>): { start: string | null; end: string | null } => {
  let start: string | null = null;
  let end: string | null = null;
  for (const date of dates) {
    if (!date) continue;
    if (start === null || date < start) start = date;
    if (end === null || date > end) end = date;
  }
  return { start, end };
};

/** Runs through a long list in chunks, yielding to the event loop and honouring cancel between them. */
export const eachChunked = async <T>(items: readonly T[], ctx: ImportContext, message: string, visit: (item: T, index: number) => void): Promise<void> => {
  const CHUNK = 2000;
  for (let index = 0; index < items.length; index++) {
    if (index > 0 && index % CHUNK === 0) {
      ctx.progress(index / items.length, message);
      await breathe();
      throwIfCancelled(ctx.signal);
    }
    visit(items[index] as T, index);
  }
};

const isGitHubUrl = (url: string): boolean => /^https?:\/\/([^/]*\.)?github\.com(\/|$)/i.test(url) || /\/api\/v3\//.test(url);

/** True when a URL is a GitLab web URL (gitlab.com or a self-managed host), not a GitHub one. */
export const isGitLabWebUrl = (url: unknown): boolean => typeof url === 'string' && /^https?:\/\/[^/]+\//i.test(url) && !isGitHubUrl(url);

/**
 * The project path ("group/subgroup/project") in a GitLab web URL of a merge request or pipeline,
 * old style (`/group/project/merge_requests/1`) or new (`/group/project/-/merge_requests/1`).
 */
export const gitlabProjectPath = (url: unknown, what: 'merge_requests' | 'pipelines'): string | null => {
  if (typeof url !== 'string' || !isGitLabWebUrl(url)) return null;
  const match = new RegExp(`^https?://[^/]+/(.+?)/(?:-/)?${what}/\\d+(?:[/?#].*)?$`, 'i').exec(url);
  return match?.[1] ? decodeURIComponent(match[1]) : null;
};

/** The host of a GitLab web URL, for the provenance's source system: "GitLab (gitlab.com)". */
export const gitlabHost = (url: unknown): string | null => {
  if (typeof url !== 'string' || !isGitLabWebUrl(url)) return null;
  try {
    return new URL(url).host;
  } catch {
    return null;
  }
};

/** What a project is called when a file gives only its numeric id (the approvals endpoints do). */
export const projectById = (projectId: number | null): string => (projectId === null ? '' : `project ${projectId}`);

/**
 * GitLab bot accounts: users the API flags `bot: true`; project, group and service-account token
 * users (`project_123_bot_…`, `group_45_bot`, `service_account_…`); GitLab's own and the usual
 * dependency bots (`…-bot`, `…_bot`, `dependabot`, `renovate`, `GitLabDuo`); a GitHub-style `[bot]` suffix.
 */
export const isGitLabBot = (user: unknown): boolean => {
  if (!isObject(user)) return false;
  if (user.bot === true) return true;
  const username = str(user.username) ?? '';
  return (
    /^(project|group)_\d+_bot(_[0-9a-f]+)?$/i.test(username) ||
    /^service_account_/i.test(username) ||
    /[-_]bot$/i.test(username) ||
    /^(dependabot|renovate|gitlabduo)(\b|[-_]|$)/i.test(username) ||
    /\[bot\]$/i.test(username)
  );
};

/** Distinct values in first-seen order. */
export const distinct = <T>(values: Iterable<T>): T[] => [...new Set(values)];
