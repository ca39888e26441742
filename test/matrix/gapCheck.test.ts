/**
 * The gap check finds what an auditor would find missing in the design of the matrix, and each
 * control's status uses the auditor's vocabulary (not ready, ready, flagged, not applicable).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MatrixControl, MatrixRequirement, MatrixView } from '../../shared/domain/matrix.js';
import type { Person } from '../../shared/domain/people.js';
import { addPerson, createHarness, type Harness } from './harness.js';

let harness: Harness;
let reviewer: Person;
let requirement: MatrixRequirement;

beforeEach(async () => {
  harness = await createHarness();
  reviewer = await addPerson(harness, 'Rita Adeyemi', 'external_reviewer');
  requirement = await harness.call('matrix.requirement.add', {
    title: 'Customer data exports are approved by someone other than the person who runs them',
    dutyA: 'Run a customer data export',
    dutyB: 'Approve the export',
    riskStatement: 'Customer data leaves the company with nobody else aware of it.',
    holderAId: harness.owner.id,
    holderBId: harness.owner.id,
  });
});
afterEach(() => harness.dispose());

const gapsFor = (matrix: MatrixView, ids: { requirementId?: string; controlId?: string }) =>
  matrix.gaps.filter((gap) => (ids.requirementId ? gap.requirementId === ids.requirementId : true) && (ids.controlId ? gap.controlId === ids.controlId : true));

/** Links the tabletop exercise to the custom requirement and returns it as the matrix shows it. */
const addTabletop = async (): Promise<MatrixControl> => {
  const matrix = await harness.call('matrix.control.add', {
    requirementId: requirement.id,
    catalogId: 'CC-TABLETOP',
    rationale: 'An outside facilitator tests the export procedure once a year.',
  });
  const control = matrix.controls.find((candidate) => candidate.catalogId === 'CC-TABLETOP');
  if (!control) throw new Error('the tabletop control was not added');
  return control;
};

describe('requirements without a compensating control', () => {
  it('are a gap', async () => {
    const matrix = await harness.call('matrix.get', {});
    const gaps = gapsFor(matrix, { requirementId: requirement.id });
    expect(gaps).toHaveLength(1);
    expect(gaps[0]).toMatchObject({ kind: 'requirement-without-control', severity: 'gap', controlId: null });
    expect(gaps[0]?.message).toContain(requirement.title);
    expect(gaps[0]?.message).toMatch(/risk acceptance/);
  });

  it('are only a warning naming the risk acceptance once one covers them', async () => {
    await harness.call('matrix.requirement.update', { id: requirement.id, coveredByAcceptance: 'RA-2026-001', justification: 'Accepted for the first year' });
    const matrix = await harness.call('matrix.get', {});
    const gaps = gapsFor(matrix, { requirementId: requirement.id });
    expect(gaps).toHaveLength(1);
    expect(gaps[0]).toMatchObject({ kind: 'requirement-without-control', severity: 'warning' });
    expect(gaps[0]?.message).toContain('RA-2026-001');
    expect(matrix.gaps.filter((gap) => gap.severity === 'gap')).toEqual([]);

    // Taking the acceptance away makes it a gap again.
    await harness.call('matrix.requirement.update', { id: requirement.id, coveredByAcceptance: null });
    const after = await harness.call('matrix.get', {});
    expect(gapsFor(after, { requirementId: requirement.id })[0]?.severity).toBe('gap');
  });

  it('include a requirement whose only control is not applicable', async () => {
    const control = await addTabletop();
    await harness.call('matrix.control.update', { id: control.id, reviewerId: reviewer.id });
    expect(gapsFor(await harness.call('matrix.get', {}), { requirementId: requirement.id })).toEqual([]);
    await harness.call('matrix.control.update', { id: control.id, notApplicableReason: 'No incident response plan exists yet' });
    const gaps = gapsFor(await harness.call('matrix.get', {}), { requirementId: requirement.id });
    expect(gaps.map((gap) => [gap.kind, gap.severity])).toEqual([['requirement-without-control', 'gap']]);
  });
});

