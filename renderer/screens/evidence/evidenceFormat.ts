import { recordTypes } from '../../../shared/contract/evidence.js';
import type { ControlInfo, RecordCell, RecordType } from '../../stores/evidence.js';

/** Formatting for the evidence screens, in the workspace's time zone (the one the period is agreed in). */

const formats = new Map<string, Intl.DateTimeFormat>();

const partsOf = (iso: string, timeZone: string): Record<string, string> | null => {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return null;
  let format = formats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    formats.set(timeZone, format);
  }
  const parts: Record<string, string> = {};
  for (const part of format.formatToParts(date)) parts[part.type] = part.value;
  return parts;
};

/** "2018-05-22" in the zone. A bare date (YYYY-MM-DD) is shown as it is. */
export const formatDate = (iso: string | null, timeZone: string): string => {
  if (!iso) return '—';
  if (/^\d{4}-\d{2}-\d{2}$/.test(iso)) return iso;
  const parts = partsOf(iso, timeZone);
  return parts ? `${parts.year}-${parts.month}-${parts.day}` : iso;
};

/** "2018-05-22 14:53" in the zone. */
export const formatDateTime = (iso: string | null, timeZone: string): string => {
  if (!iso) return '—';
  const parts = partsOf(iso, timeZone);
  return parts ? `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}` : iso;
};

export const formatPeriod = (start: string | null, end: string | null, timeZone: string): string => {
  if (!start && !end) return 'No dated records';
  const from = formatDate(start, timeZone);
  const to = formatDate(end, timeZone);
  return from === to ? from : `${from} – ${to}`;
};

export const formatSize = (bytes: number): string => {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
};

