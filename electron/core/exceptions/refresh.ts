import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { RulePeriod } from './rule.js';
import { exceptionRules } from './rules/index.js';

export interface RefreshOutcome {
  total: number;
  new: number;
  noLongerDetected: number;
}

const nextExceptionNumber = (db: Database.Database): number =>
  (db.prepare("SELECT coalesce(max(CAST(substr(id, 4) AS INTEGER)), 0) AS n FROM exceptions").get() as { n: number }).n + 1;

/**
 * Runs every rule over the records and brings the register up to date: a finding seen before keeps
 * its id (its disposition will hang on it), a new one gets the next EX- number, and one the data no
 * longer shows is marked so rather than deleted. Call inside the transaction that changed the records.
 */
export const refreshExceptions = (db: Database.Database, period: RulePeriod, now: Date): RefreshOutcome => {
  const at = now.toISOString();
  const seen = new Set<string>();
  let created = 0;
  let number = nextExceptionNumber(db);
  const find = db.prepare('SELECT id, severity, subject, occurred_at, explanation, evidence, status FROM exceptions WHERE fingerprint = ?');
  const insert = db.prepare(
    `INSERT INTO exceptions (id, fingerprint, rule, severity, subject, occurred_at, explanation, evidence, status, first_detected_at, last_changed_at)
     VALUES (@id, @fingerprint, @rule, @severity, @subject, @occurredAt, @explanation, @evidence, 'open', @at, @at)`,
  );
  const update = db.prepare(
    `UPDATE exceptions SET severity = @severity, subject = @subject, occurred_at = @occurredAt, explanation = @explanation,
       evidence = @evidence, status = 'open', last_changed_at = @at WHERE id = @id`,
  );

  for (const rule of exceptionRules) {
    for (const finding of rule.find(db, period)) {
      const fingerprint = createHash('sha256').update(`${rule.id}\n${finding.key}`).digest('hex');
      if (seen.has(fingerprint)) continue;
      seen.add(fingerprint);
      const existing = find.get(fingerprint) as
        | { id: string; severity: string; subject: string; occurred_at: string | null; explanation: string; evidence: string; status: string }
        | undefined;
      const row = {
        fingerprint,
        rule: rule.id,
        severity: finding.severity ?? rule.severity,
        subject: finding.subject,
        occurredAt: finding.occurredAt,
        explanation: finding.explanation,
        evidence: JSON.stringify(finding.evidence),
        at,
      };
      if (existing) {
        // Most findings are unchanged from the last run: write only what moved.
        const unchanged =
          existing.status === 'open' &&
          existing.severity === row.severity &&
          existing.subject === row.subject &&
          existing.occurred_at === row.occurredAt &&
          existing.explanation === row.explanation &&
          existing.evidence === row.evidence;
        if (!unchanged) update.run({ ...row, id: existing.id });
      } else {
        insert.run({ ...row, id: `EX-${String(number++).padStart(4, '0')}` });
        created++;
      }
    }
  }
  const open = db.prepare("SELECT id, fingerprint FROM exceptions WHERE status = 'open'").all() as { id: string; fingerprint: string }[];
  const retire = db.prepare("UPDATE exceptions SET status = 'no_longer_detected' WHERE id = ?");
  let retired = 0;
  for (const row of open) {
    if (!seen.has(row.fingerprint)) {
      retire.run(row.id);
      retired++;
    }
  }
  return { total: seen.size, new: created, noLongerDetected: retired };
};
