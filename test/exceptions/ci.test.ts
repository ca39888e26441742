/**
 * CI before merge and before deployment, judged only where imported runs could show it, and the one
 * finding per repository that says where they cannot.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isOneSentence } from '../matrix/harness.js';
import { commit, createRuleFixture, deployment, pr, REPO, run, sha, type RuleFixture } from './helpers.js';

let fixture: RuleFixture;
beforeEach(async () => {
  fixture = await createRuleFixture();
});
afterEach(() => fixture.dispose());

/** A run early in the period, so the repository's CI evidence covers everything after it. */
const earlyRun = () => run(sha('january'), { startedAt: '2026-01-02T00:00:00Z', completedAt: '2026-01-02T00:10:00Z' });

describe('no-ci-before-merge', () => {
  it('fires for a merged PR with no successful run of its head before the merge', () => {
    const prs = fixture.add({ pullRequests: [pr(12)] });
    fixture.add({ ciRuns: [earlyRun()] });
    const findings = fixture.find('no-ci-before-merge');
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ key: `github:${REPO}#12`, subject: `PR #12 (${REPO})`, evidence: [{ type: 'pull request', key: `${REPO}#12`, evidenceId: prs.evidenceId }] });
    expect(findings[0]!.explanation).toBe('Pull request #12 was merged on 2026-03-02 with no CI run for its code before the merge.');
  });

  it('says when the runs before the merge failed, and links them', () => {
    fixture.add({ pullRequests: [pr(13)] });
    const runs = fixture.add({ ciRuns: [earlyRun(), run(sha('head-13'), { runId: 'R-fail', conclusion: 'failure' })] });
    const [finding] = fixture.find('no-ci-before-merge');
    expect(finding!.explanation).toBe('Pull request #13 was merged on 2026-03-02 although its CI runs before the merge did not succeed (failure).');
    expect(finding!.evidence).toContainEqual({ type: 'CI run', key: `${REPO} run R-fail`, evidenceId: runs.evidenceId });
    expect(isOneSentence(finding!.explanation)).toBe(true);
  });

  it('does not fire when a run of the head succeeded before the merge (GitLab: a status-only pipeline)', () => {
    fixture.add({ pullRequests: [pr(14), pr(15, { provider: 'gitlab' })] });
    fixture.add({
      ciRuns: [earlyRun(), run(sha('head-14')), { ...earlyRun(), provider: 'gitlab' }, run(sha('head-15'), { provider: 'gitlab', status: 'success', conclusion: null })],
    });
    expect(fixture.find('no-ci-before-merge')).toEqual([]);
  });

  it('fires when the only successful run started after the merge', () => {
    fixture.add({ pullRequests: [pr(16)], ciRuns: [earlyRun(), run(sha('merge-16'), { startedAt: '2026-03-02T10:01:00Z', event: 'push' })] });
    expect(fixture.find('no-ci-before-merge')).toHaveLength(1);
  });

  it('does not judge PRs when no runs of the repository are imported: ci-population-missing says so instead', () => {
    fixture.add({ pullRequests: [pr(17), pr(18)] });
    expect(fixture.find('no-ci-before-merge')).toEqual([]);
    const missing = fixture.find('ci-population-missing');
    expect(missing).toHaveLength(1);
    expect(missing[0]).toMatchObject({ key: `github:${REPO}`, subject: `CI runs of ${REPO}` });
    expect(missing[0]!.explanation).toBe(`No CI runs are imported for ${REPO}, so whether CI passed before the 2 pull requests merged in the period cannot be shown; import its CI runs.`);
  });

  it('judges a Git merge commit with no PR record by the PR head it merged (its second parent)', () => {
    fixture.add({ ciRuns: [earlyRun(), run(sha('branch-ok'), { startedAt: '2026-03-02T09:00:00Z' })] });
    fixture.add({
      gitCommits: [
        commit('merge-ok', { arrival: 'pr-merge', prNumber: 20, parents: [sha('main'), sha('branch-ok')] }),
        commit('merge-bad', { arrival: 'pr-merge', prNumber: 21, parents: [sha('main'), sha('branch-bad')] }),
        commit('squash', { arrival: 'squash-merge', prNumber: 22 }),
      ],
    });
    const findings = fixture.find('no-ci-before-merge');
    expect(findings.map((finding) => finding.subject)).toEqual([`commit ${sha('merge-bad').slice(0, 7)} (${REPO})`]);
    expect(findings[0]!.explanation).toContain('(the merge of #21)');
  });

  it('does not judge a merge commit twice when its PR is imported', () => {
    fixture.add({ ciRuns: [earlyRun()] });
    fixture.add({ gitCommits: [commit('merge-23', { arrival: 'pr-merge', prNumber: 23, parents: [sha('main'), sha('head-23')] })], pullRequests: [pr(23)] });
    expect(fixture.find('no-ci-before-merge').map((finding) => finding.subject)).toEqual([`PR #23 (${REPO})`]);
  });
});

describe('no-ci-before-deploy', () => {
  it('fires for a deployment of a commit with no successful run before it', () => {
    const deployments = fixture.add({ deployments: [deployment('9001', sha('untested'))] });
    fixture.add({ ciRuns: [earlyRun()] });
    const findings = fixture.find('no-ci-before-deploy');
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      key: `github:${REPO}:deployment:9001`,
      subject: `deployment 9001 to production (${REPO})`,
      occurredAt: '2026-03-02T11:00:00Z',
      evidence: [{ type: 'deployment', key: `${REPO} deployment 9001`, evidenceId: deployments.evidenceId }],
    });
    expect(findings[0]!.explanation).toBe(`Commit ${sha('untested').slice(0, 7)} was deployed to production on 2026-03-02 with no CI run for its code before the deployment.`);
  });

  it('does not fire when the deployed commit passed CI first', () => {
    fixture.add({ deployments: [deployment('9002', sha('tested'))], ciRuns: [earlyRun(), run(sha('tested'))] });
    expect(fixture.find('no-ci-before-deploy')).toEqual([]);
  });
});

describe('ci-population-missing', () => {
  it('fires when the imported runs begin after changes of the period, counting them', () => {
    fixture.add({
      pullRequests: [pr(30, { mergedAt: '2026-01-10T10:00:00Z' }), pr(31, { mergedAt: '2026-03-02T10:00:00Z' })],
      deployments: [deployment('9003', sha('early'), { createdAt: '2026-01-11T10:00:00Z' })],
      ciRuns: [run(sha('head-31'), { startedAt: '2026-03-01T00:00:00Z' })],
    });
    const [finding] = fixture.find('ci-population-missing');
    expect(finding!.explanation).toBe(
      `The CI runs imported for ${REPO} begin on 2026-03-01, so whether CI passed before the 1 pull request merged and 1 deployment earlier in the period cannot be shown; import the runs of the whole period.`,
    );
    expect(finding!.occurredAt).toBe('2026-01-10T10:00:00Z');
    // The PR after the runs begin is judged as usual (and passes).
    expect(fixture.find('no-ci-before-merge')).toEqual([]);
  });

  it('does not fire when the runs cover every change of the period', () => {
    fixture.add({ pullRequests: [pr(32)], ciRuns: [earlyRun(), run(sha('head-32'))] });
    expect(fixture.find('ci-population-missing')).toEqual([]);
  });
});
