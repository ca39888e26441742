/**
 * The `github-runs` importer on gh run list JSON, on REST workflow runs (newer schema, pages one after
 * another) and on the shared PyGithub bundle (older schema without name/actor; total_count larger
 * than the page), then through dispatch(): wrong kind, malformed JSON, re-import.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { githubRunsImporter as importer } from '../../electron/core/evidence/importers/githubRuns.js';
import { CallFailed, createHarness, type Harness } from '../matrix/harness.js';
import { makeTempDir } from '../support/tempDir.js';
import { BUNDLE, GITLAB_MR, context, fixture, inputFromText, inputOf, parseWith, splitFromBundle } from './github-support.js';

const ghRuns = (n: number): string =>
  JSON.stringify(
    Array.from({ length: n }, (_, i) => ({
      conclusion: 'success',
      createdAt: '2026-02-01T10:00:00Z',
      databaseId: 9_000_000 + i,
      displayTitle: `Change ${i}`,
      event: 'push',
      headBranch: 'main',
      headSha: i.toString(16).padStart(40, 'c'),
      name: 'CI',
      startedAt: '2026-02-01T10:00:05Z',
      status: 'completed',
      updatedAt: '2026-02-01T10:04:00Z',
      url: `https://github.com/sololabs/api/actions/runs/${9_000_000 + i}`,
      workflowName: 'CI',
    })),
  );

describe('github-runs: gh run list --json', () => {
  it('reads each run: workflow, commit, branch, event, status, conclusion, start and finish', async () => {
    const parsed = await parseWith(importer, fixture('gh-run-list.json'));
    const runs = parsed.records.ciRuns ?? [];
    expect(runs.map((run) => run.runId)).toEqual(['9100000004', '9100000003', '9100000002', '9100000001']);
    expect(runs[1]).toEqual({
      provider: 'github',
      repo: 'sololabs/api',
      runId: '9100000003',
      workflow: 'CI',
      headSha: 'a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9',
      branch: 'main',
      event: 'push',
      status: 'completed',
      conclusion: 'success',
      startedAt: '2026-03-02T16:03:10Z',
      completedAt: '2026-03-02T16:09:55Z',
      url: 'https://github.com/sololabs/api/actions/runs/9100000003',
    });
    // gh writes conclusion "" for a run still going: no conclusion, no finish.
    expect(runs[0]).toMatchObject({ status: 'in_progress', conclusion: null, completedAt: null });
    expect(runs[3]).toMatchObject({ workflow: 'Deploy preview', conclusion: 'success' });
    expect(parsed.sourceSystem).toBe('GitHub Actions');
    expect(parsed.collectionMethod).toMatch(/^gh run list --repo sololabs\/api --json conclusion,createdAt,databaseId,/);
    expect(parsed.periodStart).toBe('2026-03-02T09:15:00Z');
    expect(parsed.periodEnd).toBe('2026-03-09T09:01:00Z');
    expect(parsed.warnings).toEqual(['1 run had not finished when exported (status queued or in progress): they have no conclusion.']);
  });

  it("warns when the file holds exactly gh run list's default 20 runs", async () => {
    const parsed = await importer.parse(inputFromText('runs.json', ghRuns(20)), context());
    expect(parsed.warnings.join('\n')).toContain("gh run list's default --limit of 20: the export may have been cut off");
    const fine = await importer.parse(inputFromText('runs.json', ghRuns(21)), context());
    expect(fine.warnings.filter((text) => text.includes('cut off'))).toEqual([]);
  });
});

describe('github-runs: REST workflow runs', () => {
  it('reads pages gh api --paginate writes one after another, in the newer schema', async () => {
    const parsed = await parseWith(importer, fixture('rest-runs-paginate.json'));
    expect(parsed.records.ciRuns?.map((run) => [run.runId, run.workflow, run.conclusion, run.startedAt, run.completedAt])).toEqual([
      ['9200000003', 'Release', 'success', '2026-05-02T10:05:02Z', '2026-05-02T10:12:00Z'],
      ['9200000002', 'Release', 'cancelled', '2026-05-01T10:05:04Z', '2026-05-01T10:07:00Z'],
      ['9200000001', 'Release', 'failure', '2026-04-20T12:03:00Z', '2026-04-20T12:09:00Z'],
    ]);
    expect(parsed.warnings).toEqual([]);
    expect(parsed.filters).toBe('3 runs in the file; total_count reported by GitHub: 3');
    expect(parsed.collectionMethod).toBe('GET /repos/sololabs/api/actions/runs (gh api)');
  });

  it('reads the bundle directly: the older schema by workflow id, and the page short of total_count', async () => {
    const parsed = await parseWith(importer, BUNDLE);
    const runs = parsed.records.ciRuns ?? [];
    expect(runs).toHaveLength(5);
    expect(runs[0]).toEqual({
      provider: 'github',
      repo: 'PyGithub/PyGithub',
      runId: '110932306',
      workflow: 'workflow 1026390',
      headSha: '7abf600480089550b4224aa97004367c2fa25b38',
      branch: 'master',
      event: 'push',
      status: 'completed',
      conclusion: 'success',
      startedAt: '2020-05-20T23:59:37Z',
      completedAt: '2020-05-21T00:02:14Z',
      url: 'https://github.com/PyGithub/PyGithub/actions/runs/110932306',
    });
    expect(runs.map((run) => run.event)).toEqual(['push', 'push', 'push', 'pull_request', 'pull_request']);
    const warnings = parsed.warnings.join('\n');
    expect(warnings).toContain('The file holds 5 of the 124 runs GitHub reported for PyGithub/PyGithub (total_count)');
    expect(warnings).toContain("5 runs are in GitHub's older schema without the workflow's name");
    expect(warnings).toContain('import the same file as github-protection, github-prs, github-deployments');
    expect(parsed.collectionMethod).toBe('GET /repos/PyGithub/PyGithub/actions/runs');
  });

  it('reads the runs object split out of the bundle', async () => {
    const path = splitFromBundle(makeTempDir('gh-runs'), 'GET /repos/PyGithub/PyGithub/actions/runs', 'runs.json');
    const parsed = await parseWith(importer, path);
    expect(parsed.records.ciRuns).toHaveLength(5);
    expect(parsed.collectionMethod).toBe('GET /repos/PyGithub/PyGithub/actions/runs (gh api)');
  });

  it('does not take pull requests, deployments or GitLab objects for runs', () => {
    expect(importer.recognises(inputOf(fixture('gh-pr-list.json')))).toBe(false);
    expect(importer.recognises(inputOf(fixture('rest-pulls-list.json')))).toBe(false);
    expect(importer.recognises(inputOf(fixture('deployments.json')))).toBe(false);
    expect(importer.recognises(inputOf(GITLAB_MR))).toBe(false);
  });
});

describe('github-runs through dispatch()', () => {
  let harness: Harness;
  beforeEach(async () => {
    harness = await createHarness();
  });
  afterEach(() => harness.dispose());

  const failure = async (path: string): Promise<string> => {
    const error = await harness.call('evidence.import', { kind: 'github-runs', path }).then(
      () => null,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(CallFailed);
    return (error as CallFailed).error.message;
  };

  it('imports runs and recognises a re-import', async () => {
    const summary = await harness.call('evidence.import', { kind: 'github-runs', path: fixture('gh-run-list.json') });
    expect(summary).toMatchObject({ kind: 'github-runs', records: 4, recordsByType: { 'CI runs': 4 }, alreadyImported: false });
    expect((await harness.call('evidence.import', { kind: 'auto', path: fixture('rest-runs-paginate.json') })).kind).toBe('github-runs');
    expect(await harness.call('evidence.import', { kind: 'github-runs', path: fixture('gh-run-list.json') })).toMatchObject({ alreadyImported: true });
  });

  it('refuses a pull request export, naming github-prs', async () => {
    expect(await failure(fixture('gh-pr-list.json'))).toMatch(/gh-pr-list\.json is not a GitHub Actions runs export .*: it looks like a GitHub pull request export .*Import it as github-prs\./);
  });

  it('refuses deployments, naming github-deployments', async () => {
    expect(await failure(fixture('deployments-with-statuses.json'))).toContain('Import it as github-deployments');
  });

  it('reports malformed JSON with its line and column', async () => {
    const path = join(makeTempDir('gh-runs-bad'), 'runs.json');
    writeFileSync(path, '[\n  {"databaseId": 1, "headSha": "abc", "status": "completed"},\n  {"databaseId": 2, "headSha": "def" "status": "completed"}\n]\n');
    expect(await failure(path)).toMatch(/runs\.json is not valid JSON at line 3, column 38/);
  });
});
