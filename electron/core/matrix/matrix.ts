import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import { CATALOG_VERSION, findCatalogControl, findCatalogRequirement, sodRequirements } from '../../../shared/catalog/index.js';
import { wizardSteps, type MatrixRequirement, type MatrixView, type ProposedRequirement, type WizardAnswers, type WizardState, type WizardStep } from '../../../shared/domain/matrix.js';
import { CoreError } from '../errors.js';
import { getPerson, listPeople } from '../people/people.js';
import type { Actor } from '../workspace/auditChain.js';
import type { ChangeRecorder, Workspace } from '../workspace/workspace.js';
import { controlFacts, refreshAgainstMatrix } from '../evidence/links.js';
import { checkMatrixGaps, withStatus } from './gapCheck.js';
import {
  insertControl,
  insertRequirement,
  linkControl,
  readControl,
  readControls,
  readRequirement,
  readRequirements,
  removeOrphanControls,
  writeControl,
  writeRequirement,
  type StoredControl,
} from './matrixStore.js';
import { defaultAssignment, evidenceKindsFor, proposeMatrix, soloTemplateAnswers } from './propose.js';

export const readWizard = (db: Database.Database): WizardState | null => {
  const row = db.prepare('SELECT * FROM matrix_wizard WHERE id = 1').get() as
    | { step: WizardStep; answers: string; catalog_version: string; updated_at: string }
    | undefined;
  return row ? { step: row.step, answers: JSON.parse(row.answers) as WizardAnswers, catalogVersion: row.catalog_version, updatedAt: row.updated_at } : null;
};

export const readMatrix = (db: Database.Database): MatrixView => {
  const people = listPeople(db);
  const requirements = readRequirements(db);
  const controls = readControls(db);
  const facts = controlFacts(db);
  return {
    requirements,
    controls: controls.map((control) => withStatus(control, people, facts.get(control.id))),
    gaps: checkMatrixGaps(requirements, controls, people),
    wizard: readWizard(db),
    catalogVersion: CATALOG_VERSION,
  };
};

const assertPeopleExist = (db: Database.Database, ids: (string | null | undefined)[]): void => {
  for (const id of ids) if (id) getPerson(db, id);
};

export const saveWizard = (workspace: Workspace, actor: Actor, step: WizardStep, answers: WizardAnswers): WizardState =>
  workspace.change(actor, (tx) => {
    const before = readWizard(tx.db);
    const needsAnswers = wizardSteps.indexOf(step) >= wizardSteps.indexOf('proposal');
    if (needsAnswers && (!answers.organisation || !answers.tooling)) {
      throw new CoreError('CONFLICT', 'Answer the Organisation and Tooling steps before going on to the proposal.');
    }
    if (step === 'tooling' && !answers.organisation) throw new CoreError('CONFLICT', 'Answer the Organisation step first.');
    for (const holders of Object.values(answers.organisation?.dutyHolders ?? {})) assertPeopleExist(tx.db, [holders.holderAId, holders.holderBId]);
    const after: WizardState = { step, answers, catalogVersion: CATALOG_VERSION, updatedAt: tx.now.toISOString() };
    tx.db
      .prepare(
        `INSERT INTO matrix_wizard (id, step, answers, catalog_version, updated_at) VALUES (1, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET step = excluded.step, answers = excluded.answers, catalog_version = excluded.catalog_version, updated_at = excluded.updated_at`,
      )
      .run(step, JSON.stringify(answers), CATALOG_VERSION, after.updatedAt);
    tx.record({ action: 'matrix.wizard.saved', entityType: 'matrix-wizard', entityId: 'wizard', before, after });
    return after;
  });

export const proposeFromWizard = (db: Database.Database): ProposedRequirement[] => {
  const wizard = readWizard(db);
  if (!wizard?.answers.organisation || !wizard.answers.tooling) {
    throw new CoreError('CONFLICT', 'Answer the Organisation and Tooling steps first: the proposal is built from them.');
  }
  return proposeMatrix(wizard.answers.organisation, wizard.answers.tooling, listPeople(db));
};

