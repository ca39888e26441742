/**
 * The `github-prs` importer on gh's JSON (fixtures written to gh's shapes: bot authors, empty
 * reviewDecision, a stale approval, a deleted author, the 30-item cut-off), on REST pull requests and
 * reviews, and on the shared PyGithub bundle (imported whole and split), then through dispatch():
 * wrong kind, malformed JSON, re-import.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { githubPullRequestsImporter as importer } from '../../electron/core/evidence/importers/githubPullRequests.js';
import type { PullRequestRecord, ReviewRecord } from '../../electron/core/evidence/records.js';
import { CallFailed, createHarness, type Harness } from '../matrix/harness.js';
import { makeTempDir } from '../support/tempDir.js';
import { BUNDLE, GITLAB_MR, context, fixture, inputFromText, inputOf, parseWith, splitFromBundle } from './github-support.js';

const byNumber = (pulls: PullRequestRecord[] | undefined, number: number): PullRequestRecord => {
  const pull = pulls?.find((candidate) => candidate.number === number);
  if (!pull) throw new Error(`no PR #${number}`);
  return pull;
};
const reviewsOf = (reviews: ReviewRecord[] | undefined, number: number): ReviewRecord[] =>
  (reviews ?? []).filter((review) => review.prNumber === number).sort((a, b) => (a.submittedAt ?? '').localeCompare(b.submittedAt ?? ''));

/** A gh pr list export of `n` merged PRs, compact as gh writes it to a file. */
const ghList = (n: number): string =>
  JSON.stringify(
    Array.from({ length: n }, (_, i) => ({
      author: { id: 'MDQ6VXNlcjEwMDE=', is_bot: false, login: 'sam-okafor', name: 'Sam Okafor' },
      baseRefName: 'main',
      createdAt: '2026-02-01T10:00:00Z',
      headRefName: `topic-${i}`,
      headRefOid: i.toString(16).padStart(40, 'a'),
      latestReviews: [],
      mergeCommit: { oid: i.toString(16).padStart(40, 'b') },
      mergedAt: `2026-02-${String(1 + (i % 27)).padStart(2, '0')}T12:00:00Z`,
      mergedBy: { id: 'MDQ6VXNlcjEwMDE=', is_bot: false, login: 'sam-okafor', name: 'Sam Okafor' },
      number: 1000 - i,
      reviewDecision: '',
      reviews: [],
      title: `Change ${i}`,
      url: `https://github.com/sololabs/api/pull/${1000 - i}`,
    })),
  );

