/**
 * Who approved each merged pull request: self-merge, self-approval-only, unreviewed-merge,
 * bot-approval-only (one of them per PR at most), approval-after-merge and stale-approval.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeRecords } from '../../electron/core/evidence/records.js';
import { isOneSentence } from '../matrix/harness.js';
import { createRuleFixture, pr, REPO, review, rule, sha, type RuleFixture } from './helpers.js';

let fixture: RuleFixture;
beforeEach(async () => {
  fixture = await createRuleFixture();
});
afterEach(() => fixture.dispose());

const FAMILY = ['self-merge', 'self-approval-only', 'unreviewed-merge', 'bot-approval-only'] as const;
/** Which of the four mutually exclusive approval rules reports each PR number. */
const family = (): Record<number, string> => {
  const byPr: Record<number, string> = {};
  for (const id of FAMILY) {
    for (const finding of fixture.find(id)) {
      const number = Number(/#(\d+)/.exec(finding.subject)?.[1]);
      expect(byPr[number], `PR #${number} is reported by both ${byPr[number]} and ${id}`).toBeUndefined();
      byPr[number] = id;
    }
  }
  return byPr;
};

describe('self-merge', () => {
  it('fires when the author merged with no approval by anyone else, and says so in one sentence', () => {
    const { evidenceId } = fixture.add({ pullRequests: [pr(12, { author: 'sam', mergedBy: 'sam' })] });
    const findings = fixture.find('self-merge');
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      key: `github:${REPO}#12`,
      subject: `PR #12 (${REPO})`,
      occurredAt: '2026-03-02T10:00:00Z',
      evidence: [{ type: 'pull request', key: `${REPO}#12`, evidenceId }],
    });
    expect(findings[0]!.explanation).toBe('Pull request #12 was merged by its own author, sam, on 2026-03-02 and nobody approved it.');
    expect(isOneSentence(findings[0]!.explanation)).toBe(true);
  });

  it('fires when the only approval is the author’s own, naming it (and self-approval-only does not also fire)', () => {
    fixture.add({ pullRequests: [pr(13)], reviews: [review(13, { reviewer: 'sam' })] });
    expect(family()).toEqual({ 13: 'self-merge' });
    expect(fixture.find('self-merge')[0]!.explanation).toContain('the only approval was their own');
    expect(fixture.find('self-merge')[0]!.evidence.map((ref) => ref.type)).toEqual(['pull request', 'review']);
  });

  it('matches the author case-insensitively', () => {
    fixture.add({ pullRequests: [pr(14, { author: 'Sam', mergedBy: 'sam' })] });
    expect(family()).toEqual({ 14: 'self-merge' });
  });

  it('does not fire when someone else approved, even if the author merged', () => {
    fixture.add({ pullRequests: [pr(15)], reviews: [review(15, { reviewer: 'dana' })] });
    expect(family()).toEqual({});
  });

  it('does not count an approval the same reviewer later overturned by requesting changes', () => {
    fixture.add({
      pullRequests: [pr(16)],
      reviews: [
        review(16, { reviewer: 'dana', submittedAt: '2026-03-02T08:00:00Z' }),
        review(16, { reviewer: 'dana', state: 'CHANGES_REQUESTED', submittedAt: '2026-03-02T09:00:00Z' }),
      ],
    });
    expect(family()).toEqual({ 16: 'self-merge' });
  });

  it('ignores comments, dismissed reviews and PRs merged outside the period', () => {
    fixture.add({
      pullRequests: [pr(17), pr(18, { mergedAt: '2025-12-15T10:00:00Z' })],
      reviews: [review(17, { state: 'COMMENTED' }), review(17, { reviewer: 'lee', state: 'DISMISSED' })],
    });
    expect(family()).toEqual({ 17: 'self-merge' });
  });

  it('does not count a bot’s approval as independent when the matrix names no automated review', () => {
    fixture.add({ pullRequests: [pr(19)], reviews: [review(19, { reviewer: 'coderabbitai[bot]', reviewerIsBot: true })] });
    expect(family()).toEqual({ 19: 'self-merge' });
    const explanation = fixture.find('self-merge')[0]!.explanation;
    expect(explanation).toContain('coderabbitai[bot]');
    expect(explanation).toContain('not an independent person');
    expect(isOneSentence(explanation)).toBe(true);
  });
});