/** Writes the accepted proposal. Catalog requirements it covers are replaced; custom rows are kept. */
const writeProposal = (tx: ChangeRecorder, proposal: ProposedRequirement[]): void => {
  const { db } = tx;
  const now = tx.now.toISOString();
  const seen = new Set<string>();
  for (const proposed of proposal) {
    if (!findCatalogRequirement(proposed.catalogId)) throw new CoreError('INVALID_INPUT', `${proposed.catalogId} is not a requirement in the catalog`);
    if (seen.has(proposed.catalogId)) throw new CoreError('INVALID_INPUT', `${proposed.catalogId} appears more than once in the proposal`);
    seen.add(proposed.catalogId);
    assertPeopleExist(db, [proposed.holderAId, proposed.holderBId, ...proposed.controls.flatMap((c) => [c.ownerId, c.performerId, c.reviewerId])]);
  }
  // Replace the catalog rows this proposal speaks for.
  const before = readMatrix(db);
  for (const proposed of proposal) {
    const existing = before.requirements.find((requirement) => requirement.catalogId === proposed.catalogId);
    if (existing) db.prepare('DELETE FROM matrix_requirements WHERE id = ?').run(existing.id);
  }
  const position = (catalogId: string) => sodRequirements.findIndex((requirement) => requirement.id === catalogId);
  for (const proposed of proposal.filter((row) => row.include)) {
    const catalog = findCatalogRequirement(proposed.catalogId)!;
    const requirementId = randomUUID();
    insertRequirement(
      db,
      {
        id: requirementId,
        catalogId: catalog.id,
        title: catalog.title,
        dutyA: catalog.conflictingDuties[0],
        dutyB: catalog.conflictingDuties[1],
        riskStatement: catalog.riskStatement,
        holderAId: proposed.holderAId,
        holderBId: proposed.holderBId,
        coveredByAcceptance: null,
        position: position(catalog.id),
      },
      now,
    );
    for (const proposedControl of proposed.controls.filter((control) => control.include)) {
      const catalogControl = findCatalogControl(proposedControl.catalogId);
      if (!catalogControl) throw new CoreError('INVALID_INPUT', `${proposedControl.catalogId} is not a control in the catalog`);
      const existing = db.prepare('SELECT id FROM matrix_controls WHERE catalog_id = ?').get(catalogControl.id) as { id: string } | undefined;
      const fields = {
        catalogId: catalogControl.id,
        title: catalogControl.title,
        description: catalogControl.description,
        nature: catalogControl.nature,
        automation: catalogControl.automation,
        frequency: proposedControl.frequency,
        evidenceKinds: proposedControl.evidenceKinds,
        evidenceExpected: catalogControl.evidenceExpected,
        criteria: { soc2: [...catalogControl.criteria.soc2], iso27001: [...catalogControl.criteria.iso27001] },
        ownerId: proposedControl.ownerId,
        performerId: proposedControl.performerId,
        reviewerId: proposedControl.reviewerId,
        notApplicableReason: null,
      };
      const controlId = existing?.id ?? randomUUID();
      if (existing) writeControl(db, { id: controlId, ...fields });
      else insertControl(db, { id: controlId, ...fields }, now);
      linkControl(db, requirementId, controlId, proposedControl.why);
    }
  }
  removeOrphanControls(db);
  refreshAgainstMatrix(db, tx.now);
  const after = readMatrix(db);
  tx.record({
    action: 'matrix.proposal.applied',
    entityType: 'matrix',
    entityId: 'matrix',
    before: { requirements: before.requirements, controls: before.controls },
    after: { requirements: after.requirements, controls: after.controls, catalogVersion: CATALOG_VERSION },
  });
};

export const applyProposal = (workspace: Workspace, actor: Actor, proposal: ProposedRequirement[], justification?: string): MatrixView =>
  workspace.change(actor, (tx) => {
    writeProposal(tx, proposal);
    if (justification) tx.record({ action: 'matrix.justified', entityType: 'matrix', entityId: 'matrix', before: null, after: null, justification });
    return readMatrix(tx.db);
  });

/** The solo-founder template: the builder's answers for one person on GitHub, Actions, AWS and Terraform, accepted as proposed. */
export const applySoloTemplate = (workspace: Workspace, actor: Actor, justification?: string): MatrixView =>
  workspace.change(actor, (tx) => {
    const people = listPeople(tx.db);
    const answers = soloTemplateAnswers(people, workspace.profile().frameworks);
    const proposal = proposeMatrix(answers.organisation, answers.tooling, people);
    writeProposal(tx, proposal);
    tx.record({ action: 'matrix.template.applied', entityType: 'matrix', entityId: 'template:solo', before: null, after: { template: 'solo', answers }, justification: justification ?? null });
    return readMatrix(tx.db);
  });

