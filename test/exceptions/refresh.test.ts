/**
 * The register over re-runs (stable ids, findings the data no longer shows), its links to the matrix
 * (a control with an open exception is flagged), and what every rule promises: a catalog control for
 * its links, one-sentence explanations, and proof that points at imported records.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { compensatingControls } from '../../shared/catalog/controls.js';
import type { MatrixControl } from '../../shared/domain/matrix.js';
import { exceptionRules } from '../../electron/core/exceptions/rules/index.js';
import { addPerson, isOneSentence } from '../matrix/harness.js';
import { activity, commit, createRuleFixture, deployment, pr, protection, REPO, review, run, sha, type RuleFixture } from './helpers.js';

let fixture: RuleFixture;
beforeEach(async () => {
  fixture = await createRuleFixture();
});
afterEach(() => fixture.dispose());

const controlByCatalog = async (catalogId: string): Promise<MatrixControl> => {
  const matrix = await fixture.harness.call('matrix.get', {});
  const control = matrix.controls.find((candidate) => candidate.catalogId === catalogId);
  if (!control) throw new Error(`the matrix has no ${catalogId}`);
  return control;
};

describe('the rules', () => {
  it('have unique ids and test catalog controls only', () => {
    const ids = exceptionRules.map((rule) => rule.id);
    expect(new Set(ids).size).toBe(ids.length);
    const catalog = new Set(compensatingControls.map((control) => control.id));
    for (const rule of exceptionRules) {
      expect(rule.id).toMatch(/^[a-z]+(-[a-z]+)*$/);
      expect(rule.title.length).toBeGreaterThan(0);
      for (const control of rule.controls) expect(catalog.has(control), `${rule.id} tests ${control}`).toBe(true);
    }
  });

  it('explain each finding in one sentence and prove it with records of imported evidence', async () => {
    // A bit of everything that goes wrong, so that every rule fires at least once.
    await fixture.harness.call('matrix.applyTemplate', { template: 'solo' });
    fixture.add({
      pullRequests: [
        pr(1, { mergedAt: '2026-01-20T10:00:00Z' }),
        pr(2, { mergedBy: 'dana' }),
        pr(3, { mergedBy: 'dana' }),
        pr(4),
        pr(5),
        pr(6, { mergedBy: 'dana' }),
        pr(9),
        pr(10, { mergedAt: '2026-05-01T10:00:00Z' }),
      ],
      reviews: [
        review(2, { reviewer: 'sam' }),
        review(4, { reviewer: 'coderabbitai[bot]', reviewerIsBot: true }),
        review(5, { submittedAt: '2026-03-03T10:00:00Z' }),
        review(9, { commitSha: sha('older') }),
        review(10),
      ],
    });
    fixture.add({ gitCommits: [commit('direct', { committedAt: '2026-03-01T00:00:00Z' }), commit('late', { committedAt: '2026-04-01T00:00:00Z' })] });
    fixture.add({ ciRuns: [run(sha('head-10'), { startedAt: '2026-02-01T00:00:00Z' })], deployments: [deployment('77', sha('nothing'))] });
    fixture.add({
      protection: [
        protection({ requiredApprovals: 0, adminsCanBypass: true, forcePushAllowed: true, deletionAllowed: true, requiredChecks: [] }),
        protection({ source: 'ruleset', target: '~DEFAULT_BRANCH', active: false }),
        protection({ provider: 'gitlab', repo: 'acme/platform/api', source: 'gitlab-approvals', target: 'project', authorCanApprove: true }),
        protection({ source: 'environment', target: 'production', requiredApprovals: 1, adminsCanBypass: true, authorCanApprove: true }),
      ],
      activity: [activity('force_push'), activity('push', { afterSha: sha('elsewhere') })],
    });

    const register = await fixture.exceptions();
    const fired = new Set(register.map((exception) => exception.rule));
    expect([...exceptionRules.map((rule) => rule.id)].filter((id) => !fired.has(id))).toEqual([]);

    const evidenceIds = new Set((await fixture.harness.call('evidence.list', { offset: 0, limit: 100 })).items.map((item) => item.id));
    const types = new Set(['pull request', 'review', 'commit', 'CI run', 'deployment', 'protection setting', 'activity event']);
    for (const exception of register) {
      expect(isOneSentence(exception.explanation), `${exception.rule}: ${exception.explanation}`).toBe(true);
      expect(exception.evidence.length, `${exception.rule} has proof`).toBeGreaterThan(0);
      for (const ref of exception.evidence) {
        expect(types.has(ref.type), ref.type).toBe(true);
        expect(evidenceIds.has(ref.evidenceId), ref.evidenceId).toBe(true);
      }
      expect(exception.subject).toMatch(/acme\/(platform\/)?api/);
    }
  });
});

describe('refreshing the register', () => {
  it('keeps an exception’s id across re-runs and new imports', async () => {
    const first = fixture.add({ pullRequests: [pr(12), pr(13)] });
    const before = await fixture.exceptions();
    expect(first.outcome).toMatchObject({ total: before.length, new: before.length, noLongerDetected: 0 });
    expect(before.map((exception) => exception.rule)).toEqual(expect.arrayContaining(['self-merge', 'self-merge', 'ci-population-missing']));
    expect(before.map((exception) => exception.id).sort()).toEqual(before.map((_, i) => `EX-${String(i + 1).padStart(4, '0')}`));

    expect(fixture.refresh()).toMatchObject({ total: before.length, new: 0, noLongerDetected: 0 });
    // A reviewed PR #20 opens a gap (14-19) in the numbers: the only new finding; the others keep their ids.
    const second = fixture.add({ pullRequests: [pr(20, { mergedBy: 'dana' })], reviews: [review(20, { reviewer: 'lee' })] });
    expect(second.outcome).toMatchObject({ new: 1, noLongerDetected: 0 });
    const after = await fixture.exceptions();
    expect(after.filter((exception) => !before.some((old) => old.id === exception.id)).map((exception) => exception.rule)).toEqual(['pr-number-gap']);
    for (const exception of before) {
      const same = after.find((candidate) => candidate.id === exception.id);
      expect(same).toMatchObject({ rule: exception.rule, subject: exception.subject, firstDetectedAt: exception.firstDetectedAt, status: 'open' });
    }
  });

  it('marks a finding the data no longer shows as no longer detected, keeping its id, and reopens it if it comes back', async () => {
    fixture.add({ pullRequests: [pr(12)] });
    const [selfMerge] = (await fixture.exceptions()).filter((exception) => exception.rule === 'self-merge');
    expect(selfMerge).toMatchObject({ status: 'open', subject: `PR #12 (${REPO})` });

    const approved = fixture.add({ reviews: [review(12, { reviewId: 'R-dana', reviewer: 'dana' })] });
    expect(approved.outcome.noLongerDetected).toBe(1);
    expect((await fixture.harness.call('exceptions.get', { id: selfMerge!.id })).status).toBe('no_longer_detected');
    const open = await fixture.harness.call('exceptions.list', { offset: 0, limit: 100, includeResolved: false });
    expect(open.items.map((exception) => exception.id)).not.toContain(selfMerge!.id);

    // A newer export shows that approval dismissed: the same exception is open again, under its old id.
    fixture.add({ reviews: [review(12, { reviewId: 'R-dana', reviewer: 'dana', state: 'DISMISSED' })] });
    const reopened = await fixture.harness.call('exceptions.get', { id: selfMerge!.id });
    expect(reopened).toMatchObject({ status: 'open', rule: 'self-merge', firstDetectedAt: selfMerge!.firstDetectedAt });
    expect((await fixture.exceptions()).filter((exception) => exception.rule === 'self-merge')).toHaveLength(1);
  });
});

describe('links to the matrix', () => {
  beforeEach(async () => {
    await addPerson(fixture.harness, 'Rita Adeyemi', 'external_reviewer');
    await fixture.harness.call('matrix.applyTemplate', { template: 'solo' });
  });

  /** Reviewed PRs at both ends of the period: a PR population with nothing to find. */
  const healthyPrs = () => ({
    pullRequests: [pr(1, { mergedBy: 'dana', mergedAt: '2026-01-05T10:00:00Z' }), pr(2, { mergedBy: 'dana', mergedAt: '2026-12-28T10:00:00Z' })],
    reviews: [review(1, { reviewer: 'lee', submittedAt: '2026-01-05T09:00:00Z' }), review(2, { reviewer: 'lee', submittedAt: '2026-12-28T09:00:00Z' })],
    ciRuns: [run(sha('head-1'), { startedAt: '2026-01-05T08:00:00Z' }), run(sha('head-2'), { startedAt: '2026-12-28T08:00:00Z' })],
  });

  it('an open exception flags the controls its rule tests, and the control recovers when it is no longer detected', async () => {
    fixture.add(healthyPrs(), { kind: 'github-prs' });
    expect(await fixture.exceptions()).toEqual([]);
    expect(await controlByCatalog('CC-AUTOMATED-REVIEW')).toMatchObject({ status: 'ready' });

    fixture.add({
      gitCommits: [
        commit('start', { committedAt: '2026-01-05T10:00:00Z', arrival: 'pr-merge', prNumber: 1 }),
        commit('hotfix'),
        commit('end', { committedAt: '2026-12-28T10:00:00Z', arrival: 'pr-merge', prNumber: 2 }),
      ],
    });
    const automated = await controlByCatalog('CC-AUTOMATED-REVIEW');
    const branch = await controlByCatalog('CC-PROTECTED-BRANCH');
    expect(automated).toMatchObject({ status: 'flagged', statusReason: '1 open exception in its evidence.' });
    expect(branch).toMatchObject({ status: 'flagged' });

    const register = await fixture.exceptions();
    expect(register.map((exception) => exception.rule)).toEqual(['direct-push']);
    const [direct] = register;
    expect(direct!.controlIds.sort()).toEqual([automated.id, branch.id].sort());
    const filtered = await fixture.harness.call('exceptions.list', { offset: 0, limit: 100, controlId: branch.id, includeResolved: false });
    expect(filtered.items.map((exception) => exception.id)).toEqual([direct!.id]);

    // The PR export now shows the commit was a fast-forward merge of a reviewed PR.
    fixture.add({ pullRequests: [pr(3, { mergedBy: 'dana', headSha: sha('hotfix') })], reviews: [review(3, { reviewer: 'lee', commitSha: sha('hotfix') })], ciRuns: [run(sha('hotfix'))] });
    expect((await fixture.exceptions()).filter((exception) => exception.status === 'open')).toEqual([]);
    expect((await fixture.harness.call('exceptions.get', { id: direct!.id })).status).toBe('no_longer_detected');
    expect(await controlByCatalog('CC-AUTOMATED-REVIEW')).toMatchObject({ status: 'ready' });
  });

  it('exceptions found before the matrix existed are linked once it is built', async () => {
    fixture.add({ protection: [protection({ forcePushAllowed: true })] });
    const [exception] = (await fixture.exceptions()).filter((candidate) => candidate.rule === 'force-push-allowed');
    expect(exception!.controlIds).toEqual([(await controlByCatalog('CC-PROTECTED-BRANCH')).id]);
  });

  it('a bot approval counted as the automated review does not flag that control', async () => {
    const records = healthyPrs();
    records.pullRequests = records.pullRequests.map((change) => ({ ...change, mergedBy: 'sam' }));
    records.reviews = records.reviews.map((approval) => ({ ...approval, reviewer: 'coderabbitai[bot]', reviewerIsBot: true }));
    fixture.add(records);
    const register = await fixture.exceptions();
    expect(register.map((exception) => [exception.rule, exception.controlIds])).toEqual([
      ['bot-approval-only', []],
      ['bot-approval-only', []],
    ]);
    expect(await controlByCatalog('CC-AUTOMATED-REVIEW')).toMatchObject({ status: 'ready' });
  });
});
