/**
 * The `github-deployments` importer on REST deployments (pages one after another), deployments
 * combined with their statuses (as the documented jq recipe writes them), a statuses-only file, and
 * the shared PyGithub bundle, then through dispatch(): wrong kind, malformed JSON, re-import.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { githubDeploymentsImporter as importer } from '../../electron/core/evidence/importers/githubDeployments.js';
import { CallFailed, createHarness, type Harness } from '../matrix/harness.js';
import { makeTempDir } from '../support/tempDir.js';
import { BUNDLE, GITLAB_MR, fixture, inputOf, parseWith, splitFromBundle } from './github-support.js';

describe('github-deployments', () => {
  it('reads deployments with the latest state of each from its statuses', async () => {
    const parsed = await parseWith(importer, fixture('deployments-with-statuses.json'));
    expect(parsed.records.deployments).toEqual([
      {
        provider: 'github',
        repo: 'sololabs/api',
        deploymentId: '1500000003',
        sha: 'c3'.repeat(20),
        ref: 'main',
        environment: 'production',
        creator: 'github-actions[bot]',
        createdAt: '2026-05-02T10:12:30Z',
        latestState: 'success',
        latestStateAt: '2026-05-02T10:14:00Z',
      },
      {
        provider: 'github',
        repo: 'sololabs/api',
        deploymentId: '1500000002',
        sha: 'a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9',
        ref: 'main',
        environment: 'production',
        creator: 'github-actions[bot]',
        createdAt: '2026-03-02T16:10:20Z',
        latestState: 'failure',
        latestStateAt: '2026-03-02T16:15:00Z',
      },
      expect.objectContaining({ deploymentId: '1500000001', environment: 'staging', latestState: null, latestStateAt: null }),
    ]);
    expect(parsed.warnings).toEqual(['1 deployment has no statuses in the file: its outcome is unknown.']);
    expect(parsed.periodStart).toBe('2026-03-01T08:00:00Z');
    expect(parsed.periodEnd).toBe('2026-05-02T10:12:30Z');
    expect(parsed.collectionMethod).toBe('GET /repos/sololabs/api/deployments (gh api); GET /repos/sololabs/api/deployments/{id}/statuses (gh api)');
    expect(parsed.filters).toBe('3 deployments and 5 statuses in the file; all environments');
  });

  it('reads pages gh api --paginate writes one after another, and says statuses are missing', async () => {
    const parsed = await parseWith(importer, fixture('deployments.json'));
    expect(parsed.records.deployments?.map((deployment) => deployment.deploymentId)).toEqual(['1500000003', '1500000002', '1500000001']);
    expect(parsed.warnings[0]).toMatch(/^The file holds no deployment statuses, so whether each deployment succeeded is unknown\. To include them: for id in/);
  });

  it('refuses statuses alone, saying how to combine them with their deployments', async () => {
    expect(importer.recognises(inputOf(fixture('deployment-statuses.json')))).toBe(true);
    await expect(parseWith(importer, fixture('deployment-statuses.json'))).rejects.toThrow(
      /deployment-statuses\.json holds deployment statuses but not the deployments they belong to.*gh api --paginate repos\/OWNER\/REPO\/deployments/,
    );
  });

  it('reads the bundle directly, matching statuses to their deployment by id across the forks the sample mixes', async () => {
    const parsed = await parseWith(importer, BUNDLE);
    expect(parsed.records.deployments).toEqual([
      {
        provider: 'github',
        repo: 'PyGithub/PyGithub',
        deploymentId: '263877258',
        sha: '743f5a58b0bce91c4eab744ff7e39dfca9e6e8a5',
        ref: '743f5a58b0bce91c4eab744ff7e39dfca9e6e8a5',
        environment: 'test',
        creator: 'jacquev6',
        createdAt: '2020-08-26T11:44:53Z',
        latestState: 'queued',
        latestStateAt: '2020-08-26T14:32:51Z',
      },
      expect.objectContaining({ deploymentId: '262350588', environment: 'production', latestState: null }),
    ]);
    const warnings = parsed.warnings.join('\n');
    expect(warnings).toContain('1 deployment has no statuses in the file');
    expect(warnings).toContain('263877258 (statuses name jacquev6/PyGithub, the deployment PyGithub/PyGithub)');
    expect(warnings).toContain('import the same file as github-protection, github-prs, github-runs');
    expect(parsed.collectionMethod).toBe('GET /repos/PyGithub/PyGithub/deployments; GET /repos/jacquev6/PyGithub/deployments/263877258/statuses');
  });

  it('reads the deployments array split out of the bundle', async () => {
    const path = splitFromBundle(makeTempDir('gh-deployments'), 'GET /repos/PyGithub/PyGithub/deployments', 'deployments.json');
    const parsed = await parseWith(importer, path);
    expect(parsed.records.deployments?.map((deployment) => [deployment.deploymentId, deployment.environment])).toEqual([
      ['263877258', 'test'],
      ['262350588', 'production'],
    ]);
  });

  it('does not take pull requests, runs or GitLab objects for deployments', () => {
    expect(importer.recognises(inputOf(fixture('gh-pr-list.json')))).toBe(false);
    expect(importer.recognises(inputOf(fixture('rest-pulls-with-reviews.json')))).toBe(false);
    expect(importer.recognises(inputOf(fixture('gh-run-list.json')))).toBe(false);
    expect(importer.recognises(inputOf(GITLAB_MR))).toBe(false);
  });
});

describe('github-deployments through dispatch()', () => {
  let harness: Harness;
  beforeEach(async () => {
    harness = await createHarness();
  });
  afterEach(() => harness.dispose());

  const failure = async (path: string): Promise<string> => {
    const error = await harness.call('evidence.import', { kind: 'github-deployments', path }).then(
      () => null,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(CallFailed);
    return (error as CallFailed).error.message;
  };

  it('imports deployments and recognises a re-import', async () => {
    const summary = await harness.call('evidence.import', { kind: 'github-deployments', path: fixture('deployments-with-statuses.json') });
    expect(summary).toMatchObject({ kind: 'github-deployments', records: 3, recordsByType: { deployments: 3 } });
    const rows = await harness.call('evidence.records', { id: summary.evidenceId, type: 'deployments', offset: 0, limit: 10 });
    expect(rows.rows.map((row) => row[rows.columns.indexOf('latest_state')])).toEqual(['success', 'failure', null]);
    expect((await harness.call('evidence.import', { kind: 'auto', path: fixture('deployments-with-statuses.json') })).alreadyImported).toBe(true);
  });

  it('refuses a runs file, naming github-runs', async () => {
    expect(await failure(fixture('gh-run-list.json'))).toContain('gh-run-list.json is not a GitHub deployments export (the REST deployments from gh api, with their deployment statuses): it looks like a GitHub Actions runs export');
  });

  it('reports malformed JSON with its line and column', async () => {
    const path = join(makeTempDir('gh-dep-bad'), 'deployments.json');
    writeFileSync(path, '[{"id": 1, "sha": "abc", "ref": "main", "environment": "production", "task": "deploy",\n  "created_at": "2026-01-01T00:00:00Z",}]');
    expect(await failure(path)).toMatch(/deployments\.json is not valid JSON at line 2, column 40/);
  });
});
