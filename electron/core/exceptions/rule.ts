import type Database from 'better-sqlite3';
import type { ExceptionSeverity, RecordRef } from '../../../shared/domain/evidence.js';

/** The observation period and time zone the rules judge against. */
export interface RulePeriod {
  periodStart: string;
  periodEnd: string;
  timeZone: string;
}

export interface Finding {
  /** Unique within the rule for the same underlying fact, e.g. "github:acme/api#12". */
  key: string;
  subject: string;
  occurredAt: string | null;
  /** One line a non-engineer understands. */
  explanation: string;
  evidence: RecordRef[];
  /** Overrides the rule's severity where one finding is worse than usual. */
  severity?: ExceptionSeverity;
}

export interface ExceptionRule {
  id: string;
  title: string;
  severity: ExceptionSeverity;
  /** Catalog ids of the controls this rule tests; findings are linked to those controls in the matrix. */
  controls: readonly string[];
  find(db: Database.Database, period: RulePeriod): Finding[];
}