describe('github-prs: gh pr list --json', () => {
  it('reads every merged PR with its author, merger, commits and reviews', async () => {
    const parsed = await parseWith(importer, fixture('gh-pr-list.json'));
    const { pullRequests, reviews } = parsed.records;
    expect(pullRequests?.map((pull) => pull.number).sort((a, b) => a - b)).toEqual([98, 101, 102, 103, 104]);
    expect(byNumber(pullRequests, 101)).toEqual({
      provider: 'github',
      repo: 'sololabs/api',
      number: 101,
      title: 'Invoices: add VAT number to PDF',
      author: 'sam-okafor',
      authorIsBot: false,
      createdAt: '2026-03-02T09:14:03Z',
      mergedAt: '2026-03-02T16:02:45Z',
      mergedBy: 'sam-okafor',
      baseBranch: 'main',
      headSha: '4f1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c',
      mergeCommitSha: 'a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9',
      url: 'https://github.com/sololabs/api/pull/101',
      state: 'merged',
    });
    // reviews[] and latestReviews[] name the same approval once.
    expect(reviewsOf(reviews, 101)).toEqual([
      {
        provider: 'github',
        repo: 'sololabs/api',
        prNumber: 101,
        reviewId: 'PRR_kwDOKx1aAM5pQ1',
        reviewer: 'priya-raman',
        reviewerIsBot: false,
        state: 'APPROVED',
        submittedAt: '2026-03-02T15:40:11Z',
        commitSha: '4f1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c',
      },
    ]);
    expect(parsed.sourceSystem).toBe('GitHub');
    expect(parsed.collectionMethod).toMatch(/^gh pr list --repo sololabs\/api --state merged --json author,baseRefName,createdAt,/);
    expect(parsed.periodStart).toBe('2026-01-04T10:00:00Z');
    expect(parsed.periodEnd).toBe('2026-03-09T09:00:00Z');
    expect(parsed.mediaType).toBe('application/json');
    expect(parsed.title).toBe('GitHub pull requests, sololabs/api (5 merged pull requests)');
    expect(parsed.warnings).toEqual([]);
  });

  it('marks gh\'s "app/…" authors as bots and keeps a PR whose reviewDecision is empty', async () => {
    const { records } = await parseWith(importer, fixture('gh-pr-list.json'));
    const dependabot = byNumber(records.pullRequests, 102);
    expect(dependabot).toMatchObject({ author: 'app/dependabot', authorIsBot: true, mergedBy: 'sam-okafor' });
    expect(reviewsOf(records.reviews, 102)).toEqual([]);
  });

  it('keeps the commit an approval was given on, so a stale approval shows', async () => {
    const { records } = await parseWith(importer, fixture('gh-pr-list.json'));
    const pull = byNumber(records.pullRequests, 103);
    const [approval] = reviewsOf(records.reviews, 103);
    expect(approval).toMatchObject({ reviewer: 'priya-raman', state: 'APPROVED', commitSha: '0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d' });
    expect(approval!.commitSha).not.toBe(pull.headSha);
  });

  it('flags AI reviewers gh prints without a bot marker, and keeps latestReviews that reviews[] lacks', async () => {
    const { records } = await parseWith(importer, fixture('gh-pr-list.json'));
    const reviews = reviewsOf(records.reviews, 104);
    expect(reviews.map((review) => [review.reviewer, review.state, review.reviewerIsBot])).toEqual([
      ['sam-okafor', 'COMMENTED', false],
      ['coderabbitai', 'APPROVED', true],
      ['copilot-pull-request-reviewer', 'COMMENTED', true],
    ]);
    // gh's latestReviews carry no id: the one only latestReviews has gets a stable one.
    expect(reviews[2]!.reviewId).toBe('copilot-pull-request-reviewer|2026-03-09T08:06:40Z|COMMENTED');
  });

  it('reads an author GitHub no longer knows (gh writes {login: "app/", is_bot: true}) as ghost, not a bot', async () => {
    const { records } = await parseWith(importer, fixture('gh-pr-list.json'));
    expect(byNumber(records.pullRequests, 98)).toMatchObject({ author: 'ghost', authorIsBot: false });
  });

  it.each([30, 100, 1000])('warns that an export of exactly %i PRs may have been cut off', async (n) => {
    const parsed = await importer.parse(inputFromText('prs.json', ghList(n)), context());
    expect(parsed.records.pullRequests).toHaveLength(n);
    const warning = parsed.warnings.find((text) => text.includes('cut off'));
    expect(warning).toBeDefined();
    if (n === 30) expect(warning).toContain("gh pr list's default --limit of 30");
  });

  it("reads one pull request per line, as gh --jq '.[]' writes them", async () => {
    const lines = (JSON.parse(ghList(3)) as unknown[]).map((pull) => JSON.stringify(pull)).join('\n');
    const parsed = await importer.parse(inputFromText('prs.jsonl', `${lines}\n`), context());
    expect(parsed.records.pullRequests?.map((pull) => pull.number)).toEqual([1000, 999, 998]);
  });

  it('does not warn about a cut-off for 29 or 31 PRs', async () => {
    for (const n of [29, 31]) {
      const parsed = await importer.parse(inputFromText('prs.json', ghList(n)), context());
      expect(parsed.warnings.filter((text) => text.includes('cut off'))).toEqual([]);
    }
  });

  it('keeps open and closed PRs out of the population, and counts them', async () => {
    const parsed = await parseWith(importer, fixture('gh-pr-list-all-states.json'));
    expect(parsed.records.pullRequests?.map((pull) => pull.number)).toEqual([21]);
    expect(parsed.records.reviews?.map((review) => review.reviewId)).toEqual(['PRR_merged']);
    expect(parsed.warnings).toContain(
      '2 pull requests in the file are not merged (1 open, 1 closed without merging): only merged pull requests are changes, so they were left out.',
    );
    expect(parsed.filters).toContain('not merged, left out');
  });

  it('warns when merged PRs fall outside the observation period', async () => {
    const parsed = await parseWith(importer, fixture('gh-pr-list.json'), context({ periodStart: '2026-03-03', periodEnd: '2026-12-31' }));
    expect(parsed.warnings.join('\n')).toMatch(/2 merged pull requests were merged outside the observation period 2026-03-03 to 2026-12-31/);
  });

  it('records the repository as "unknown", with a warning, when the export has no url', async () => {
    const list = JSON.parse(ghList(3)) as Record<string, unknown>[];
    for (const pull of list) delete pull.url;
    const parsed = await importer.parse(inputFromText('prs.json', JSON.stringify(list)), context());
    expect(parsed.records.pullRequests?.map((pull) => pull.repo)).toEqual(['unknown', 'unknown', 'unknown']);
    expect(parsed.warnings).toContain(
      'The repository of 3 records is not in the file and is recorded as "unknown": include url in gh\'s --json list (or export with gh api, whose objects carry their URL).',
    );
  });

  it('warns when the export leaves out fields the checks need', async () => {
    const list = (JSON.parse(ghList(3)) as Record<string, unknown>[]).map(({ mergedBy: _mergedBy, reviews: _reviews, latestReviews: _latest, ...rest }) => rest);
    const parsed = await importer.parse(inputFromText('prs.json', JSON.stringify(list)), context());
    expect(parsed.records.pullRequests?.every((pull) => pull.mergedBy === null)).toBe(true);
    expect(parsed.warnings.join('\n')).toMatch(/^The export leaves out mergedBy, reviews: without them who authored, merged or approved a change/m);
  });

  it('refuses a gh export without mergedAt, saying which command to run', async () => {
    const text = JSON.stringify([{ number: 1, title: 'x', headRefName: 'a', url: 'https://github.com/o/r/pull/1' }]);
    await expect(importer.parse(inputFromText('prs.json', text), context())).rejects.toThrow(/does not say which pull requests were merged.*gh pr list/);
  });

  it('stops when cancelled', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(importer.parse(inputFromText('prs.json', ghList(5000)), context({ signal: controller.signal }))).rejects.toThrow('Cancelled');
  });
});

