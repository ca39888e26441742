import type Database from 'better-sqlite3';
import type { EvidenceKind } from '../../../shared/domain/evidenceKinds.js';
import type { EvidenceItem, EvidenceStatus } from '../../../shared/domain/evidence.js';
import { CoreError } from '../errors.js';

interface EvidenceRow {
  id: string;
  title: string;
  kind: EvidenceKind;
  file_name: string;
  media_type: string;
  size: number;
  sha256: string;
  source_system: string;
  collection_method: string;
  filters: string | null;
  collected_at: string;
  period_start: string | null;
  period_end: string | null;
  imported_at: string;
  imported_by_name: string;
  importer_version: string;
  record_count: number;
  records_by_type: string;
  status: EvidenceStatus;
  comments: string | null;
  control_ids: string | null;
}

const SELECT = `SELECT e.*, (SELECT group_concat(control_id, ' ') FROM evidence_controls c WHERE c.evidence_id = e.id) AS control_ids FROM evidence_items e`;

const toItem = (row: EvidenceRow): EvidenceItem => ({
  id: row.id,
  title: row.title,
  kind: row.kind,
  fileName: row.file_name,
  mediaType: row.media_type,
  size: row.size,
  sha256: row.sha256,
  provenance: {
    sourceSystem: row.source_system,
    collectionMethod: row.collection_method,
    filters: row.filters,
    collectedAt: row.collected_at,
    periodStart: row.period_start,
    periodEnd: row.period_end,
    importedAt: row.imported_at,
    importedBy: row.imported_by_name,
    importerVersion: row.importer_version,
    recordCount: row.record_count,
  },
  status: row.status,
  comments: row.comments,
  controlIds: row.control_ids ? row.control_ids.split(' ') : [],
  records: JSON.parse(row.records_by_type) as Record<string, number>,
});

export interface EvidenceFilter {
  kind?: EvidenceKind | undefined;
  controlId?: string | undefined;
  search?: string | undefined;
  offset: number;
  limit: number;
}

/** A page of evidence items, newest first, filtered in SQL so the screen never loads them all. */
export const listEvidence = (db: Database.Database, filter: EvidenceFilter): { total: number; items: EvidenceItem[] } => {
  const where: string[] = [];
  const params: Record<string, unknown> = { limit: filter.limit, offset: filter.offset };
  if (filter.kind) {
    where.push('e.kind = @kind');
    params.kind = filter.kind;
  }
  if (filter.controlId) {
    where.push('EXISTS (SELECT 1 FROM evidence_controls c WHERE c.evidence_id = e.id AND c.control_id = @controlId)');
    params.controlId = filter.controlId;
  }
  if (filter.search) {
    where.push("(e.title LIKE @search ESCAPE '\\' OR e.file_name LIKE @search ESCAPE '\\' OR e.id LIKE @search ESCAPE '\\' OR e.sha256 LIKE @search ESCAPE '\\')");
    params.search = `%${filter.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  }
  const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const total = (db.prepare(`SELECT count(*) AS n FROM evidence_items e ${clause}`).get(params) as { n: number }).n;
  const rows = db.prepare(`${SELECT} ${clause} ORDER BY e.imported_at DESC, e.id DESC LIMIT @limit OFFSET @offset`).all(params) as EvidenceRow[];
  return { total, items: rows.map(toItem) };
};

export const getEvidence = (db: Database.Database, id: string): EvidenceItem => {
  const row = db.prepare(`${SELECT} WHERE e.id = ?`).get(id) as EvidenceRow | undefined;
  if (!row) throw new CoreError('NOT_FOUND', `There is no evidence item ${id}`);
  return toItem(row);
};

/** The record tables an evidence item can have rows in, with the columns shown for each. */
export const recordTables = {
  commits: { table: 'git_commits', order: 'committed_at DESC', columns: ['sha', 'committed_at', 'author_name', 'committer_email', 'arrival', 'pr_number', 'signature', 'subject'] },
  'pull requests': { table: 'pull_requests', order: 'number DESC', columns: ['number', 'title', 'author', 'merged_by', 'merged_at', 'base_branch', 'merge_commit_sha', 'state'] },
  reviews: { table: 'pr_reviews', order: 'pr_number DESC, submitted_at', columns: ['pr_number', 'reviewer', 'reviewer_is_bot', 'state', 'submitted_at', 'commit_sha'] },
  'CI runs': { table: 'ci_runs', order: 'started_at DESC', columns: ['run_id', 'workflow', 'head_sha', 'branch', 'event', 'status', 'conclusion', 'started_at'] },
  deployments: { table: 'deployments', order: 'created_at DESC', columns: ['deployment_id', 'environment', 'sha', 'ref', 'creator', 'created_at', 'latest_state'] },
  'protection settings': {
    table: 'protection_settings',
    order: 'rowid',
    columns: ['source', 'target', 'active', 'required_approvals', 'admins_can_bypass', 'bypass_actors', 'force_push_allowed', 'deletion_allowed', 'required_checks'],
  },
  'activity events': { table: 'repo_activity', order: 'at DESC', columns: ['activity_type', 'ref', 'actor', 'before_sha', 'after_sha', 'at'] },
} as const;
export type RecordType = keyof typeof recordTables;

export const listEvidenceRecords = (
  db: Database.Database,
  evidenceId: string,
  type: RecordType,
  offset: number,
  limit: number,
): { total: number; columns: string[]; rows: (string | number | null)[][] } => {
  const spec = recordTables[type];
  const total = (db.prepare(`SELECT count(*) AS n FROM ${spec.table} WHERE evidence_id = ?`).get(evidenceId) as { n: number }).n;
  const rows = db
    .prepare(`SELECT ${spec.columns.join(', ')} FROM ${spec.table} WHERE evidence_id = ? ORDER BY ${spec.order} LIMIT ? OFFSET ?`)
    .raw()
    .all(evidenceId, limit, offset) as (string | number | null)[][];
  return { total, columns: [...spec.columns], rows };
};