export interface RequirementFields {
  title: string;
  dutyA: string;
  dutyB: string;
  riskStatement: string;
  holderAId: string | null;
  holderBId: string | null;
  justification?: string | undefined;
}

export const addRequirement = (workspace: Workspace, actor: Actor, fields: RequirementFields): MatrixRequirement =>
  workspace.change(actor, (tx) => {
    assertPeopleExist(tx.db, [fields.holderAId, fields.holderBId]);
    const last = tx.db.prepare('SELECT coalesce(max(position), -1) AS p FROM matrix_requirements').get() as { p: number };
    const requirement = {
      id: randomUUID(),
      catalogId: null,
      title: fields.title,
      dutyA: fields.dutyA,
      dutyB: fields.dutyB,
      riskStatement: fields.riskStatement,
      holderAId: fields.holderAId,
      holderBId: fields.holderBId,
      coveredByAcceptance: null,
      position: Math.max(last.p + 1, sodRequirements.length),
    };
    insertRequirement(tx.db, requirement, tx.now.toISOString());
    tx.record({ action: 'matrix.requirement.added', entityType: 'matrix-requirement', entityId: requirement.id, before: null, after: requirement, justification: fields.justification ?? null });
    return readRequirement(tx.db, requirement.id);
  });

export type RequirementChanges = Partial<Omit<RequirementFields, 'justification'>> & {
  id: string;
  coveredByAcceptance?: string | null | undefined;
  justification?: string | undefined;
};

const defined = <T extends object>(changes: T): Partial<T> => Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined)) as Partial<T>;

export const updateRequirement = (workspace: Workspace, actor: Actor, changes: RequirementChanges): MatrixRequirement =>
  workspace.change(actor, (tx) => {
    const before = readRequirement(tx.db, changes.id);
    const { id: _id, justification, ...fields } = changes;
    assertPeopleExist(tx.db, [fields.holderAId, fields.holderBId]);
    const after = { ...before, ...defined(fields) };
    writeRequirement(tx.db, after);
    tx.record({ action: 'matrix.requirement.updated', entityType: 'matrix-requirement', entityId: before.id, before, after, justification: justification ?? null });
    return readRequirement(tx.db, before.id);
  });

export const removeRequirement = (workspace: Workspace, actor: Actor, id: string, justification: string): MatrixView =>
  workspace.change(actor, (tx) => {
    const before = readRequirement(tx.db, id);
    tx.db.prepare('DELETE FROM matrix_requirements WHERE id = ?').run(id);
    tx.record({ action: 'matrix.requirement.removed', entityType: 'matrix-requirement', entityId: id, before, after: null, justification });
    for (const orphan of removeOrphanControls(tx.db)) {
      tx.record({ action: 'matrix.control.removed', entityType: 'matrix-control', entityId: orphan.id, before: orphan, after: null, justification: 'No requirement uses it any more' });
    }
    refreshAgainstMatrix(tx.db, tx.now);
    return readMatrix(tx.db);
  });

export type NewControl =
  | { requirementId: string; catalogId: string; custom?: undefined; rationale: string; justification?: string | undefined }
  | { requirementId: string; catalogId?: undefined; custom: Omit<StoredControl, 'id' | 'catalogId' | 'ownerId' | 'performerId' | 'reviewerId' | 'notApplicableReason' | 'requirementIds'>; rationale: string; justification?: string | undefined };