describe('github-prs: REST pull requests and reviews', () => {
  it('reads a combined {pulls, reviews} file: merged_by, bot users, reviews by number, unmerged left out', async () => {
    const parsed = await parseWith(importer, fixture('rest-pulls-with-reviews.json'));
    const { pullRequests, reviews } = parsed.records;
    expect(pullRequests?.map((pull) => pull.number)).toEqual([7, 8]);
    expect(byNumber(pullRequests, 7)).toMatchObject({ author: 'sam-okafor', mergedBy: 'sam-okafor', headSha: '7'.repeat(40), baseBranch: 'main', mergeCommitSha: 'c7'.repeat(20) });
    expect(byNumber(pullRequests, 8)).toMatchObject({ author: 'renovate[bot]', authorIsBot: true, mergedBy: 'priya-raman' });
    // The approval of #7 was given on an older commit than the one merged.
    expect(reviewsOf(reviews, 7).map((review) => [review.reviewId, review.state, review.commitSha])).toEqual([
      ['3001', 'APPROVED', '7a'.repeat(20)],
      ['3002', 'COMMENTED', '7'.repeat(40)],
    ]);
    expect(reviewsOf(reviews, 9)).toEqual([]);
    expect(parsed.warnings[0]).toMatch(/^1 pull request in the file is not merged \(1 closed without merging\)/);
    expect(parsed.collectionMethod).toBe('GET /repos/sololabs/api/pulls/{number} (gh api); GET /repos/sololabs/api/pulls/{number}/reviews (gh api)');
  });

  it('warns that the list endpoint leaves out merged_by', async () => {
    const parsed = await parseWith(importer, fixture('rest-pulls-list.json'));
    expect(parsed.records.pullRequests?.map((pull) => [pull.number, pull.mergedBy])).toEqual([
      [11, null],
      [10, null],
    ]);
    expect(parsed.warnings.join('\n')).toContain('2 merged pull requests have no merged_by: the REST list endpoint (GET /repos/O/R/pulls) leaves it out');
    expect(parsed.collectionMethod).toBe('GET /repos/sololabs/api/pulls (gh api)');
  });

  it('reads gh api --paginate pages written one after another, and --slurp pages', async () => {
    const list = JSON.parse(readFileSync(fixture('rest-pulls-list.json'), 'utf8')) as unknown[];
    const concatenated = `${JSON.stringify(list.slice(0, 2))}\n${JSON.stringify(list.slice(2))}\n`;
    const slurped = JSON.stringify([list.slice(0, 2), list.slice(2)]);
    for (const text of [concatenated, slurped]) {
      const parsed = await importer.parse(inputFromText('pulls.json', text), context());
      expect(parsed.records.pullRequests?.map((pull) => pull.number)).toEqual([11, 10]);
    }
  });
});

