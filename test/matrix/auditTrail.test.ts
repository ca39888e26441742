/**
 * Every edit of the matrix and the policy goes through the core and the hash-chained audit trail:
 * the acting person, the before and after, the justification. A refused edit leaves nothing behind,
 * and the guided builder picks up where it was left after the file is reopened.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CATALOG_VERSION } from '../../shared/catalog/index.js';
import { matrixMethods } from '../../shared/contract/matrix.js';
import type { MatrixView } from '../../shared/domain/matrix.js';
import type { Person } from '../../shared/domain/people.js';
import {
  addPerson,
  auditEntriesSince,
  auditHead,
  createHarness,
  githubAwsTerraform,
  soloOrganisation,
  type Harness,
} from './harness.js';

let harness: Harness;
let reviewer: Person;

beforeEach(async () => {
  harness = await createHarness();
  reviewer = await addPerson(harness, 'Rita Adeyemi', 'external_reviewer');
});
afterEach(() => harness.dispose());

const requirementOf = (matrix: MatrixView, catalogId: string) => {
  const requirement = matrix.requirements.find((row) => row.catalogId === catalogId);
  if (!requirement) throw new Error(`${catalogId} is not in the matrix`);
  return requirement;
};
const controlOf = (matrix: MatrixView, catalogId: string) => {
  const control = matrix.controls.find((candidate) => candidate.catalogId === catalogId);
  if (!control) throw new Error(`${catalogId} is not in the matrix`);
  return control;
};

describe('every edit is in the audit trail', () => {
  it('records each mutating matrix and policy method with the acting person, and the chain stays intact', async () => {
    const mutating = Object.entries(matrixMethods)
      .filter(([, spec]) => spec.mutates)
      .map(([name]) => name)
      .sort();
    const covered = new Set<string>();
    let customId = '';

    /** Runs one edit and checks what it added to the trail. */
    const edit = async (method: string, run: () => Promise<unknown>, actor: Person, expectedActions: string[]) => {
      const head = await auditHead(harness);
      await run();
      const { entries } = await auditEntriesSince(harness, head.seq);
      expect(entries.length, `${method} writes the trail`).toBeGreaterThan(0);
      for (const entry of entries) {
        expect(entry.actorId, `${method}: ${entry.action}`).toBe(actor.id);
        expect(entry.actorName, `${method}: ${entry.action}`).toBe(actor.name);
        expect(entry.action, method).toMatch(/^(matrix|policy)\./);
      }
      expect(entries.map((entry) => entry.action)).toEqual(expect.arrayContaining(expectedActions));
      const verification = await harness.call('audit.verify', {});
      expect(verification, `after ${method}`).toMatchObject({ ok: true, firstBroken: null });
      expect(verification.entries).toBe((await auditHead(harness)).seq);
      covered.add(method);
      return entries;
    };

    const owner = harness.owner;
    const organisation = soloOrganisation(owner.id);
    await edit('matrix.wizard.save', () => harness.call('matrix.wizard.save', { step: 'tooling', answers: { organisation } }), owner, ['matrix.wizard.saved']);
    await harness.call('matrix.wizard.save', { step: 'proposal', answers: { organisation, tooling: githubAwsTerraform } });
    const proposal = await harness.call('matrix.propose', {});
    await edit(
      'matrix.applyProposal',
      () => harness.call('matrix.applyProposal', { requirements: proposal, justification: 'Accepted the proposal as it stands' }),
      owner,
      ['matrix.proposal.applied', 'matrix.justified'],
    );
    await edit('matrix.applyTemplate', () => harness.call('matrix.applyTemplate', { template: 'solo', justification: 'Back to the template' }), owner, [
      'matrix.template.applied',
    ]);
    await edit(
      'matrix.requirement.add',
      async () => {
        const added = await harness.call('matrix.requirement.add', {
          title: 'Refunds are approved by someone other than the person who issues them',
          dutyA: 'Issue refunds',
          dutyB: 'Approve refunds',
          riskStatement: 'Money leaves the company with nobody else aware of it.',
        });
        customId = added.id;
      },
      owner,
      ['matrix.requirement.added'],
    );
    const updates = await edit(
      'matrix.requirement.update',
      () => harness.call('matrix.requirement.update', { id: customId, coveredByAcceptance: 'RA-2026-002', justification: 'Refund risk accepted until volume grows' }),
      owner,
      ['matrix.requirement.updated'],
    );
    // The trail shows what changed and why, as the auditor reads it.
    const entry = await harness.call('audit.entry', { seq: updates[0]!.seq });
    expect(entry.before).toMatchObject({ coveredByAcceptance: null });
    expect(entry.after).toMatchObject({ coveredByAcceptance: 'RA-2026-002' });
    expect(entry.justification).toBe('Refund risk accepted until volume grows');
    expect(entry.entityId).toBe(customId);

    await edit(
      'matrix.control.add',
      () => harness.call('matrix.control.add', { requirementId: customId, catalogId: 'CC-EXTERNAL-REVIEW', rationale: 'The reviewer samples refunds each quarter.' }),
      owner,
      ['matrix.control.linked'],
    );

    // The external reviewer edits a control: the trail names the reviewer, not the founder.
    await harness.call('session.setActor', { personId: reviewer.id });
    const matrix = await harness.call('matrix.get', {});
    const tabletop = controlOf(matrix, 'CC-TABLETOP');
    const controlUpdates = await edit(
      'matrix.control.update',
      () => harness.call('matrix.control.update', { id: tabletop.id, frequency: 'quarterly', justification: 'Exercises every quarter this year' }),
      reviewer,
      ['matrix.control.updated'],
    );
    const controlEntry = await harness.call('audit.entry', { seq: controlUpdates[0]!.seq });
    expect(controlEntry.before).toMatchObject({ frequency: 'annual' });
    expect(controlEntry.after).toMatchObject({ frequency: 'quarterly' });
    await harness.call('session.setActor', { personId: owner.id });

    const secrets = requirementOf(matrix, 'SOD-SECRETS');
    const secretsManager = controlOf(matrix, 'CC-SECRETS-MANAGER');
    await edit(
      'matrix.control.unlink',
      () => harness.call('matrix.control.unlink', { requirementId: secrets.id, controlId: secretsManager.id, justification: 'No vault yet' }),
      owner,
      ['matrix.control.unlinked', 'matrix.control.removed'],
    );
    const removal = await edit(
      'matrix.requirement.remove',
      () => harness.call('matrix.requirement.remove', { id: customId, justification: 'Refunds are handled by the payment provider' }),
      owner,
      ['matrix.requirement.removed'],
    );
    expect(removal.find((candidate) => candidate.action === 'matrix.requirement.removed')?.justification).toBe('Refunds are handled by the payment provider');
    const draft = await harness.call('policy.draft', {});
    await edit('policy.save', () => harness.call('policy.save', { text: draft.text, generated: true }), owner, ['policy.saved']);

    expect([...covered].sort()).toEqual(mutating);
  });

  it('refuses an edit when nobody is acting', async () => {
    const head = await auditHead(harness);
    harness.ctx.session.actor = null;
    const result = await harness.attempt('matrix.applyTemplate', { template: 'solo' });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('NO_ACTOR');
    expect((await auditHead(harness)).hash).toBe(head.hash);
  });
});

