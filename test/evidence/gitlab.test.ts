/**
 * The `gitlab-mrs` and `gitlab-pipelines` importers through dispatch('evidence.import') into a
 * temporary workspace: the shared go-gitlab merge request (open, merged_by null, head_pipeline), a
 * merge request list as `glab api --paginate` writes it (pages back to back; merge_user vs the older
 * merged_by; a bot author; a squash merge; a closed MR), approvals alone and combined with their merge
 * requests, project approval settings that let authors approve, a pipelines list and a single
 * pipeline; then the rows in pull_requests, pr_reviews, ci_runs and protection_settings, the
 * provenance, wrong kinds, malformed JSON and a re-import. Last, the recognisers of these kinds and of
 * github-protection against every registered importer and the other shared samples.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EvidenceKind } from '../../shared/domain/evidenceKinds.js';
import { isGitLabBot } from '../../electron/core/evidence/importers/gitlabCommon.js';
import { importers } from '../../electron/core/evidence/importers/index.js';
import { memoryInput } from '../../electron/core/evidence/readInput.js';
import { CallFailed, createHarness, type Harness } from '../matrix/harness.js';
import { makeTempDir } from '../support/tempDir.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'gitlab');
const fixture = (name: string): string => join(FIXTURES, name);
const SAMPLES = '/work/shared/samples';
const GITLAB_MR = join(SAMPLES, 'gitlab_get_merge_request_go-gitlab.json');
const BUNDLE = join(SAMPLES, 'github_rest_pygithub_replay_bundle.json');

interface PullRow {
  provider: string;
  repo: string;
  number: number;
  title: string;
  author: string;
  author_is_bot: number;
  created_at: string | null;
  merged_at: string | null;
  merged_by: string | null;
  base_branch: string | null;
  head_sha: string | null;
  merge_commit_sha: string | null;
  url: string | null;
  state: string;
}

interface ReviewRow {
  repo: string;
  pr_number: number;
  review_id: string;
  reviewer: string;
  reviewer_is_bot: number;
  state: string;
  submitted_at: string | null;
  commit_sha: string | null;
}

interface RunRow {
  provider: string;
  repo: string;
  run_id: string;
  workflow: string;
  head_sha: string;
  branch: string | null;
  event: string | null;
  status: string;
  conclusion: string | null;
  started_at: string | null;
  completed_at: string | null;
  url: string | null;
}

describe('GitLab importers through dispatch()', () => {
  let harness: Harness;
  beforeEach(async () => {
    harness = await createHarness();
  });
  afterEach(() => harness.dispose());

  const db = () => {
    const workspace = harness.ctx.session.workspace;
    if (!workspace) throw new Error('no workspace is open');
    return workspace.db;
  };
  const importAs = (path: string, kind: EvidenceKind | 'auto') => harness.call('evidence.import', { kind, path });
  const pulls = (evidenceId: string): PullRow[] =>
    db()
      .prepare(
        'SELECT provider, repo, number, title, author, author_is_bot, created_at, merged_at, merged_by, base_branch, head_sha, merge_commit_sha, url, state FROM pull_requests WHERE evidence_id = ? ORDER BY number DESC',
      )
      .all(evidenceId) as PullRow[];
  const reviews = (evidenceId: string): ReviewRow[] =>
    db()
      .prepare('SELECT repo, pr_number, review_id, reviewer, reviewer_is_bot, state, submitted_at, commit_sha FROM pr_reviews WHERE evidence_id = ? ORDER BY pr_number DESC')
      .all(evidenceId) as ReviewRow[];
  const runs = (evidenceId: string): RunRow[] =>
    db()
      .prepare('SELECT provider, repo, run_id, workflow, head_sha, branch, event, status, conclusion, started_at, completed_at, url FROM ci_runs WHERE evidence_id = ? ORDER BY run_id DESC')
      .all(evidenceId) as RunRow[];
  const failure = async (path: string, kind: EvidenceKind | 'auto'): Promise<string> => {
    const error = await importAs(path, kind).then(
      () => null,
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(CallFailed);
    return (error as CallFailed).error.message;
  };
  const write = (name: string, text: string): string => {
    const path = join(makeTempDir('gitlab'), name);
    writeFileSync(path, text);
    return path;
  };

  describe('gitlab-mrs: merge requests', () => {
    it('the shared go-gitlab MR is open with merged_by null: kept out of the merged population, its head pipeline kept as a CI run', async () => {
      const summary = await importAs(GITLAB_MR, 'gitlab-mrs');
      expect(summary.kind).toBe('gitlab-mrs');
      expect(pulls(summary.evidenceId)).toEqual([]);
      expect(summary.warnings.join('\n')).toMatch(/1 merge request is not merged \(opened: !14656\): kept out of the merged population\./);
      expect(summary.recordsByType).toEqual({ 'CI runs': 1 });
      expect(runs(summary.evidenceId)).toEqual([
        {
          provider: 'gitlab',
          repo: 'gitlab-org/gitlab-ee',
          run_id: '77056819',
          workflow: 'pipeline',
          head_sha: '8e0b45049b6253b8984cde9241830d2851168142',
          branch: 'delete-designs-v2',
          event: null,
          status: 'completed',
          conclusion: 'success',
          started_at: '2019-08-19T09:51:06Z',
          completed_at: '2019-08-19T19:22:29Z',
          url: 'https://gitlab.com/gitlab-org/gitlab-ee/pipelines/77056819',
        },
      ]);
      const item = await harness.call('evidence.get', { id: summary.evidenceId });
      expect(item.title).toBe('GitLab merge request !14656 of gitlab-org/gitlab-ee');
      expect(item.provenance).toMatchObject({ sourceSystem: 'GitLab (gitlab.com)', collectionMethod: 'glab api projects/278964/merge_requests/14656', filters: null });
    });

    it('is detected on its own', async () => {
      const summary = await importAs(GITLAB_MR, 'auto');
      expect(summary.kind).toBe('gitlab-mrs');
    });

    it('a list as glab --paginate writes it: merge_user preferred to the deprecated merged_by, older GitLab with merged_by only, a bot author, a squash merge', async () => {
      const summary = await importAs(fixture('mrs-pages.json'), 'gitlab-mrs');
      expect(summary.recordsByType).toEqual({ 'pull requests': 3 });
      const rows = pulls(summary.evidenceId);
      expect(rows[0]).toEqual({
        provider: 'gitlab',
        repo: 'sololabs/api',
        number: 14,
        title: 'Billing: retry failed webhooks',
        author: 'sam-okafor',
        author_is_bot: 0,
        created_at: '2026-02-02T09:00:00Z',
        merged_at: '2026-03-04T16:20:11Z',
        // merged_by is null (set to auto-merge); merge_user says who merged it.
        merged_by: 'sam-okafor',
        base_branch: 'main',
        head_sha: 'a'.repeat(40),
        merge_commit_sha: 'b'.repeat(40),
        url: 'https://gitlab.com/sololabs/api/-/merge_requests/14',
        state: 'merged',
      });
      expect(rows[1]).toMatchObject({ number: 13, author: 'project_4242_bot_5f1e2a9c0b7d4e6f', author_is_bot: 1, merged_by: 'priya-ext', merge_commit_sha: 'd'.repeat(40) });
      expect(rows[2]).toMatchObject({ number: 12, merged_by: 'priya-ext', merge_commit_sha: 'f'.repeat(40) });
      expect(summary.warnings.join('\n')).toMatch(/1 merge request is not merged \(closed: !11\)/);
      expect(summary.periodStart).toBe('2026-02-20T10:00:00Z');
      expect(summary.periodEnd).toBe('2026-03-04T16:20:11Z');
      const item = await harness.call('evidence.get', { id: summary.evidenceId });
      expect(item.provenance).toMatchObject({
        collectionMethod: 'glab api "projects/4242/merge_requests?state=merged&per_page=100" --paginate',
        filters: 'states in the file: merged, closed; only merged ones are recorded',
      });
      expect(item.title).toBe('GitLab merged merge requests of sololabs/api (3)');
    });
  });

  describe('gitlab-mrs: approvals', () => {
    it('an approvals file alone: APPROVED reviews with no time, recorded for the project ID it names', async () => {
      const summary = await importAs(fixture('approvals-12.json'), 'gitlab-mrs');
      expect(reviews(summary.evidenceId)).toEqual([
        { repo: 'project 4242', pr_number: 12, review_id: 'approval:1002', reviewer: 'priya-ext', reviewer_is_bot: 0, state: 'APPROVED', submitted_at: null, commit_sha: null },
      ]);
      expect(summary.warnings.join('\n')).toMatch(/names the project only by its ID/);
      expect(summary.warnings.join('\n')).toMatch(/no time for an approval/);
      const item = await harness.call('evidence.get', { id: summary.evidenceId });
      expect(item.provenance.collectionMethod).toBe('glab api projects/4242/merge_requests/12/approvals');
    });

    it('combined with their merge requests, approvals take the project path; a self-approval is recorded as it is', async () => {
      const summary = await importAs(fixture('mrs-with-approvals.json'), 'gitlab-mrs');
      expect(summary.recordsByType).toEqual({ 'pull requests': 3, reviews: 3 });
      expect(reviews(summary.evidenceId).map((review) => [review.repo, review.pr_number, review.reviewer, review.state, review.submitted_at])).toEqual([
        ['sololabs/api', 14, 'sam-okafor', 'APPROVED', null],
        ['sololabs/api', 13, 'priya-ext', 'APPROVED', null],
        ['sololabs/api', 12, 'priya-ext', 'APPROVED', null],
      ]);
      expect(summary.warnings.join('\n')).not.toMatch(/only by its ID/);
      // Every approval joins its merge request.
      const joined = db()
        .prepare('SELECT count(*) AS n FROM pr_reviews r JOIN pull_requests p ON p.provider = r.provider AND p.repo = r.repo AND p.number = r.pr_number WHERE r.evidence_id = ?')
        .get(summary.evidenceId) as { n: number };
      expect(joined.n).toBe(3);
    });

    it('project approval settings letting authors approve are a gitlab-approvals protection setting', async () => {
      const summary = await importAs(fixture('approval-settings.json'), 'gitlab-mrs');
      const rows = db().prepare('SELECT * FROM protection_settings WHERE evidence_id = ?').all(summary.evidenceId) as Record<string, unknown>[];
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ provider: 'gitlab', source: 'gitlab-approvals', target: 'all merge requests', active: 1, required_approvals: 0, author_can_approve: 1 });
      expect(JSON.parse(rows[0]!.detail as string)).toMatchObject({ committersCanApprove: true, mergeRequestsAuthorApproval: true, mergeRequestsDisableCommittersApproval: false, resetApprovalsOnPush: true });
      const item = await harness.call('evidence.get', { id: summary.evidenceId });
      expect(item.title).toBe('GitLab project approval settings');
      expect(item.provenance.collectionMethod).toBe('glab api projects/:id/approvals');
    });

    it('settings that keep authors and committers out', async () => {
      const settings = JSON.parse(readFileSync(fixture('approval-settings.json'), 'utf8')) as Record<string, unknown>;
      const path = write('strict.json', JSON.stringify({ ...settings, merge_requests_author_approval: false, merge_requests_disable_committers_approval: true, approvals_before_merge: 1 }));
      const summary = await importAs(path, 'auto');
      expect(summary.kind).toBe('gitlab-mrs');
      const row = db().prepare('SELECT required_approvals, author_can_approve, detail FROM protection_settings WHERE evidence_id = ?').get(summary.evidenceId) as {
        required_approvals: number;
        author_can_approve: number;
        detail: string;
      };
      expect(row).toMatchObject({ required_approvals: 1, author_can_approve: 0 });
      expect(JSON.parse(row.detail)).toMatchObject({ committersCanApprove: false });
    });
  });

  describe('gitlab-pipelines', () => {
    it('a pipelines list: outcomes in CI-run words, unfinished ones keep their status, finish time from updated_at', async () => {
      const summary = await importAs(fixture('pipelines.json'), 'gitlab-pipelines');
      expect(summary.recordsByType).toEqual({ 'CI runs': 6 });
      const rows = runs(summary.evidenceId);
      expect(rows.map((row) => [row.run_id, row.status, row.conclusion, row.completed_at])).toEqual([
        ['7005', 'running', null, null],
        ['7004', 'completed', 'success', '2026-03-04T15:09:44Z'],
        ['7003', 'completed', 'failure', '2026-03-01T08:06:12Z'],
        ['7002', 'completed', 'cancelled', '2026-02-19T09:02:00Z'],
        ['7001', 'completed', 'success', '2026-02-19T09:14:59Z'],
        ['7000', 'completed', 'skipped', '2026-02-18T02:00:01Z'],
      ]);
      expect(rows[1]).toMatchObject({
        provider: 'gitlab',
        repo: 'sololabs/api',
        workflow: 'MR pipeline',
        head_sha: 'a'.repeat(40),
        branch: 'refs/merge-requests/14/head',
        event: 'merge_request_event',
        started_at: '2026-03-04T15:01:10Z',
        url: 'https://gitlab.com/sololabs/api/-/pipelines/7004',
      });
      expect(rows[0]!.workflow).toBe('pipeline');
      expect(summary.warnings.join('\n')).toMatch(/5 finished pipelines have no finish time/);
      expect(summary.periodStart).toBe('2026-02-18T02:00:00Z');
      expect(summary.periodEnd).toBe('2026-03-04T16:20:30Z');
      const item = await harness.call('evidence.get', { id: summary.evidenceId });
      expect(item.provenance).toMatchObject({ sourceSystem: 'GitLab (gitlab.com)', collectionMethod: 'glab api "projects/4242/pipelines?per_page=100" --paginate' });
    });

    it('a single pipeline (the head_pipeline of the shared MR) with its start and finish', async () => {
      const mr = JSON.parse(readFileSync(GITLAB_MR, 'utf8')) as { head_pipeline: unknown };
      const path = write('pipeline.json', JSON.stringify(mr.head_pipeline, null, 2));
      const summary = await importAs(path, 'auto');
      expect(summary.kind).toBe('gitlab-pipelines');
      expect(summary.warnings).toEqual([expect.stringMatching(/^None of the 1 pipeline was started in the observation period 2026-01-01 to 2026-12-31/)]);
      expect(runs(summary.evidenceId)).toEqual([
        expect.objectContaining({ run_id: '77056819', repo: 'gitlab-org/gitlab-ee', status: 'completed', conclusion: 'success', started_at: '2019-08-19T09:51:06Z', completed_at: '2019-08-19T19:22:29Z' }),
      ]);
      const item = await harness.call('evidence.get', { id: summary.evidenceId });
      expect(item.provenance.collectionMethod).toBe('glab api projects/:id/pipelines/77056819');
      expect(item.title).toBe('GitLab pipeline 77056819 of gitlab-org/gitlab-ee');
    });
  });

  describe('wrong kinds, malformed JSON, re-import', () => {
    it('a pipelines list is not merge requests, and the reverse', async () => {
      expect(await failure(fixture('pipelines.json'), 'gitlab-mrs')).toMatch(/^pipelines\.json is not a GitLab merge request export .*: it looks like a GitLab pipelines export .*Import it as gitlab-pipelines\.$/);
      expect(await failure(GITLAB_MR, 'gitlab-pipelines')).toMatch(/is not a GitLab pipelines export .*Import it as gitlab-mrs\.$/);
    });

    it('GitHub objects are not GitLab ones', async () => {
      const bundle = JSON.parse(readFileSync(BUNDLE, 'utf8')) as Record<string, unknown>;
      const pull = write('pull.json', JSON.stringify(bundle['GET /repos/MarcoFalke/PyGithub/pulls/2']));
      const message = await failure(pull, 'gitlab-mrs');
      expect(message).toMatch(/^pull\.json is not a GitLab merge request export/);
      expect(message).not.toMatch(/Import it as gitlab/);
      const runsPath = write('runs.json', JSON.stringify(bundle['GET /repos/PyGithub/PyGithub/actions/runs']));
      expect(await failure(runsPath, 'gitlab-pipelines')).not.toMatch(/Import it as gitlab/);
      expect(await failure(BUNDLE, 'gitlab-mrs')).not.toMatch(/Import it as gitlab/);
    });

    it('malformed JSON is reported with line and column, also inside the second of two pages', async () => {
      const broken = readFileSync(fixture('pipelines.json'), 'utf8').replace('"status": "failed",', '"status": "failed"');
      expect(await failure(write('broken.json', broken), 'gitlab-pipelines')).toMatch(/^broken\.json is not valid JSON at line \d+, column \d+/);
      const pages = readFileSync(fixture('mrs-pages.json'), 'utf8');
      const secondPage = pages.indexOf('][') + 1;
      const brokenPages = `${pages.slice(0, secondPage)}\n${pages.slice(secondPage).replace('"state": "closed",', '"state": "closed"')}`;
      expect(await failure(write('broken-pages.json', brokenPages), 'gitlab-mrs')).toMatch(/^broken-pages\.json is not valid JSON at line 2, column \d+/);
      expect(await failure(write('nothing.json', '\n'), 'gitlab-mrs')).toBe('nothing.json is empty: expected a JSON export');
    });

    it('a re-import of the same bytes is recognised and writes nothing', async () => {
      const first = await importAs(fixture('mrs-pages.json'), 'gitlab-mrs');
      const again = await importAs(fixture('mrs-pages.json'), 'gitlab-mrs');
      expect(again).toMatchObject({ alreadyImported: true, evidenceId: first.evidenceId, records: 3 });
      expect((db().prepare('SELECT count(*) AS n FROM pull_requests').get() as { n: number }).n).toBe(3);
      const pipelines = await importAs(fixture('pipelines.json'), 'gitlab-pipelines');
      expect((await importAs(fixture('pipelines.json'), 'gitlab-pipelines')).alreadyImported).toBe(true);
      expect(pipelines.alreadyImported).toBe(false);
    });

    it('lists both kinds with their export commands', async () => {
      const kinds = await harness.call('evidence.importers', {});
      expect(kinds.find((kind) => kind.kind === 'gitlab-mrs')?.command).toBe('glab api "projects/:id/merge_requests?state=merged&per_page=100" --paginate > gitlab-mrs.json');
      expect(kinds.find((kind) => kind.kind === 'gitlab-pipelines')?.command).toBe('glab api "projects/:id/pipelines?per_page=100" --paginate > gitlab-pipelines.json');
    });
  });
});

describe('GitLab bot accounts', () => {
  it('recognises token, service-account, flagged and dependency bots, not people', () => {
    for (const username of ['project_4242_bot_5f1e2a9c0b7d4e6f', 'group_12_bot', 'service_account_group_9_abc', 'renovate-bot', 'gitlab_bot', 'dependabot', 'GitLabDuo', 'renovate']) {
      expect(isGitLabBot({ username }), username).toBe(true);
    }
    expect(isGitLabBot({ username: 'sam', bot: true })).toBe(true);
    for (const username of ['sam-okafor', 'abbot', 'robotics-lead', 'botond']) expect(isGitLabBot({ username }), username).toBe(false);
    expect(isGitLabBot(null)).toBe(false);
  });
});

describe('recognisers are specific', () => {
  const recognisedBy = (path: string): string[] => {
    const input = memoryInput(path, readFileSync(path));
    return importers
      .filter((importer) => importer.input === 'file')
      .filter((importer) => {
        try {
          return importer.recognises(input);
        } catch {
          return false;
        }
      })
      .map((importer) => importer.kind);
  };
  const PROTECTION = join(import.meta.dirname, '..', 'fixtures', 'protection');
  const GITHUB = join(import.meta.dirname, '..', 'fixtures', 'github');
  const jsonFiles = (dir: string): string[] => readdirSync(dir).filter((name) => name.endsWith('.json')).map((name) => join(dir, name));

  it('each GitLab and protection file is recognised by its own kind only', () => {
    for (const path of jsonFiles(FIXTURES)) {
      expect(recognisedBy(path), path).toEqual([path.includes('pipelines') ? 'gitlab-pipelines' : 'gitlab-mrs']);
    }
    for (const path of [...jsonFiles(PROTECTION), join(SAMPLES, 'github_ruleset_agentfield_main.json')]) expect(recognisedBy(path), path).toEqual(['github-protection']);
    expect(recognisedBy(GITLAB_MR)).toEqual(['gitlab-mrs']);
  });

  it('no other export is taken for a GitLab or protection one (the shared bundle aside, which holds protection too)', () => {
    const others = [
      ...jsonFiles(GITHUB),
      ...['cloudtrail_records_beats_first9.json', 'terraform_show-json_drift_output.json', 'sarif_codeql-action_valid-sarif.sarif', 'k8s_audit_falco_traces.jsonl'].map((name) => join(SAMPLES, name)),
    ];
    for (const path of others) {
      expect(recognisedBy(path).filter((kind) => kind === 'github-protection' || kind.startsWith('gitlab-')), path).toEqual([]);
    }
    expect(recognisedBy(BUNDLE)).toContain('github-protection');
    expect(recognisedBy(BUNDLE).filter((kind) => kind.startsWith('gitlab-'))).toEqual([]);
  });
});
