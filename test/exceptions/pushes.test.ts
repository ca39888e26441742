/**
 * Changes that reached the default branch without a pull request (direct-push) and rewrites of a
 * protected branch's history (force-push).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isOneSentence } from '../matrix/harness.js';
import { activity, commit, createRuleFixture, pr, protection, REPO, sha, type RuleFixture } from './helpers.js';

let fixture: RuleFixture;
beforeEach(async () => {
  fixture = await createRuleFixture();
});
afterEach(() => fixture.dispose());

const subjects = (ruleId: string) => fixture.find(ruleId).map((finding) => finding.subject);

describe('direct-push from the Git history', () => {
  it('fires for a first-parent commit that arrived by direct push, with the commit as proof', () => {
    const { evidenceId } = fixture.add({ gitCommits: [commit('hotfix', { subject: 'Hotfix the login page', authorName: 'Sam Okafor' })] });
    const findings = fixture.find('direct-push');
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      key: `commit:${REPO}@${sha('hotfix')}`,
      subject: `commit ${sha('hotfix').slice(0, 7)} (${REPO})`,
      occurredAt: '2026-03-02T10:00:00Z',
      evidence: [{ type: 'commit', key: `${REPO}@${sha('hotfix')}`, evidenceId }],
    });
    expect(findings[0]!.severity).toBeUndefined();
    expect(findings[0]!.explanation).toBe(
      `Commit ${sha('hotfix').slice(0, 7)} “Hotfix the login page” by Sam Okafor was pushed directly to main on 2026-03-02 without a pull request.`,
    );
    expect(isOneSentence(findings[0]!.explanation)).toBe(true);
  });

  it('does not fire for merges and squash merges of pull requests, or outside the period', () => {
    fixture.add({
      gitCommits: [
        commit('merge', { arrival: 'pr-merge', prNumber: 4, parents: [sha('a'), sha('b')] }),
        commit('squash', { arrival: 'squash-merge', prNumber: 5 }),
        commit('old', { committedAt: '2025-11-02T10:00:00Z' }),
      ],
    });
    expect(fixture.find('direct-push')).toEqual([]);
  });

  it('does not fire for a commit the PR export shows landed a merged PR (fast-forward)', () => {
    fixture.add({
      gitCommits: [commit('ff-head'), commit('ff-merge')],
      pullRequests: [pr(7, { headSha: sha('ff-head'), mergeCommitSha: null }), pr(8, { headSha: sha('x'), mergeCommitSha: sha('ff-merge') })],
    });
    expect(fixture.find('direct-push')).toEqual([]);
  });

  it('walks back through the commits a fast-forward brought along, but no further than the PR’s opening', () => {
    fixture.add({
      gitCommits: [
        commit('before', { committedAt: '2026-02-27T10:00:00Z', parents: [sha('root')] }),
        commit('ff-1', { committedAt: '2026-03-01T10:00:00Z', parents: [sha('before')] }),
        commit('ff-2', { committedAt: '2026-03-01T11:00:00Z', parents: [sha('ff-1')] }),
        commit('ff-3', { committedAt: '2026-03-02T10:00:00Z', parents: [sha('ff-2')] }),
      ],
      pullRequests: [pr(9, { provider: 'gitlab', createdAt: '2026-03-01T09:00:00Z', headSha: sha('ff-3'), mergeCommitSha: null })],
    });
    expect(subjects('direct-push')).toEqual([`commit ${sha('before').slice(0, 7)} (${REPO})`]);
  });

  it('reports a web-UI commit as medium, unless it sits on a PR merge (a rebase merge)', () => {
    fixture.add({
      gitCommits: [
        commit('web-edit', { arrival: 'web-ui', committerEmail: 'noreply@github.com', committedAt: '2026-04-01T10:00:00Z' }),
        commit('rebased-1', { arrival: 'web-ui', committerEmail: 'noreply@github.com', committedAt: '2026-05-01T10:00:00Z' }),
        commit('rebased-2', { arrival: 'web-ui', committerEmail: 'noreply@github.com', committedAt: '2026-05-01T10:00:00Z' }),
      ],
      pullRequests: [pr(10, { mergedAt: '2026-05-01T10:00:01Z', mergeCommitSha: sha('rebased-2') })],
    });
    const findings = fixture.find('direct-push');
    expect(findings.map((finding) => finding.subject)).toEqual([`commit ${sha('web-edit').slice(0, 7)} (${REPO})`]);
    expect(findings[0]).toMatchObject({ severity: 'medium' });
    expect(findings[0]!.explanation).toContain('web interface');
  });

  it('adds the push from the activity log to the commit’s proof, without a second finding', () => {
    const git = fixture.add({ gitCommits: [commit('pushed')] });
    const log = fixture.add({ activity: [activity('push', { activityId: 'A1', afterSha: sha('pushed') })] });
    const findings = fixture.find('direct-push');
    expect(findings).toHaveLength(1);
    expect(findings[0]!.evidence).toEqual([
      { type: 'commit', key: `${REPO}@${sha('pushed')}`, evidenceId: git.evidenceId },
      { type: 'activity event', key: `${REPO} activity A1`, evidenceId: log.evidenceId },
    ]);
  });
});

describe('direct-push from the activity log', () => {
  it('fires for a push to the default branch whose commit is not otherwise known', () => {
    const { evidenceId } = fixture.add({ activity: [activity('push', { activityId: 'A2', actor: 'sam', afterSha: sha('unknown') })] });
    const findings = fixture.find('direct-push');
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      key: `github:${REPO}:activity:A2`,
      subject: `push to main (${REPO})`,
      occurredAt: '2026-03-03T12:00:00Z',
      evidence: [{ type: 'activity event', key: `${REPO} activity A2`, evidenceId }],
    });
    expect(findings[0]!.explanation).toBe(`Branch main was pushed to directly by sam on 2026-03-03, making ${sha('unknown').slice(0, 7)} its head, without a pull request.`);
  });

  it('does not fire for pushes to other branches, pushes that a PR merge made, or pushes of a merged PR', () => {
    fixture.add({
      pullRequests: [pr(11, { mergeCommitSha: sha('merged'), headSha: sha('merged-head') }), pr(12, { headSha: sha('ff') })],
      activity: [
        activity('push', { ref: 'refs/heads/feature/login' }),
        activity('pr_merge', { afterSha: sha('by-button') }),
        activity('push', { afterSha: sha('by-button') }),
        activity('push', { afterSha: sha('merged') }),
        activity('push', { afterSha: sha('ff') }),
      ],
    });
    expect(fixture.find('direct-push')).toEqual([]);
  });

  it('takes the default branch from the PRs when it is not main', () => {
    fixture.add({
      pullRequests: [pr(13, { baseBranch: 'trunk' })],
      activity: [activity('push', { ref: 'refs/heads/trunk' }), activity('push', { ref: 'refs/heads/main' })],
    });
    expect(subjects('direct-push')).toEqual([`push to trunk (${REPO})`]);
  });
});

describe('activity logs that do not name their repository', () => {
  // `gh api repos/O/R/activity` writes events without the repository: they are stored with repo "".
  it('are matched to the Git history of any repository, without a second finding', () => {
    fixture.add({ gitCommits: [commit('pushed')] });
    const log = fixture.add({ activity: [activity('push', { repo: '', activityId: 'A9', afterSha: sha('pushed') })] });
    const findings = fixture.find('direct-push');
    expect(findings.map((finding) => finding.subject)).toEqual([`commit ${sha('pushed').slice(0, 7)} (${REPO})`]);
    expect(findings[0]!.evidence).toContainEqual({ type: 'activity event', key: 'activity A9', evidenceId: log.evidenceId });
  });

  it('belong to the workspace’s only repository, with its default branch', () => {
    fixture.add({ pullRequests: [pr(1, { baseBranch: 'trunk' })] });
    fixture.add({ activity: [activity('force_push', { repo: '', ref: 'refs/heads/trunk' }), activity('push', { repo: '', ref: 'refs/heads/trunk', afterSha: sha('x') })] });
    expect(subjects('force-push')).toEqual([`force push to trunk (${REPO})`]);
    expect(subjects('direct-push')).toEqual([`push to trunk (${REPO})`]);
  });

  it('say so when no repository is known', () => {
    fixture.add({ activity: [activity('force_push', { repo: '' })] });
    expect(subjects('force-push')).toEqual(['force push to main (repository not named in the export)']);
  });
});

describe('force-push', () => {
  it('fires for a force push to the default branch', () => {
    fixture.add({ activity: [activity('force_push', { activityId: 'F1', actor: 'sam', beforeSha: sha('a'), afterSha: sha('b') })] });
    const findings = fixture.find('force-push');
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ key: `github:${REPO}:activity:F1`, subject: `force push to main (${REPO})` });
    expect(findings[0]!.explanation).toBe(
      `Branch main was force-pushed by sam on 2026-03-03, replacing ${sha('a').slice(0, 7)} with ${sha('b').slice(0, 7)}, which rewrites its history.`,
    );
  });

  it('fires for a force push to a branch a protection rule covers by pattern', () => {
    fixture.add({
      protection: [protection({ source: 'ruleset', target: 'refs/heads/release/*' })],
      activity: [activity('force_push', { ref: 'refs/heads/release/2.1' })],
    });
    expect(subjects('force-push')).toEqual([`force push to release/2.1 (${REPO})`]);
  });

  it('does not fire for a force push to an unprotected work branch, or outside the period', () => {
    fixture.add({
      protection: [protection({ source: 'ruleset', target: 'refs/heads/release/*' })],
      activity: [activity('force_push', { ref: 'refs/heads/sam/wip' }), activity('force_push', { at: '2025-12-01T00:00:00Z' })],
    });
    expect(fixture.find('force-push')).toEqual([]);
  });
});
