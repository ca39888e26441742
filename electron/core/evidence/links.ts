import type Database from 'better-sqlite3';
import { refreshExceptions } from '../exceptions/refresh.js';
import { exceptionRules } from '../exceptions/rules/index.js';

/**
 * Links evidence and exceptions to the matrix as it stands: an evidence item proves every active
 * control that expects its kind; an exception counts against the controls its rule tests. Run after
 * an import and after any matrix change, so links never go stale.
 */
export const relinkToMatrix = (db: Database.Database): void => {
  db.exec(`
    DELETE FROM evidence_controls;
    INSERT INTO evidence_controls (evidence_id, control_id)
      SELECT e.id, c.id FROM evidence_items e
      JOIN matrix_controls c ON c.not_applicable_reason IS NULL
       AND EXISTS (SELECT 1 FROM json_each(c.evidence_kinds) k WHERE k.value = e.kind);
    DELETE FROM exception_controls;
  `);
  const link = db.prepare(
    `INSERT OR IGNORE INTO exception_controls (exception_id, control_id)
     SELECT x.id, c.id FROM exceptions x JOIN matrix_controls c ON c.catalog_id = ? WHERE x.rule = ?`,
  );
  for (const rule of exceptionRules) for (const catalogId of rule.controls) link.run(catalogId, rule.id);
};

/** Evidence items, open high/medium exceptions, and low findings to confirm, per control, for the control's status. */
export const controlFacts = (db: Database.Database): Map<string, { evidence: number; openExceptions: number; findingsToConfirm: number }> => {
  const facts = new Map<string, { evidence: number; openExceptions: number; findingsToConfirm: number }>();
  const entry = (id: string) => facts.get(id) ?? facts.set(id, { evidence: 0, openExceptions: 0, findingsToConfirm: 0 }).get(id)!;
  for (const row of db.prepare('SELECT control_id, count(*) AS n FROM evidence_controls GROUP BY control_id').all() as { control_id: string; n: number }[]) {
    entry(row.control_id).evidence = row.n;
  }
  for (const row of db
    .prepare(
      `SELECT c.control_id, sum(x.severity IN ('high', 'medium')) AS serious, sum(x.severity = 'low') AS low
       FROM exception_controls c JOIN exceptions x ON x.id = c.exception_id WHERE x.status = 'open' GROUP BY c.control_id`,
    )
    .all() as { control_id: string; serious: number; low: number }[]) {
    entry(row.control_id).openExceptions = row.serious;
    entry(row.control_id).findingsToConfirm = row.low;
  }
  return facts;
};

/**
 * After a matrix change: whether some findings apply depends on the matrix (a bot's approval is the
 * automated review only where the matrix names that control), so the register is refreshed, then linked.
 */
export const refreshAgainstMatrix = (db: Database.Database, now: Date): void => {
  const period = db.prepare('SELECT period_start AS periodStart, period_end AS periodEnd, time_zone AS timeZone FROM workspace_profile WHERE id = 1').get() as
    | { periodStart: string; periodEnd: string; timeZone: string }
    | undefined;
  if (period) refreshExceptions(db, period, now);
  relinkToMatrix(db);
};
