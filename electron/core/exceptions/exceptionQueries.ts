import type Database from 'better-sqlite3';
import type { EvidenceException, ExceptionSeverity, RecordRef } from '../../../shared/domain/evidence.js';
import { CoreError } from '../errors.js';

interface ExceptionRow {
  id: string;
  rule: string;
  severity: ExceptionSeverity;
  subject: string;
  occurred_at: string | null;
  explanation: string;
  evidence: string;
  status: EvidenceException['status'];
  first_detected_at: string;
  control_ids: string | null;
}

const SELECT = `SELECT x.*, (SELECT group_concat(control_id, ' ') FROM exception_controls c WHERE c.exception_id = x.id) AS control_ids FROM exceptions x`;
const SEVERITY_ORDER = "CASE x.severity WHEN 'high' THEN 0 WHEN 'medium' THEN 1 ELSE 2 END";

const toException = (row: ExceptionRow): EvidenceException => ({
  id: row.id,
  rule: row.rule,
  severity: row.severity,
  subject: row.subject,
  occurredAt: row.occurred_at,
  explanation: row.explanation,
  evidence: JSON.parse(row.evidence) as RecordRef[],
  controlIds: row.control_ids ? row.control_ids.split(' ') : [],
  status: row.status,
  firstDetectedAt: row.first_detected_at,
});

export interface ExceptionFilter {
  rule?: string | undefined;
  severity?: ExceptionSeverity | undefined;
  controlId?: string | undefined;
  includeResolved?: boolean | undefined;
  offset: number;
  limit: number;
}

export const listExceptions = (db: Database.Database, filter: ExceptionFilter): { total: number; items: EvidenceException[]; rules: { rule: string; open: number }[] } => {
  const where: string[] = [];
  const params: Record<string, unknown> = { limit: filter.limit, offset: filter.offset };
  if (!filter.includeResolved) where.push("x.status = 'open'");
  if (filter.rule) {
    where.push('x.rule = @rule');
    params.rule = filter.rule;
  }
  if (filter.severity) {
    where.push('x.severity = @severity');
    params.severity = filter.severity;
  }
  if (filter.controlId) {
    where.push('EXISTS (SELECT 1 FROM exception_controls c WHERE c.exception_id = x.id AND c.control_id = @controlId)');
    params.controlId = filter.controlId;
  }
  const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const total = (db.prepare(`SELECT count(*) AS n FROM exceptions x ${clause}`).get(params) as { n: number }).n;
  const rows = db.prepare(`${SELECT} ${clause} ORDER BY ${SEVERITY_ORDER}, x.occurred_at DESC, x.id LIMIT @limit OFFSET @offset`).all(params) as ExceptionRow[];
  const rules = db.prepare("SELECT rule, count(*) AS open FROM exceptions WHERE status = 'open' GROUP BY rule ORDER BY rule").all() as { rule: string; open: number }[];
  return { total, items: rows.map(toException), rules };
};

export const getException = (db: Database.Database, id: string): EvidenceException => {
  const row = db.prepare(`${SELECT} WHERE x.id = ?`).get(id) as ExceptionRow | undefined;
  if (!row) throw new CoreError('NOT_FOUND', `There is no exception ${id}`);
  return toException(row);
};
