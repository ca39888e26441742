/**
 * The demo workspace the app opens first: a newcomer should see a complete matrix with no gaps and a
 * policy statement that describes exactly that matrix.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sodRequirements } from '../../shared/catalog/index.js';
import type { MethodInput, MethodName, MethodOutput } from '../../shared/contract/index.js';
import { Session, type CoreContext } from '../../electron/core/context.js';
import { dispatch } from '../../electron/core/dispatch.js';
import { createPathPlatform } from '../../electron/core/platform/pathPlatform.js';
import { CLASSIC_SIX } from './harness.js';

let dir = '';
let ctx: CoreContext;

const call = async <M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>> => {
  const result = await dispatch(ctx, method, input);
  if (!result.ok) throw new Error(`${method}: ${result.error.code} ${result.error.message}`);
  return result.value as MethodOutput<M>;
};

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'countersign-demo-'));
  ctx = { platform: createPathPlatform({ mode: 'cli', appDataDir: dir, documentsDir: dir }), session: new Session() };
});
afterEach(() => {
  ctx.session.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('workspace.openDemo', () => {
  it('opens a complete matrix: every catalog requirement compensated, no gaps, flagged only by open exceptions', async () => {
    const summary = await call('workspace.openDemo', {});
    expect(summary.isDemo).toBe(true);
    const matrix = await call('matrix.get', {});
    expect(matrix.requirements.map((requirement) => requirement.catalogId)).toEqual(sodRequirements.map((requirement) => requirement.id));
    for (const id of CLASSIC_SIX) expect(matrix.requirements.some((requirement) => requirement.catalogId === id)).toBe(true);
    for (const requirement of matrix.requirements) expect(requirement.controls.length, requirement.title).toBeGreaterThan(0);
    expect(matrix.gaps.filter((gap) => gap.severity === 'gap')).toEqual([]);
    for (const control of matrix.controls.filter((candidate) => candidate.status === 'flagged')) {
      expect(control.statusReason, control.title).toMatch(/open exception/);
    }
    expect(matrix.wizard?.step).toBe('done');
    expect(matrix.wizard?.answers.organisation?.headcount).toBe(1);
    expect(matrix.wizard?.answers.tooling).toMatchObject({ gitHost: 'github', ci: 'github-actions', cloud: 'aws', iac: 'terraform' });

    const people = await call('people.list', {});
    const reviewer = people.find((person) => person.role === 'external_reviewer');
    expect(reviewer).toBeDefined();
    // Every control other than the external review itself is reviewed by the external reviewer.
    for (const control of matrix.controls.filter((candidate) => candidate.catalogId !== 'CC-EXTERNAL-REVIEW')) {
      expect(control.reviewerId, control.title).toBe(reviewer?.id);
    }
  });

  it('carries a policy statement written from the matrix as it stands, in the audit trail', async () => {
    await call('workspace.openDemo', {});
    const versions = await call('policy.list', {});
    expect(versions.map((version) => version.version)).toEqual([1]);
    const draft = await call('policy.draft', {});
    expect(versions[0]?.generated).toBe(true);
    expect(versions[0]?.matrixFingerprint).toBe(draft.matrixFingerprint);
    expect(versions[0]?.text).toBe(draft.text);
    expect(versions[0]?.text).toContain('Brightline Analytics Ltd');

    const { entries } = await call('audit.list', { offset: 0, limit: 1000 });
    expect(entries.some((entry) => entry.action === 'policy.saved' && entry.entityId === 'v1')).toBe(true);
    expect(entries.some((entry) => entry.action === 'matrix.proposal.applied')).toBe(true);
    expect((await call('audit.verify', {})).ok).toBe(true);
  });
});