describe('a refused edit changes nothing', () => {
  it('leaves the matrix, the policy and the trail as they were', async () => {
    await harness.call('matrix.applyTemplate', { template: 'solo' });
    const custom = await harness.call('matrix.requirement.add', {
      title: 'Refunds are approved by someone other than the person who issues them',
      dutyA: 'Issue refunds',
      dutyB: 'Approve refunds',
      riskStatement: 'Money leaves the company with nobody else aware of it.',
    });
    const matrix = await harness.call('matrix.get', {});
    const codeReview = requirementOf(matrix, 'SOD-CODE-REVIEW');
    const tabletop = controlOf(matrix, 'CC-TABLETOP');
    const head = await auditHead(harness);
    const policies = await harness.call('policy.list', {});

    // The same requirement twice in one proposal (a double-submitted form) is bad input, not an internal error.
    const twice = { catalogId: 'SOD-CODE-REVIEW', include: true, why: 'Sam holds both duties.', holderAId: harness.owner.id, holderBId: harness.owner.id, controls: [] };
    const refusals: [string, unknown, string][] = [
      ['matrix.requirement.update', { id: codeReview.id, holderAId: 'person-who-does-not-exist' }, 'NOT_FOUND'],
      ['matrix.requirement.update', { id: codeReview.id, title: 'Renamed', holderBId: 'person-who-does-not-exist' }, 'NOT_FOUND'],
      ['matrix.requirement.update', { id: codeReview.id, coveredByAcceptance: 'RA-26-1' }, 'INVALID_INPUT'],
      ['matrix.requirement.update', { id: codeReview.id, coveredByAcceptance: 'risk accepted' }, 'INVALID_INPUT'],
      ['matrix.requirement.update', { id: 'no-such-requirement', title: 'Renamed' }, 'NOT_FOUND'],
      ['matrix.requirement.update', { id: codeReview.id, title: '   ' }, 'INVALID_INPUT'],
      ['matrix.requirement.add', { title: 'Half a requirement', dutyA: 'Do it', dutyB: '', riskStatement: 'Bad things.' }, 'INVALID_INPUT'],
      ['matrix.requirement.add', { title: 'Held by a stranger', dutyA: 'A', dutyB: 'B', riskStatement: 'Risk.', holderAId: 'stranger' }, 'NOT_FOUND'],
      ['matrix.requirement.remove', { id: codeReview.id }, 'INVALID_INPUT'],
      ['matrix.control.update', { id: tabletop.id, title: 'Renamed', reviewerId: 'person-who-does-not-exist' }, 'NOT_FOUND'],
      ['matrix.control.update', { id: tabletop.id, evidenceKinds: ['screenshots'] }, 'INVALID_INPUT'],
      ['matrix.control.update', { id: tabletop.id, frequency: 'fortnightly' }, 'INVALID_INPUT'],
      ['matrix.control.add', { requirementId: custom.id, catalogId: 'CC-NOT-A-CONTROL' }, 'NOT_FOUND'],
      ['matrix.control.add', { requirementId: codeReview.id, catalogId: 'CC-AUTOMATED-REVIEW' }, 'CONFLICT'],
      ['matrix.control.add', { requirementId: custom.id }, 'INVALID_INPUT'],
      ['matrix.control.unlink', { requirementId: custom.id, controlId: tabletop.id }, 'NOT_FOUND'],
      ['matrix.applyTemplate', { template: 'enterprise' }, 'INVALID_INPUT'],
      ['matrix.applyProposal', { requirements: [] }, 'INVALID_INPUT'],
      ['matrix.applyProposal', { requirements: [twice, twice] }, 'INVALID_INPUT'],
      ['matrix.applyProposal', { requirements: [{ ...twice, catalogId: 'SOD-NOT-IN-CATALOG' }] }, 'INVALID_INPUT'],
      ['matrix.applyProposal', { requirements: [{ ...twice, holderAId: 'person-who-does-not-exist' }] }, 'NOT_FOUND'],
      ['policy.save', { text: '  ', generated: false }, 'INVALID_INPUT'],
    ];
    for (const [method, input, code] of refusals) {
      const result = await harness.attempt(method, input);
      expect(result.ok, `${method} ${JSON.stringify(input)}`).toBe(false);
      if (!result.ok) {
        expect(result.error.code, `${method} ${JSON.stringify(input)}: ${result.error.message}`).toBe(code);
        expect(result.error.message.trim().length).toBeGreaterThan(0);
      }
      expect(await harness.call('matrix.get', {}), `${method} ${JSON.stringify(input)}`).toEqual(matrix);
      expect(await auditHead(harness), `${method} ${JSON.stringify(input)}`).toEqual(head);
    }
    expect(await harness.call('policy.list', {})).toEqual(policies);
    expect((await harness.call('audit.verify', {})).ok).toBe(true);
  });

  it('points a form at the field that is wrong', async () => {
    await harness.call('matrix.applyTemplate', { template: 'solo' });
    const codeReview = requirementOf(await harness.call('matrix.get', {}), 'SOD-CODE-REVIEW');
    const result = await harness.attempt('matrix.requirement.update', { id: codeReview.id, coveredByAcceptance: 'RA-26-1' });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.issues?.map((issue) => issue.path)).toContain('coveredByAcceptance');
      expect(result.error.message).toContain('RA-2026-001');
    }
  });
});