describe('self-approval-only', () => {
  it('fires when someone else merged but the only approval is the author’s', () => {
    fixture.add({ pullRequests: [pr(20, { mergedBy: 'dana' })], reviews: [review(20, { reviewer: 'sam' })] });
    expect(family()).toEqual({ 20: 'self-approval-only' });
    const [finding] = fixture.find('self-approval-only');
    expect(finding!.explanation).toBe('Pull request #20 was merged by dana on 2026-03-02, but its only approval was by its own author, sam.');
  });

  it('does not fire when another person approved as well', () => {
    fixture.add({ pullRequests: [pr(21, { mergedBy: 'dana' })], reviews: [review(21, { reviewer: 'sam' }), review(21, { reviewer: 'lee' })] });
    expect(family()).toEqual({});
  });
});

describe('unreviewed-merge', () => {
  it('fires when someone other than the author merged and nobody approved', () => {
    fixture.add({ pullRequests: [pr(30, { author: 'dependabot[bot]', authorIsBot: true, mergedBy: 'sam' })] });
    expect(family()).toEqual({ 30: 'unreviewed-merge' });
    expect(fixture.find('unreviewed-merge')[0]!.explanation).toBe('Pull request #30 by dependabot[bot] was merged by sam on 2026-03-02 and nobody approved it.');
  });

  it('fires when the export does not say who merged, and says that', () => {
    fixture.add({ pullRequests: [pr(31, { mergedBy: null })] });
    expect(family()).toEqual({ 31: 'unreviewed-merge' });
    expect(fixture.find('unreviewed-merge')[0]!.explanation).toContain('the export does not say by whom');
  });

  it('does not fire when an independent person approved', () => {
    fixture.add({ pullRequests: [pr(32, { mergedBy: 'dana' })], reviews: [review(32, { reviewer: 'lee' })] });
    expect(family()).toEqual({});
  });

  it('names a GitLab merge request as one', () => {
    fixture.add({ pullRequests: [pr(33, { provider: 'gitlab', repo: 'acme/platform/api', mergedBy: 'dana' })] });
    const [finding] = fixture.find('unreviewed-merge');
    expect(finding).toMatchObject({ subject: 'MR !33 (acme/platform/api)', key: 'gitlab:acme/platform/api!33' });
    expect(finding!.explanation).toMatch(/^Merge request !33 /);
  });
});

describe('bot-approval-only', () => {
  const botApproved = () => ({
    pullRequests: [pr(40), pr(41, { mergedBy: 'dana' })],
    reviews: [review(40, { reviewer: 'coderabbitai[bot]', reviewerIsBot: true }), review(41, { reviewer: 'copilot-reviewer[bot]', reviewerIsBot: true })],
  });

  it('replaces self-merge and unreviewed-merge when the matrix names the automated review control', async () => {
    await fixture.harness.call('matrix.applyTemplate', { template: 'solo' });
    fixture.add(botApproved());
    expect(family()).toEqual({ 40: 'bot-approval-only', 41: 'bot-approval-only' });
    const [finding] = fixture.find('bot-approval-only');
    expect(finding!.explanation).toBe(
      'Pull request #40 by sam was approved by the automated reviewer coderabbitai[bot] only; this counts as the automated review, not an independent human approval.',
    );
    expect(rule('bot-approval-only')).toMatchObject({ severity: 'low', controls: [] });
  });

  it('does not fire without that control: the PRs are self-merge and unreviewed-merge', () => {
    fixture.add(botApproved());
    expect(family()).toEqual({ 40: 'self-merge', 41: 'unreviewed-merge' });
  });

  it('does not fire when a person approved alongside the bot', async () => {
    await fixture.harness.call('matrix.applyTemplate', { template: 'solo' });
    fixture.add({ pullRequests: [pr(42)], reviews: [review(42, { reviewer: 'coderabbitai[bot]', reviewerIsBot: true }), review(42, { reviewer: 'dana' })] });
    expect(family()).toEqual({});
  });
});