describe('github-prs: the shared PyGithub bundle', () => {
  it('accepts the bundle file directly: the self-merged PR, and the reviews of a PR not in the file', async () => {
    expect(importer.recognises(inputOf(BUNDLE))).toBe(true);
    const parsed = await parseWith(importer, BUNDLE);
    expect(parsed.records.pullRequests).toEqual([
      {
        provider: 'github',
        repo: 'MarcoFalke/PyGithub',
        number: 2,
        title: 'Include target_commitish in GitRelease',
        author: 'MarcoFalke',
        authorIsBot: false,
        createdAt: '2018-05-22T14:52:27Z',
        mergedAt: '2018-05-22T14:53:13Z',
        mergedBy: 'MarcoFalke',
        baseBranch: 'master',
        headSha: 'ba5bf2d76a75fb8b2118726d4ea708ffe6133a8b',
        mergeCommitSha: 'ba5bf2d76a75fb8b2118726d4ea708ffe6133a8b',
        url: 'https://github.com/MarcoFalke/PyGithub/pull/2',
        state: 'merged',
      },
    ]);
    const reviews = reviewsOf(parsed.records.reviews, 538);
    expect(reviews.map((review) => [review.repo, review.reviewer, review.state, review.commitSha?.slice(0, 7)])).toEqual([
      ['PyGithub/PyGithub', 'jzelinskie', 'APPROVED', '7a0fcb2'],
      ['PyGithub/PyGithub', 'electrofelix', 'COMMENTED', '2f0e4e5'],
      ['PyGithub/PyGithub', 'sfdye', 'COMMENTED', '2f0e4e5'],
      ['PyGithub/PyGithub', 'sfdye', 'COMMENTED', '2f0e4e5'],
      ['PyGithub/PyGithub', 'sfdye', 'COMMENTED', '2f0e4e5'],
    ]);
    expect(parsed.collectionMethod).toBe('GET /repos/MarcoFalke/PyGithub/pulls/2; GET /repos/PyGithub/PyGithub/pulls/538/reviews');
    const warnings = parsed.warnings.join('\n');
    expect(warnings).toContain('5 reviews belong to 1 pull request not in this file (PyGithub/PyGithub#538)');
    expect(warnings).toContain('import the same file as github-protection, github-runs, github-deployments');
    expect(warnings).toContain('None of the 1 merged pull request was merged in the observation period');
  });

  it('reads the PR and its reviews split out as gh api writes them', async () => {
    const dir = makeTempDir('gh-split');
    const pull = await parseWith(importer, splitFromBundle(dir, 'GET /repos/MarcoFalke/PyGithub/pulls/2', 'pull-2.json'));
    expect(pull.records.pullRequests?.[0]).toMatchObject({ number: 2, author: 'MarcoFalke', mergedBy: 'MarcoFalke' });
    expect(pull.collectionMethod).toBe('GET /repos/MarcoFalke/PyGithub/pulls/{number} (gh api)');
    const reviews = await parseWith(importer, splitFromBundle(dir, 'GET /repos/PyGithub/PyGithub/pulls/538/reviews', 'reviews-538.json'));
    expect(reviews.records.pullRequests).toEqual([]);
    expect(reviews.records.reviews).toHaveLength(5);
    expect(reviews.title).toBe('GitHub pull requests, PyGithub/PyGithub (5 reviews)');
    expect(reviews.periodStart).toBe('2017-03-22T19:06:59Z');
  });

  it('does not take a GitLab merge request, a runs file or a deployments file for GitHub pull requests', () => {
    expect(importer.recognises(inputOf(GITLAB_MR))).toBe(false);
    expect(importer.recognises(inputOf(fixture('gh-run-list.json')))).toBe(false);
    expect(importer.recognises(inputOf(fixture('rest-runs-paginate.json')))).toBe(false);
    expect(importer.recognises(inputOf(fixture('deployments-with-statuses.json')))).toBe(false);
    expect(importer.recognises(inputOf(join('/work/shared/samples', 'github_ruleset_agentfield_main.json')))).toBe(false);
  });
});