describe('who performs and who reviews a control', () => {
  it('flags a control performed and reviewed by the same person', async () => {
    const control = await addTabletop();
    const updated = await harness.call('matrix.control.update', { id: control.id, performerId: harness.owner.id, reviewerId: harness.owner.id });
    expect(updated.status).toBe('flagged');
    expect(updated.statusReason).toMatch(/self-reviewed/i);
    expect(updated.statusReason).toContain(harness.owner.name);

    const matrix = await harness.call('matrix.get', {});
    expect(matrix.controls.find((candidate) => candidate.id === control.id)?.status).toBe('flagged');
    const gaps = gapsFor(matrix, { controlId: control.id });
    expect(gaps.map((gap) => [gap.kind, gap.severity])).toEqual([['self-reviewed-control', 'gap']]);
    expect(gaps[0]?.message).toContain(control.title);
  });

  it('names the external reviewer as the independent reviewer of a control added from the catalog', async () => {
    const control = await addTabletop();
    const reviewer = (await harness.call('people.list', {})).find((person) => person.role === 'external_reviewer');
    expect(control.performerId).toBe(harness.owner.id);
    expect(control.reviewerId).toBe(reviewer?.id);
    expect(control.status).not.toBe('flagged');
  });

  it('flags a control the founder performs with nobody independent to review it', async () => {
    const added = await addTabletop();
    const control = await harness.call('matrix.control.update', { id: added.id, reviewerId: null });
    expect(control.performerId).toBe(harness.owner.id);
    expect(control.reviewerId).toBeNull();
    expect(control.status).toBe('flagged');
    expect(gapsFor(await harness.call('matrix.get', {}), { controlId: control.id }).map((gap) => gap.kind)).toEqual(['self-reviewed-control']);
  });

  it('does not flag a control the external reviewer reviews', async () => {
    const control = await addTabletop();
    const updated = await harness.call('matrix.control.update', { id: control.id, performerId: harness.owner.id, reviewerId: reviewer.id });
    expect(updated.status).not.toBe('flagged');
    expect(updated.status).toBe('not_ready');
    const matrix = await harness.call('matrix.get', {});
    expect(gapsFor(matrix, { controlId: control.id })).toEqual([]);
    expect(matrix.gaps.filter((gap) => gap.severity === 'gap')).toEqual([]);
  });

  it('warns about a control nobody is named to perform', async () => {
    const matrix = await harness.call('matrix.control.add', {
      requirementId: requirement.id,
      custom: {
        title: 'Export log reviewed by the external reviewer',
        description: 'Every customer data export is logged and the log is sampled each quarter.',
        nature: 'detective',
        automation: 'manual',
        frequency: 'quarterly',
        evidenceKinds: ['document'],
        evidenceExpected: 'The export log and the reviewer notes.',
        criteria: { soc2: ['CC6.1'], iso27001: ['A.5.3'] },
      },
      rationale: 'The reviewer sees every export after the fact.',
    });
    const control = matrix.controls.find((candidate) => candidate.catalogId === null);
    expect(control?.performerId).toBeNull();
    expect(control?.status).toBe('not_ready');
    expect(gapsFor(matrix, { controlId: control?.id }).map((gap) => [gap.kind, gap.severity])).toEqual([['control-without-performer', 'warning']]);
  });
});

describe('evidence and applicability', () => {
  it('makes a control with no evidence source a gap', async () => {
    const control = await addTabletop();
    const updated = await harness.call('matrix.control.update', { id: control.id, reviewerId: reviewer.id, evidenceKinds: [] });
    expect(updated.evidenceKinds).toEqual([]);
    expect(updated.status).toBe('flagged');
    expect(updated.statusReason).toMatch(/evidence/i);
    const gaps = gapsFor(await harness.call('matrix.get', {}), { controlId: control.id });
    expect(gaps.map((gap) => [gap.kind, gap.severity])).toEqual([['control-without-evidence', 'gap']]);
  });

  it('refuses a custom control with no evidence source', async () => {
    const result = await harness.attempt('matrix.control.add', {
      requirementId: requirement.id,
      custom: {
        title: 'Trust me',
        description: 'The founder is careful.',
        nature: 'preventive',
        automation: 'manual',
        frequency: 'continuous',
        evidenceKinds: [],
        evidenceExpected: 'None.',
        criteria: { soc2: [], iso27001: [] },
      },
    });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('INVALID_INPUT');
  });

  it('gives a control marked not applicable the status not applicable, with the reason, and no gaps', async () => {
    const control = await addTabletop();
    await harness.call('matrix.control.update', { id: control.id, reviewerId: control.performerId, evidenceKinds: [] });
    const updated = await harness.call('matrix.control.update', { id: control.id, notApplicableReason: 'No incident response plan exists yet' });
    expect(updated.status).toBe('not_applicable');
    expect(updated.statusReason).toBe('No incident response plan exists yet');
    expect(gapsFor(await harness.call('matrix.get', {}), { controlId: control.id })).toEqual([]);

    // Clearing the reason makes it count again.
    const restored = await harness.call('matrix.control.update', { id: control.id, notApplicableReason: '' });
    expect(restored.notApplicableReason).toBeNull();
    expect(restored.status).toBe('flagged');
  });
});

describe('the solo template', () => {
  it('has no gaps once an external reviewer is in the workspace', async () => {
    const matrix = await harness.call('matrix.applyTemplate', { template: 'solo' });
    expect(matrix.gaps.filter((gap) => gap.severity === 'gap' && gap.requirementId !== requirement.id)).toEqual([]);
    expect(matrix.controls.filter((control) => control.status === 'flagged')).toEqual([]);
  });

  it('flags every control the founder would review alone when no external reviewer exists', async () => {
    const lone = await createHarness();
    try {
      const matrix = await lone.call('matrix.applyTemplate', { template: 'solo' });
      const flagged = matrix.controls.filter((control) => control.status === 'flagged');
      expect(flagged.length).toBeGreaterThan(0);
      for (const control of matrix.controls.filter((candidate) => candidate.catalogId !== 'CC-EXTERNAL-REVIEW')) {
        expect(control.status, control.catalogId ?? control.id).toBe('flagged');
        expect(matrix.gaps.some((gap) => gap.kind === 'self-reviewed-control' && gap.controlId === control.id && gap.severity === 'gap')).toBe(true);
      }
      // The external review itself has nobody to perform it yet.
      const externalReview = matrix.controls.find((control) => control.catalogId === 'CC-EXTERNAL-REVIEW');
      expect(externalReview?.performerId).toBeNull();
      expect(matrix.gaps.some((gap) => gap.kind === 'control-without-performer' && gap.controlId === externalReview?.id)).toBe(true);
    } finally {
      lone.dispose();
    }
  });
});
