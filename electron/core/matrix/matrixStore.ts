import type Database from 'better-sqlite3';
import type { EvidenceKind } from '../../../shared/domain/evidenceKinds.js';
import type { CriteriaMap, MatrixRequirement } from '../../../shared/domain/matrix.js';
import type { ControlAutomation, ControlFrequency, ControlNature } from '../../../shared/catalog/index.js';
import { CoreError } from '../errors.js';

/** A control as stored, before status and gaps are worked out. */
export interface StoredControl {
  id: string;
  catalogId: string | null;
  title: string;
  description: string;
  nature: ControlNature;
  automation: ControlAutomation;
  frequency: ControlFrequency;
  evidenceKinds: EvidenceKind[];
  evidenceExpected: string;
  criteria: CriteriaMap;
  ownerId: string | null;
  performerId: string | null;
  reviewerId: string | null;
  notApplicableReason: string | null;
  requirementIds: string[];
}

interface ControlRow {
  id: string;
  catalog_id: string | null;
  title: string;
  description: string;
  nature: ControlNature;
  automation: ControlAutomation;
  frequency: ControlFrequency;
  evidence_kinds: string;
  evidence_expected: string;
  criteria: string;
  owner_id: string | null;
  performer_id: string | null;
  reviewer_id: string | null;
  not_applicable_reason: string | null;
}

interface RequirementRow {
  id: string;
  catalog_id: string | null;
  title: string;
  duty_a: string;
  duty_b: string;
  risk_statement: string;
  holder_a_id: string | null;
  holder_b_id: string | null;
  covered_by_acceptance: string | null;
  position: number;
}

interface LinkRow {
  requirement_id: string;
  control_id: string;
  rationale: string;
}

const links = (db: Database.Database): LinkRow[] =>
  db.prepare('SELECT l.* FROM matrix_links l JOIN matrix_requirements r ON r.id = l.requirement_id ORDER BY r.position, l.rowid').all() as LinkRow[];

export const readRequirements = (db: Database.Database): MatrixRequirement[] => {
  const allLinks = links(db);
  const rows = db.prepare('SELECT * FROM matrix_requirements ORDER BY position, created_at').all() as RequirementRow[];
  return rows.map((row) => ({
    id: row.id,
    catalogId: row.catalog_id,
    title: row.title,
    dutyA: row.duty_a,
    dutyB: row.duty_b,
    riskStatement: row.risk_statement,
    holderAId: row.holder_a_id,
    holderBId: row.holder_b_id,
    coveredByAcceptance: row.covered_by_acceptance,
    position: row.position,
    controls: allLinks.filter((link) => link.requirement_id === row.id).map((link) => ({ controlId: link.control_id, rationale: link.rationale })),
  }));
};

const toControl = (row: ControlRow, requirementIds: string[]): StoredControl => ({
  id: row.id,
  catalogId: row.catalog_id,
  title: row.title,
  description: row.description,
  nature: row.nature,
  automation: row.automation,
  frequency: row.frequency,
  evidenceKinds: JSON.parse(row.evidence_kinds) as EvidenceKind[],
  evidenceExpected: row.evidence_expected,
  criteria: JSON.parse(row.criteria) as CriteriaMap,
  ownerId: row.owner_id,
  performerId: row.performer_id,
  reviewerId: row.reviewer_id,
  notApplicableReason: row.not_applicable_reason,
  requirementIds,
});

export const readControls = (db: Database.Database): StoredControl[] => {
  const allLinks = links(db);
  const rows = db.prepare('SELECT * FROM matrix_controls ORDER BY created_at, rowid').all() as ControlRow[];
  return rows.map((row) => toControl(row, allLinks.filter((link) => link.control_id === row.id).map((link) => link.requirement_id)));
};

export const readRequirement = (db: Database.Database, id: string): MatrixRequirement => {
  const requirement = readRequirements(db).find((candidate) => candidate.id === id);
  if (!requirement) throw new CoreError('NOT_FOUND', 'That requirement is not in the matrix');
  return requirement;
};