export const addControl = (workspace: Workspace, actor: Actor, input: NewControl): MatrixView =>
  workspace.change(actor, (tx) => {
    const requirement = readRequirement(tx.db, input.requirementId);
    let controlId: string;
    if (input.catalogId) {
      const catalog = findCatalogControl(input.catalogId);
      if (!catalog) throw new CoreError('NOT_FOUND', `${input.catalogId} is not a control in the catalog`);
      const existing = tx.db.prepare('SELECT id FROM matrix_controls WHERE catalog_id = ?').get(catalog.id) as { id: string } | undefined;
      controlId = existing?.id ?? randomUUID();
      if (!existing) {
        const control = {
          id: controlId,
          catalogId: catalog.id,
          title: catalog.title,
          description: catalog.description,
          nature: catalog.nature,
          automation: catalog.automation,
          frequency: catalog.frequency,
          // The same defaults as the guided builder: the evidence the organisation's tools produce, and an independent reviewer.
          evidenceKinds: evidenceKindsFor(catalog, readWizard(tx.db)?.answers.tooling),
          evidenceExpected: catalog.evidenceExpected,
          criteria: { soc2: [...catalog.criteria.soc2], iso27001: [...catalog.criteria.iso27001] },
          ...defaultAssignment(catalog.id, listPeople(tx.db), requirement.holderAId),
          notApplicableReason: null,
        };
        insertControl(tx.db, control, tx.now.toISOString());
        tx.record({ action: 'matrix.control.added', entityType: 'matrix-control', entityId: controlId, before: null, after: control });
      }
    } else if (input.custom) {
      controlId = randomUUID();
      const control = { id: controlId, catalogId: null, ...input.custom, ownerId: null, performerId: null, reviewerId: null, notApplicableReason: null };
      insertControl(tx.db, control, tx.now.toISOString());
      tx.record({ action: 'matrix.control.added', entityType: 'matrix-control', entityId: controlId, before: null, after: control });
    } else {
      throw new CoreError('INVALID_INPUT', 'Give either a catalog control or a custom control');
    }
    if (requirement.controls.some((link) => link.controlId === controlId)) {
      throw new CoreError('CONFLICT', 'That control already compensates for this requirement');
    }
    linkControl(tx.db, requirement.id, controlId, input.rationale);
    tx.record({
      action: 'matrix.control.linked',
      entityType: 'matrix-link',
      entityId: `${requirement.id}/${controlId}`,
      before: null,
      after: { requirementId: requirement.id, controlId, rationale: input.rationale },
      justification: input.justification ?? null,
    });
    refreshAgainstMatrix(tx.db, tx.now);
    return readMatrix(tx.db);
  });

export type ControlChanges = Partial<Pick<StoredControl, 'title' | 'description' | 'frequency' | 'evidenceKinds' | 'evidenceExpected' | 'criteria' | 'ownerId' | 'performerId' | 'reviewerId' | 'notApplicableReason'>> & {
  id: string;
  justification?: string | undefined;
};

export const updateControl = (workspace: Workspace, actor: Actor, changes: ControlChanges) =>
  workspace.change(actor, (tx) => {
    const before = readControl(tx.db, changes.id);
    const { id: _id, justification, ...fields } = changes;
    assertPeopleExist(tx.db, [fields.ownerId, fields.performerId, fields.reviewerId]);
    const after: StoredControl = { ...before, ...defined(fields) };
    if (after.notApplicableReason === '') after.notApplicableReason = null;
    writeControl(tx.db, after);
    tx.record({ action: 'matrix.control.updated', entityType: 'matrix-control', entityId: before.id, before, after, justification: justification ?? null });
    refreshAgainstMatrix(tx.db, tx.now);
    return withStatus(readControl(tx.db, before.id), listPeople(tx.db), controlFacts(tx.db).get(before.id));
  });

export const unlinkControl = (workspace: Workspace, actor: Actor, requirementId: string, controlId: string, justification?: string): MatrixView =>
  workspace.change(actor, (tx) => {
    const link = tx.db.prepare('SELECT * FROM matrix_links WHERE requirement_id = ? AND control_id = ?').get(requirementId, controlId);
    if (!link) throw new CoreError('NOT_FOUND', 'That control does not compensate for this requirement');
    tx.db.prepare('DELETE FROM matrix_links WHERE requirement_id = ? AND control_id = ?').run(requirementId, controlId);
    tx.record({ action: 'matrix.control.unlinked', entityType: 'matrix-link', entityId: `${requirementId}/${controlId}`, before: link, after: null, justification: justification ?? null });
    for (const orphan of removeOrphanControls(tx.db)) {
      tx.record({ action: 'matrix.control.removed', entityType: 'matrix-control', entityId: orphan.id, before: orphan, after: null, justification: 'No requirement uses it any more' });
    }
    refreshAgainstMatrix(tx.db, tx.now);
    return readMatrix(tx.db);
  });