describe('the guided builder is resumable', () => {
  it('gives back the same step and answers after the file is reopened in a new session', async () => {
    const organisation = soloOrganisation(harness.owner.id);
    const saved = await harness.call('matrix.wizard.save', { step: 'tooling', answers: { organisation } });
    expect(saved).toMatchObject({ step: 'tooling', catalogVersion: CATALOG_VERSION });

    await harness.reopen();
    const first = (await harness.call('matrix.get', {})).wizard;
    expect(first).toEqual(saved);
    expect(first?.answers.organisation).toEqual(organisation);
    expect(first?.answers.tooling).toBeUndefined();

    // The next step is saved, and after another restart the proposal is the same as before it.
    const second = await harness.call('matrix.wizard.save', { step: 'proposal', answers: { organisation, tooling: githubAwsTerraform } });
    const proposal = await harness.call('matrix.propose', {});
    await harness.reopen();
    const resumed = (await harness.call('matrix.get', {})).wizard;
    expect(resumed).toEqual(second);
    expect(resumed?.answers.tooling).toEqual(githubAwsTerraform);
    expect(await harness.call('matrix.propose', {})).toEqual(proposal);
  });

  it('keeps the matrix and its wizard across a restart, in the same order', async () => {
    const organisation = soloOrganisation(harness.owner.id);
    await harness.call('matrix.wizard.save', { step: 'proposal', answers: { organisation, tooling: githubAwsTerraform } });
    await harness.call('matrix.applyProposal', { requirements: await harness.call('matrix.propose', {}) });
    const done = await harness.call('matrix.wizard.save', { step: 'done', answers: { organisation, tooling: githubAwsTerraform } });
    const before = await harness.call('matrix.get', {});
    await harness.reopen();
    const after = await harness.call('matrix.get', {});
    expect(after).toEqual(before);
    expect(after.wizard).toEqual(done);
    expect((await harness.call('audit.verify', {})).ok).toBe(true);
  });
});