export const readControl = (db: Database.Database, id: string): StoredControl => {
  const row = db.prepare('SELECT * FROM matrix_controls WHERE id = ?').get(id) as ControlRow | undefined;
  if (!row) throw new CoreError('NOT_FOUND', 'That control is not in the matrix');
  const requirementIds = (db.prepare('SELECT requirement_id FROM matrix_links WHERE control_id = ?').all(id) as { requirement_id: string }[]).map(
    (link) => link.requirement_id,
  );
  return toControl(row, requirementIds);
};

export const insertRequirement = (db: Database.Database, requirement: Omit<MatrixRequirement, 'controls'>, createdAt: string): void => {
  db.prepare(
    `INSERT INTO matrix_requirements (id, catalog_id, title, duty_a, duty_b, risk_statement, holder_a_id, holder_b_id, covered_by_acceptance, position, created_at)
     VALUES (@id, @catalogId, @title, @dutyA, @dutyB, @riskStatement, @holderAId, @holderBId, @coveredByAcceptance, @position, @createdAt)`,
  ).run({ ...requirement, createdAt });
};

export const writeRequirement = (db: Database.Database, requirement: Omit<MatrixRequirement, 'controls'>): void => {
  db.prepare(
    `UPDATE matrix_requirements SET title = @title, duty_a = @dutyA, duty_b = @dutyB, risk_statement = @riskStatement,
       holder_a_id = @holderAId, holder_b_id = @holderBId, covered_by_acceptance = @coveredByAcceptance, position = @position WHERE id = @id`,
  ).run(requirement);
};

const controlParams = (control: Omit<StoredControl, 'requirementIds'>) => ({
  ...control,
  evidenceKinds: JSON.stringify(control.evidenceKinds),
  criteria: JSON.stringify(control.criteria),
});

export const insertControl = (db: Database.Database, control: Omit<StoredControl, 'requirementIds'>, createdAt: string): void => {
  db.prepare(
    `INSERT INTO matrix_controls (id, catalog_id, title, description, nature, automation, frequency, evidence_kinds, evidence_expected, criteria,
       owner_id, performer_id, reviewer_id, not_applicable_reason, created_at)
     VALUES (@id, @catalogId, @title, @description, @nature, @automation, @frequency, @evidenceKinds, @evidenceExpected, @criteria,
       @ownerId, @performerId, @reviewerId, @notApplicableReason, @createdAt)`,
  ).run({ ...controlParams(control), createdAt });
};

export const writeControl = (db: Database.Database, control: Omit<StoredControl, 'requirementIds'>): void => {
  db.prepare(
    `UPDATE matrix_controls SET title = @title, description = @description, frequency = @frequency, evidence_kinds = @evidenceKinds,
       evidence_expected = @evidenceExpected, criteria = @criteria, owner_id = @ownerId, performer_id = @performerId,
       reviewer_id = @reviewerId, not_applicable_reason = @notApplicableReason WHERE id = @id`,
  ).run(controlParams(control));
};

export const linkControl = (db: Database.Database, requirementId: string, controlId: string, rationale: string): void => {
  db.prepare('INSERT INTO matrix_links (requirement_id, control_id, rationale) VALUES (?, ?, ?) ON CONFLICT DO UPDATE SET rationale = excluded.rationale').run(
    requirementId,
    controlId,
    rationale,
  );
};

/** Removes controls no requirement uses any more; returns what was removed, for the audit trail. */
export const removeOrphanControls = (db: Database.Database): StoredControl[] => {
  const orphans = readControls(db).filter((control) => control.requirementIds.length === 0);
  const remove = db.prepare('DELETE FROM matrix_controls WHERE id = ?');
  for (const orphan of orphans) remove.run(orphan.id);
  return orphans;
};
