import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from './harness.js';

/** Matrix design rules an auditor relies on beyond the builder's happy path. */
describe('the matrix design rules', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await createHarness();
  });
  afterEach(() => h.dispose());

  it('needs no compensating control for a requirement whose duties two different people hold', async () => {
    const colleague = await h.call('people.add', { name: 'Ada Byrne', email: 'ada@sololabs.example', role: 'engineer' });
    const requirement = await h.call('matrix.requirement.add', {
      title: 'Payments are released by someone other than who prepared them',
      dutyA: 'Prepare payments',
      dutyB: 'Release payments',
      riskStatement: 'A fraudulent payment is released unnoticed.',
      holderAId: h.owner.id,
      holderBId: colleague.id,
    });
    const matrix = await h.call('matrix.get', {});
    expect(matrix.gaps.filter((gap) => gap.requirementId === requirement.id)).toEqual([]);

    await h.call('matrix.requirement.update', { id: requirement.id, holderBId: h.owner.id });
    const after = await h.call('matrix.get', {});
    expect(after.gaps.filter((gap) => gap.requirementId === requirement.id).map((gap) => gap.severity)).toEqual(['gap']);
  });

  it('refuses criteria that are not in the catalog, naming the field', async () => {
    const requirement = await h.call('matrix.requirement.add', {
      title: 'Custom',
      dutyA: 'A',
      dutyB: 'B',
      riskStatement: 'Risk.',
      holderAId: h.owner.id,
      holderBId: h.owner.id,
    });
    const result = await h.attempt('matrix.control.add', {
      requirementId: requirement.id,
      custom: {
        title: 'Weekly log review',
        description: 'Reads the logs.',
        nature: 'detective',
        automation: 'manual',
        frequency: 'weekly',
        evidenceKinds: ['document'],
        evidenceExpected: 'Review notes.',
        criteria: { soc2: ['CC 8.1'], iso27001: ['A.8.15'] },
      },
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('INVALID_INPUT');
    expect(result.error.issues?.map((issue) => issue.path)).toContain('custom.criteria.soc2.0');
  });

  it('keeps the fingerprint of the matrix a statement was drafted from, so a stale statement shows', async () => {
    const draft = await h.call('policy.draft', {});
    await h.call('matrix.applyTemplate', { template: 'solo' });
    const saved = await h.call('policy.save', { text: draft.text, generated: true, matrixFingerprint: draft.matrixFingerprint });
    const current = await h.call('policy.draft', {});
    expect(saved.matrixFingerprint).toBe(draft.matrixFingerprint);
    expect(current.matrixFingerprint).not.toBe(saved.matrixFingerprint);
  });

  it('refuses to delete a saved policy version', async () => {
    await h.call('policy.save', { text: 'Statement v1', generated: false });
    await h.call('workspace.close', {});
    const db = new Database(h.path);
    try {
      expect(() => db.prepare('DELETE FROM policy_versions').run()).toThrow(/kept/);
    } finally {
      db.close();
    }
  });
});