describe('approval-after-merge', () => {
  it('fires when every approval is dated after the merge', () => {
    fixture.add({ pullRequests: [pr(50, { mergedBy: 'dana' })], reviews: [review(50, { reviewer: 'lee', submittedAt: '2026-03-02T10:05:00Z' })] });
    const findings = fixture.find('approval-after-merge');
    expect(findings).toHaveLength(1);
    expect(findings[0]!.explanation).toBe('Pull request #50 was merged on 2026-03-02 before anyone approved it: its approval is dated after the merge.');
    expect(family()).toEqual({}); // it was approved, just too late: one finding, not two
  });

  it('compares instants, not strings, across timestamp formats', () => {
    fixture.add({ pullRequests: [pr(51, { mergedAt: '2026-03-02T10:00:00.000Z' })], reviews: [review(51, { submittedAt: '2026-03-02T10:00:00Z' })] });
    expect(fixture.find('approval-after-merge')).toEqual([]);
  });

  it('does not fire when one approval came before the merge, or when an approval is undated', () => {
    fixture.add({
      pullRequests: [pr(52), pr(53)],
      reviews: [
        review(52, { reviewer: 'lee', submittedAt: '2026-03-02T11:00:00Z' }),
        review(52, { reviewer: 'dana', submittedAt: '2026-03-02T09:00:00Z' }),
        review(53, { reviewer: 'lee', submittedAt: null, provider: 'github' }),
      ],
    });
    expect(fixture.find('approval-after-merge')).toEqual([]);
  });
});

describe('stale-approval', () => {
  it('fires when every approval was on a commit other than the merged head', () => {
    fixture.add({ pullRequests: [pr(60)], reviews: [review(60, { commitSha: sha('older') })] });
    const findings = fixture.find('stale-approval');
    expect(findings).toHaveLength(1);
    expect(findings[0]!.explanation).toContain(sha('head-60').slice(0, 7));
    expect(isOneSentence(findings[0]!.explanation)).toBe(true);
  });

  it('does not fire when an approval covers the head, or when the commits are not known', () => {
    fixture.add({
      pullRequests: [pr(61), pr(62), pr(63, { headSha: null })],
      reviews: [
        review(61, { commitSha: sha('older') }),
        review(61, { reviewer: 'lee' }),
        review(62, { commitSha: null }),
        review(63, { commitSha: sha('older') }),
      ],
    });
    expect(fixture.find('stale-approval')).toEqual([]);
  });
});

describe('a rule run again on the same period object', () => {
  it('sees records written since, even a replacement of the newest row', () => {
    const period = fixture.period;
    const db = fixture.workspace.db;
    const subjects = (id: string) => rule(id).find(db, period).map((finding) => finding.subject);
    const { evidenceId } = fixture.add({ pullRequests: [pr(80)] });
    expect(subjects('self-merge')).toEqual([`PR #80 (${REPO})`]);
    // Written straight to the tables, with no refresh in between, as a careless caller might.
    writeRecords(db, evidenceId, { pullRequests: [pr(80, { mergedBy: 'dana' })] });
    expect(subjects('self-merge')).toEqual([]);
    expect(subjects('unreviewed-merge')).toEqual([`PR #80 (${REPO})`]);
    writeRecords(db, evidenceId, { reviews: [review(80, { reviewer: 'lee' })] });
    expect(subjects('unreviewed-merge')).toEqual([]);
  });
});

describe('the observation period', () => {
  it('is taken in the workspace’s time zone', () => {
    fixture.add({ pullRequests: [pr(70, { mergedAt: '2026-01-01T03:00:00Z' }), pr(71, { mergedAt: '2027-01-01T03:00:00Z' })] });
    const london = { periodStart: '2026-01-01', periodEnd: '2026-12-31', timeZone: 'Europe/London' };
    const newYork = { ...london, timeZone: 'America/New_York' };
    const numbers = (period: typeof london) => rule('self-merge').find(fixture.workspace.db, period).map((finding) => finding.subject);
    // 03:00 UTC on 1 January is still 31 December in New York.
    expect(numbers(london)).toEqual([`PR #70 (${REPO})`]);
    expect(numbers(newYork)).toEqual([`PR #71 (${REPO})`]);
  });
});
