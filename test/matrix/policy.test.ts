/**
 * The segregation-of-duties and change-management statement is written from the matrix the founder
 * actually runs, so policy matches practice; every saved version is kept, immutable and in the trail.
 */
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MatrixView } from '../../shared/domain/matrix.js';
import type { Person } from '../../shared/domain/people.js';
import { PROFILE, addPerson, auditEntriesSince, auditHead, createHarness, type Harness } from './harness.js';

let harness: Harness;
let reviewer: Person;
let matrix: MatrixView;

beforeEach(async () => {
  harness = await createHarness();
  reviewer = await addPerson(harness, 'Rita Adeyemi', 'external_reviewer');
  matrix = await harness.call('matrix.applyTemplate', { template: 'solo' });
});
afterEach(() => harness.dispose());

const controlOf = (catalogId: string) => {
  const control = matrix.controls.find((candidate) => candidate.catalogId === catalogId);
  if (!control) throw new Error(`${catalogId} is not in the matrix`);
  return control;
};

describe('policy.draft', () => {
  it('names the organisation, the period, every requirement, every active control and the independent reviewer', async () => {
    const { text, matrixFingerprint } = await harness.call('policy.draft', {});
    expect(matrixFingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(text).toContain(PROFILE.organisation);
    expect(text).toContain(PROFILE.periodStart);
    expect(text).toContain(PROFILE.periodEnd);
    expect(text).toContain(PROFILE.timeZone);
    expect(text).toContain('SOC 2');
    expect(text).toContain('ISO 27001');
    for (const requirement of matrix.requirements) expect(text, requirement.title).toContain(requirement.title);
    for (const control of matrix.controls) expect(text, control.title).toContain(control.title);
    expect(text).toContain(`${reviewer.name} acts as independent reviewer`);
    expect(text).toContain(`reviewed independently by ${reviewer.name}`);
    // The limitation is stated plainly, naming the founder who holds both duties.
    expect(text).toContain(`${harness.owner.name} holds both sides`);
    // It describes the automated review that happens, not a peer review the founder cannot have.
    expect(text).not.toMatch(/peer review/i);
  });

  it('keeps acronyms and product names as written when it runs text into a sentence', async () => {
    const custom = await harness.call('matrix.requirement.add', {
      title: 'Cloud permissions are changed by someone other than the person who requests them',
      dutyA: 'Request AWS IAM changes',
      dutyB: 'Apply IAM changes in GitHub Actions',
      riskStatement: 'Permissions grow with nobody else aware of it.',
      holderAId: harness.owner.id,
      holderBId: harness.owner.id,
    });
    const { text } = await harness.call('policy.draft', {});
    // An auditor reads these words; "cI" or "aws iam" makes the statement look machine-mangled.
    expect(text).toContain('Evidence: CI run history');
    expect(text).toContain('Evidence: IaC commit history');
    expect(text).not.toMatch(/\b(cI|iaC|aws iam|github actions)\b/);
    expect(text).toContain('request AWS IAM changes and apply IAM changes in GitHub Actions');
    expect(text).toContain('write code and review and approve code');
    expect(text).toContain(custom.title);
  });

  it('never claims independent review of a control its performer reviews', async () => {
    const tabletop = controlOf('CC-TABLETOP');
    await harness.call('matrix.control.update', { id: tabletop.id, performerId: harness.owner.id, reviewerId: harness.owner.id });
    const { text } = await harness.call('policy.draft', {});
    const lines = text.split('\n');
    const heading = lines.findIndex((line) => /^4\.\d+ /.test(line) && line.endsWith(tabletop.title));
    expect(heading, 'the tabletop exercise is still described').toBeGreaterThan(0);
    const paragraph = lines[heading + 1];
    expect(paragraph).not.toContain(`reviewed independently by ${harness.owner.name}`);
    expect(paragraph).toMatch(/no independent review/);
    // The other controls keep their independent reviewer.
    expect(text).toContain(`reviewed independently by ${reviewer.name}`);
  });

  it('leaves out a control marked not applicable, and says so when a requirement has nothing left', async () => {
    const tabletop = controlOf('CC-TABLETOP');
    const acceptance = controlOf('CC-RISK-ACCEPTANCE');
    const incident = matrix.requirements.find((requirement) => requirement.catalogId === 'SOD-INCIDENT-TEST');
    await harness.call('matrix.control.update', { id: tabletop.id, notApplicableReason: 'No facilitator engaged this year' });
    await harness.call('matrix.control.unlink', { requirementId: incident!.id, controlId: acceptance.id });
    const { text } = await harness.call('policy.draft', {});
    expect(text).not.toContain(tabletop.title);
    expect(text).toContain(incident!.title);
    expect(text).toMatch(/No compensating control operates yet/);
  });

  it('changes when the matrix changes', async () => {
    const first = await harness.call('policy.draft', {});
    expect((await harness.call('policy.draft', {})).matrixFingerprint).toBe(first.matrixFingerprint);

    await harness.call('matrix.control.update', { id: controlOf('CC-TABLETOP').id, frequency: 'quarterly' });
    const second = await harness.call('policy.draft', {});
    expect(second.matrixFingerprint).not.toBe(first.matrixFingerprint);
    expect(second.text).not.toBe(first.text);

    const custom = await harness.call('matrix.requirement.add', {
      title: 'Refunds are approved by someone other than the person who issues them',
      dutyA: 'Issue refunds',
      dutyB: 'Approve refunds',
      riskStatement: 'Money leaves the company with nobody else aware of it.',
    });
    const third = await harness.call('policy.draft', {});
    expect(third.matrixFingerprint).not.toBe(second.matrixFingerprint);
    expect(third.text).toContain(custom.title);

    // Saving the builder's progress is not a change to the matrix the statement describes.
    await harness.call('matrix.wizard.save', { step: 'organisation', answers: {} });
    expect((await harness.call('policy.draft', {})).matrixFingerprint).toBe(third.matrixFingerprint);
  });
});

describe('policy.save', () => {
  it('creates versions 1, 2, ... each with an audit entry, newest first in the list', async () => {
    expect(await harness.call('policy.list', {})).toEqual([]);
    const draft = await harness.call('policy.draft', {});

    const head = await auditHead(harness);
    const first = await harness.call('policy.save', { text: draft.text, generated: true, justification: 'First statement from the matrix' });
    expect(first).toMatchObject({ version: 1, generated: true, matrixFingerprint: draft.matrixFingerprint, createdByName: harness.owner.name, text: draft.text });

    const edited = `${draft.text}\n\n7. Review of this statement\nThe owner reviews this statement every quarter with the external reviewer.`;
    const second = await harness.call('policy.save', { text: edited, generated: false });
    expect(second).toMatchObject({ version: 2, generated: false, text: edited });

    await harness.call('session.setActor', { personId: reviewer.id });
    const third = await harness.call('policy.save', { text: edited, generated: false, justification: 'Reviewer re-saved after reading it' });
    expect(third).toMatchObject({ version: 3, createdByName: reviewer.name });

    const list = await harness.call('policy.list', {});
    expect(list.map((version) => version.version)).toEqual([3, 2, 1]);
    expect(list[2]).toEqual(first);

    const { entries } = await auditEntriesSince(harness, head.seq);
    const saved = entries.filter((entry) => entry.action === 'policy.saved');
    expect(saved.map((entry) => entry.entityId)).toEqual(['v1', 'v2', 'v3']);
    expect(saved.map((entry) => entry.actorName)).toEqual([harness.owner.name, harness.owner.name, reviewer.name]);
    expect(saved[0]?.justification).toBe('First statement from the matrix');
    // The trail holds the full text of each version, so a version cannot silently change.
    const entry = await harness.call('audit.entry', { seq: saved[1]!.seq });
    expect(entry.after).toMatchObject({ version: 2, text: edited });
    expect((await harness.call('audit.verify', {})).ok).toBe(true);
  });

  it('records which matrix a version was written from, so a stale statement shows', async () => {
    const draft = await harness.call('policy.draft', {});
    const saved = await harness.call('policy.save', { text: draft.text, generated: true });
    await harness.call('matrix.control.update', { id: controlOf('CC-EXTERNAL-REVIEW').id, frequency: 'monthly' });
    const now = await harness.call('policy.draft', {});
    expect(saved.matrixFingerprint).not.toBe(now.matrixFingerprint);
  });

  it('cannot be changed behind the core’s back: an UPDATE on policy_versions is refused', async () => {
    const draft = await harness.call('policy.draft', {});
    await harness.call('policy.save', { text: draft.text, generated: true });
    harness.ctx.session.close();

    const db = new Database(harness.path);
    try {
      expect(() => db.prepare("UPDATE policy_versions SET text = 'We have a second engineer who reviews every change.' WHERE version = 1").run()).toThrow(
        /immutable/,
      );
      expect(() => db.prepare("UPDATE policy_versions SET created_by_name = 'Someone else'").run()).toThrow(/immutable/);
      const row = db.prepare('SELECT text FROM policy_versions WHERE version = 1').get() as { text: string };
      expect(row.text).toBe(draft.text);
    } finally {
      db.close();
    }
  });
});