export const plural = (n: number, one: string, many = `${one}s`): string => `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;

/** "12 pull requests, 30 reviews" from counts by record type. */
export const formatRecordCounts = (records: Record<string, number>): string => {
  const entries = Object.entries(records).filter(([, n]) => n > 0);
  if (entries.length === 0) return 'no records';
  return entries.map(([type, n]) => `${n.toLocaleString('en-GB')} ${n === 1 ? singular(type) : type}`).join(', ');
};

const singulars: Record<string, string> = {
  commits: 'commit',
  'pull requests': 'pull request',
  reviews: 'review',
  'CI runs': 'CI run',
  deployments: 'deployment',
  'protection settings': 'protection setting',
  'activity events': 'activity event',
};
const singular = (type: string): string => singulars[type] ?? type;

/** A record type as a tab label: "Pull requests". */
export const recordTypeLabel = (type: string): string => type.charAt(0).toUpperCase() + type.slice(1);

/** "merged_by" -> "Merged by", "head_sha" -> "Head SHA". */
export const columnLabel = (column: string): string => {
  if (column.endsWith('_is_bot')) return 'Bot';
  const words = column.split('_').map((word) => (['sha', 'pr', 'id', 'ci'].includes(word) ? word.toUpperCase() : word));
  const text = words.join(' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
};

const isShaColumn = (column: string) => column === 'sha' || column.endsWith('_sha');
const isBoolColumn = (column: string) => column.startsWith('is_') || column.endsWith('_is_bot') || ['active', 'admins_can_bypass', 'force_push_allowed', 'deletion_allowed', 'author_can_approve'].includes(column);
const isTimeColumn = (column: string) => column.endsWith('_at') || column === 'at';

/** One cell of a records table, shown for reading; `title` carries the exact value. */
export const formatCell = (column: string, value: RecordCell, timeZone: string): { text: string; title: string; mono: boolean } => {
  if (value === null || value === '') return { text: '—', title: 'empty', mono: false };
  const exact = String(value);
  if (isBoolColumn(column) && (value === 0 || value === 1)) return { text: value === 1 ? 'yes' : 'no', title: exact, mono: false };
  if (isShaColumn(column) && typeof value === 'string') return { text: value.slice(0, 12), title: exact, mono: true };
  if (isTimeColumn(column) && typeof value === 'string') return { text: formatDateTime(value, timeZone), title: exact, mono: false };
  if (typeof value === 'string' && value.startsWith('[')) {
    try {
      const list = JSON.parse(value) as unknown;
      if (Array.isArray(list)) return { text: list.length ? list.join(', ') : 'none', title: exact, mono: false };
    } catch {
      // Not JSON after all: shown as it is.
    }
  }
  return { text: exact, title: exact, mono: false };
};

/** How wide a records column starts, by what it holds. */
export const columnWidth = (column: string): string => {
  if (isShaColumn(column)) return '136px';
  if (isTimeColumn(column)) return '136px';
  if (isBoolColumn(column)) return '88px';
  if (['number', 'pr_number', 'run_id', 'deployment_id', 'signature', 'state', 'status', 'conclusion', 'event'].includes(column)) return '96px';
  if (['title', 'subject', 'bypass_actors', 'required_checks'].includes(column)) return 'minmax(200px, 2fr)';
  return 'minmax(110px, 1fr)';
};

/**
 * The record type of the contract behind a RecordRef type: rules may name it as the contract does
 * ("pull requests"), by its table ("pull_requests") or by the importer's field ("pullRequests").
 */
const refTypeAliases: Record<string, RecordType> = {
  git_commits: 'commits',
  gitCommits: 'commits',
  commit: 'commits',
  pull_requests: 'pull requests',
  pullRequests: 'pull requests',
  'pull request': 'pull requests',
  pr: 'pull requests',
  pr_reviews: 'reviews',
  review: 'reviews',
  ci_runs: 'CI runs',
  ciRuns: 'CI runs',
  'CI run': 'CI runs',
  run: 'CI runs',
  deployment: 'deployments',
  protection_settings: 'protection settings',
  protection: 'protection settings',
  repo_activity: 'activity events',
  activity: 'activity events',
};

export const recordTypeOfRef = (type: string): RecordType | null => {
  const types = recordTypes as readonly string[];
  if (types.includes(type)) return type as RecordType;
  // Rules name one record: "pull request", "CI run", "protection setting".
  if (types.includes(`${type}s`)) return `${type}s` as RecordType;
  return refTypeAliases[type] ?? refTypeAliases[type.toLowerCase()] ?? null;
};

/**
 * Which rows of a records table a RecordRef key points at. Keys are written by the rules
 * ("owner/repo#12", "owner/repo#12 review 345", "owner/repo@sha", "owner/repo run 99",
 * "owner/repo deployment 7", "owner/repo classic-protection main @ time"); the tables show the
 * columns of the contract, so a key is matched on the columns it shares with them.
 */
export const recordMatcher = (columns: string[], key: string): ((row: RecordCell[]) => boolean) => {
  const at = (name: string) => columns.indexOf(name);
  const same = (index: number, value: string) => (row: RecordCell[]) => index >= 0 && row[index] !== null && String(row[index]) === value;
  let match = /[#!](\d+) review .+$/.exec(key);
  if (match?.[1] && at('pr_number') >= 0) return same(at('pr_number'), match[1]);
  match = /[#!](\d+)$/.exec(key);
  if (match?.[1] && at('number') >= 0) return same(at('number'), match[1]);
  match = /@([0-9a-f]{7,64})$/i.exec(key);
  if (match?.[1] && at('sha') >= 0) {
    const sha = match[1].toLowerCase();
    const index = at('sha');
    return (row) => typeof row[index] === 'string' && (row[index] as string).toLowerCase().startsWith(sha);
  }
  match = / run (\S+)$/.exec(key);
  if (match?.[1] && at('run_id') >= 0) return same(at('run_id'), match[1]);
  match = / deployment (\S+)$/.exec(key);
  if (match?.[1] && at('deployment_id') >= 0) return same(at('deployment_id'), match[1]);
  match = /^\S+ (\S+) (.+) @ \S+$/.exec(key);
  if (match?.[1] && match[2] && at('source') >= 0 && at('target') >= 0) {
    const [source, target] = [match[1], match[2]];
    return (row) => same(at('source'), source)(row) && same(at('target'), target)(row);
  }
  return (row) => row.some((cell) => cell !== null && String(cell) === key);
};

/** "self-merge" -> "Self merge": the contract gives rule ids only. */
export const ruleLabel = (rule: string): string => {
  const words = rule
    .split(/[-_.\s]+/)
    .filter(Boolean)
    .map((word) => (['ci', 'pr', 'prs', 'mr', 'mrs', 'sha', 'iac'].includes(word.toLowerCase()) ? word.toUpperCase().replace(/S$/, 's') : word));
  const text = words.join(' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
};

export const controlTitle = (controls: ControlInfo[] | null, id: string): string => controls?.find((control) => control.id === id)?.title ?? id;