describe('github-prs through dispatch()', () => {
  let harness: Harness;
  beforeEach(async () => {
    harness = await createHarness();
  });
  afterEach(() => harness.dispose());

  const failure = async (kind: 'github-prs' | 'auto', path: string): Promise<string> => {
    const error = await harness.call('evidence.import', { kind, path }).then(
      () => null,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(CallFailed);
    return (error as CallFailed).error.message;
  };

  it('imports, stores provenance and records, and recognises a re-import of the same bytes', async () => {
    const summary = await harness.call('evidence.import', { kind: 'github-prs', path: fixture('gh-pr-list.json') });
    expect(summary).toMatchObject({ kind: 'github-prs', records: 10, alreadyImported: false, recordsByType: { 'pull requests': 5, reviews: 5 } });
    const item = await harness.call('evidence.get', { id: summary.evidenceId });
    expect(item.provenance).toMatchObject({ sourceSystem: 'GitHub', periodStart: '2026-01-04T10:00:00Z', periodEnd: '2026-03-09T09:00:00Z', recordCount: 10 });
    expect(item.provenance.collectionMethod).toContain('gh pr list');
    const rows = await harness.call('evidence.records', { id: summary.evidenceId, type: 'pull requests', offset: 0, limit: 10 });
    expect(rows.total).toBe(5);
    const again = await harness.call('evidence.import', { kind: 'github-prs', path: fixture('gh-pr-list.json') });
    expect(again).toMatchObject({ alreadyImported: true, evidenceId: summary.evidenceId });
  });

  it('detects the kind of a gh pr list export', async () => {
    const summary = await harness.call('evidence.import', { kind: 'auto', path: fixture('gh-pr-list.json') });
    expect(summary.kind).toBe('github-prs');
  });

  it('refuses a runs file imported as github-prs, naming github-runs', async () => {
    const message = await failure('github-prs', fixture('gh-run-list.json'));
    expect(message).toContain('gh-run-list.json is not a GitHub pull request export');
    expect(message).toContain('Import it as github-runs');
  });

  it('refuses a deployments file imported as github-prs, naming github-deployments', async () => {
    expect(await failure('github-prs', fixture('deployments.json'))).toContain('Import it as github-deployments');
  });

  it('refuses a GitLab merge request as a GitHub pull request', async () => {
    expect(await failure('github-prs', GITLAB_MR)).toContain('is not a GitHub pull request export');
  });

  it('reports malformed JSON with its line and column', async () => {
    const dir = makeTempDir('gh-bad');
    const path = join(dir, 'prs.json');
    // A comma lost at the end of line 4: JSON.parse stumbles on line 5.
    writeFileSync(path, readFileSync(fixture('gh-pr-list.json'), 'utf8').replace('"baseRefName": "main",\n    "createdAt": "2026-03-02T09:14:03Z"', '"baseRefName": "main"\n    "createdAt": "2026-03-02T09:14:03Z"'));
    const message = await failure('github-prs', path);
    expect(message).toMatch(/prs\.json is not valid JSON at line 5, column 5/);
    const truncated = join(dir, 'truncated.json');
    writeFileSync(truncated, ghList(40).slice(0, 3000));
    expect(await failure('github-prs', truncated)).toMatch(/truncated\.json is not valid JSON.* at line 1, column 3001/);
  });
});
