/**
 * Completeness of the populations: gaps in PR numbers, and histories that do not cover the period.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isOneSentence } from '../matrix/harness.js';
import { commit, createRuleFixture, pr, REPO, sha, type RuleFixture } from './helpers.js';

let fixture: RuleFixture;
beforeEach(async () => {
  fixture = await createRuleFixture();
});
afterEach(() => fixture.dispose());

describe('pr-number-gap', () => {
  it('lists the missing numbers compactly and asks to confirm them', () => {
    const numbers = [10, 11, 14, 16, 17, 25];
    const { evidenceId } = fixture.add({ pullRequests: numbers.map((number) => pr(number)) });
    const findings = fixture.find('pr-number-gap');
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ key: `github:${REPO}`, subject: `PR numbers of ${REPO}`, occurredAt: null });
    expect(findings[0]!.explanation).toBe(
      '10 numbers between the first and last pull request merged in the period are not in the evidence (#12-13, 15, 18-24): they may be issues, which share the numbering, or pull requests missing from the export; confirm.',
    );
    expect(isOneSentence(findings[0]!.explanation)).toBe(true);
    expect(findings[0]!.evidence[0]).toEqual({ type: 'pull request', key: `${REPO}#11`, evidenceId });
  });

  it('counts unmerged PRs as present and ignores numbers outside the period’s merged range', () => {
    fixture.add({
      pullRequests: [
        pr(1, { mergedAt: '2025-10-01T00:00:00Z' }),
        pr(5),
        pr(6, { mergedAt: null, mergedBy: null, state: 'CLOSED' }),
        pr(7),
        pr(9, { mergedAt: '2027-02-01T00:00:00Z' }),
      ],
    });
    expect(fixture.find('pr-number-gap')).toEqual([]);
  });

  it('says what a gap means on GitLab, and caps a long list', () => {
    fixture.add({ pullRequests: Array.from({ length: 40 }, (_, i) => pr(i * 3 + 1, { provider: 'gitlab' })) });
    const [finding] = fixture.find('pr-number-gap');
    expect(finding!.subject).toBe(`MR numbers of ${REPO}`);
    expect(finding!.explanation).toMatch(/^78 numbers .* \(!2-3, 5-6, .* and 28 more\): they may be merge requests closed without merging/);
    expect(finding!.evidence.length).toBeLessThanOrEqual(20);
  });
});

describe('history-does-not-cover-period', () => {
  const history = (first: string, last: string) => [commit('first', { committedAt: first }), commit('last', { committedAt: last })];

  it('fires when the Git history starts more than 14 days into the period', () => {
    const { evidenceId } = fixture.add({ gitCommits: history('2026-02-01T00:00:00Z', '2026-12-30T00:00:00Z') }, { collectedAt: '2027-01-05T00:00:00Z' });
    const findings = fixture.find('history-does-not-cover-period');
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ key: `git:${REPO}`, subject: `Git history of ${REPO}`, occurredAt: '2026-02-01T00:00:00Z' });
    expect(findings[0]!.explanation).toBe(
      `The Git history imported for ${REPO} starts on 2026-02-01, 31 days after the period begins on 2026-01-01: confirm there were no changes then, or import the missing part.`,
    );
    expect(findings[0]!.evidence).toEqual([
      { type: 'commit', key: `${REPO}@${sha('first')}`, evidenceId },
      { type: 'commit', key: `${REPO}@${sha('last')}`, evidenceId },
    ]);
  });

  it('fires when the PRs end more than 14 days before the period ends', () => {
    fixture.add({ pullRequests: [pr(1, { mergedAt: '2026-01-03T00:00:00Z' }), pr(2, { mergedAt: '2026-10-01T00:00:00Z' })] }, { collectedAt: '2027-01-05T00:00:00Z' });
    const [finding] = fixture.find('history-does-not-cover-period');
    expect(finding).toMatchObject({ key: `prs:github:${REPO}`, subject: `Pull requests of ${REPO}` });
    expect(finding!.explanation).toBe(
      `The pull requests imported for ${REPO} end on 2026-10-01, 91 days before the period ends on 2026-12-31: confirm there were no changes then, or import the missing part.`,
    );
  });

  it('does not fire when the records reach both ends within 14 days', () => {
    fixture.add({ gitCommits: history('2026-01-10T00:00:00Z', '2026-12-20T00:00:00Z') }, { collectedAt: '2027-01-05T00:00:00Z' });
    expect(fixture.find('history-does-not-cover-period')).toEqual([]);
  });

  it('does not blame a running period for the days after the evidence was collected', () => {
    fixture.add({ gitCommits: history('2026-01-05T00:00:00Z', '2026-03-28T00:00:00Z') }, { collectedAt: '2026-04-01T00:00:00Z' });
    expect(fixture.find('history-does-not-cover-period')).toEqual([]);
    fixture.add({ gitCommits: [commit('older', { committedAt: '2026-01-06T00:00:00Z' })] }, { collectedAt: '2026-06-01T00:00:00Z' });
    expect(fixture.find('history-does-not-cover-period')[0]!.explanation).toContain('days before the evidence was collected on 2026-06-01');
  });
});
