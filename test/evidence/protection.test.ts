/**
 * The `github-protection` importer through dispatch('evidence.import') into a temporary workspace:
 * classic branch protection (the shared PyGithub bundle imported whole and split out, enforce_admins
 * false, "Branch not protected"), rulesets (the shared agentfield export, evaluate mode, an always
 * bypass actor, no non_fast_forward rule), environments (can_admins_bypass, prevent_self_review, the
 * list), the activity log (a force push, pages back to back); then the rows in protection_settings and
 * repo_activity, the provenance, wrong kinds, malformed JSON and a re-import.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EvidenceKind } from '../../shared/domain/evidenceKinds.js';
import { CallFailed, createHarness, type Harness } from '../matrix/harness.js';
import { makeTempDir } from '../support/tempDir.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'protection');
const fixture = (name: string): string => join(FIXTURES, name);
const SAMPLES = '/work/shared/samples';
const BUNDLE = join(SAMPLES, 'github_rest_pygithub_replay_bundle.json');
const RULESET = join(SAMPLES, 'github_ruleset_agentfield_main.json');
const GITLAB_MR = join(SAMPLES, 'gitlab_get_merge_request_go-gitlab.json');
const PROTECTION_KEY = 'GET /repos/curvewise-forks/PyGithub/branches/master/protection';

interface ProtectionRow {
  evidence_id: string;
  provider: string;
  repo: string;
  source: string;
  target: string;
  active: number;
  required_approvals: number | null;
  admins_can_bypass: number | null;
  bypass_actors: string;
  force_push_allowed: number | null;
  deletion_allowed: number | null;
  required_checks: string;
  author_can_approve: number | null;
  observed_at: string;
  detail: string;
}

interface ActivityRow {
  repo: string;
  activity_id: string;
  activity_type: string;
  ref: string;
  actor: string | null;
  before_sha: string | null;
  after_sha: string | null;
  at: string;
}

describe('github-protection through dispatch()', () => {
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
  const importAs = (path: string, kind: EvidenceKind | 'auto' = 'github-protection') => harness.call('evidence.import', { kind, path });
  const protectionRows = (evidenceId: string): ProtectionRow[] =>
    db().prepare('SELECT * FROM protection_settings WHERE evidence_id = ? ORDER BY rowid').all(evidenceId) as ProtectionRow[];
  const onlyRow = (evidenceId: string): ProtectionRow => {
    const rows = protectionRows(evidenceId);
    expect(rows).toHaveLength(1);
    return rows[0]!;
  };
  const failure = async (path: string, kind: EvidenceKind | 'auto'): Promise<string> => {
    const error = await importAs(path, kind).then(
      () => null,
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(CallFailed);
    return (error as CallFailed).error.message;
  };
  const write = (name: string, text: string): string => {
    const path = join(makeTempDir('protection'), name);
    writeFileSync(path, text);
    return path;
  };

  describe('classic branch protection', () => {
    const expectPyGithubMaster = (row: ProtectionRow) => {
      expect(row).toMatchObject({
        provider: 'github',
        repo: 'curvewise-forks/PyGithub',
        source: 'classic-protection',
        target: 'master',
        active: 1,
        required_approvals: 1,
        admins_can_bypass: 0,
        force_push_allowed: 0,
        deletion_allowed: 0,
        author_can_approve: null,
      });
      expect(JSON.parse(row.required_checks)).toEqual(['build (3.10)']);
      expect(JSON.parse(row.bypass_actors)).toEqual([]);
      expect(row.observed_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
      expect(JSON.parse(row.detail)).toMatchObject({ strictStatusChecks: true, requiredLinearHistory: true, requiredSignatures: false, dismissStaleReviews: false });
    };

    it('reads the shared bundle file directly, and says which of its endpoints other kinds read', async () => {
      const summary = await importAs(BUNDLE);
      expect(summary.kind).toBe('github-protection');
      expect(summary.recordsByType).toEqual({ 'protection settings': 1 });
      expectPyGithubMaster(onlyRow(summary.evidenceId));
      expect(summary.warnings).toEqual([expect.stringMatching(/^The file also holds 5 other responses that github-protection does not read; import the same file as github-prs, github-runs, github-deployments/)]);
      const item = await harness.call('evidence.get', { id: summary.evidenceId });
      expect(item.provenance).toMatchObject({
        sourceSystem: 'GitHub',
        collectionMethod: 'gh api repos/curvewise-forks/PyGithub/branches/master/protection',
        recordCount: 1,
      });
      expect(item.title).toBe('Branch protection of curvewise-forks/PyGithub');
    });

    it('reads the same response split out of the bundle, as `gh api` writes it', async () => {
      const bundle = JSON.parse(readFileSync(BUNDLE, 'utf8')) as Record<string, unknown>;
      const path = write('protection.json', `${JSON.stringify(bundle[PROTECTION_KEY], null, 2)}\n`);
      const summary = await importAs(path, 'auto');
      expect(summary.kind).toBe('github-protection');
      expect(summary.warnings).toEqual([]);
      expectPyGithubMaster(onlyRow(summary.evidenceId));
    });

    it('enforce_admins false: admins can bypass; no required_pull_request_reviews: no review required; force pushes allowed', async () => {
      const summary = await importAs(fixture('classic-enforce-admins-false.json'));
      const row = onlyRow(summary.evidenceId);
      expect(row).toMatchObject({ repo: 'sololabs/api', target: 'main', active: 1, required_approvals: 0, admins_can_bypass: 1, force_push_allowed: 1, deletion_allowed: 0 });
      expect(JSON.parse(row.required_checks)).toEqual(['ci / test', 'codeql']);
      expect(JSON.parse(row.detail)).toMatchObject({ pullRequestRequired: false });
    });

    it('"Branch not protected" (the 404 body) is an inactive protection with nothing required', async () => {
      const summary = await importAs(fixture('branch-not-protected.json'));
      const row = onlyRow(summary.evidenceId);
      expect(row).toMatchObject({ source: 'classic-protection', active: 0, required_approvals: 0, force_push_allowed: 1, deletion_allowed: 1 });
      expect(summary.warnings.join('\n')).toMatch(/not which repository and branch/);
    });
  });

  describe('rulesets', () => {
    it('reads the shared agentfield ruleset (exported without id): active, one approval, no bypass, force pushes and deletion blocked', async () => {
      const summary = await importAs(RULESET);
      const row = onlyRow(summary.evidenceId);
      expect(row).toMatchObject({
        source: 'ruleset',
        repo: '',
        target: '~DEFAULT_BRANCH',
        active: 1,
        required_approvals: 1,
        admins_can_bypass: 0,
        force_push_allowed: 0,
        deletion_allowed: 0,
      });
      expect(JSON.parse(row.required_checks)).toEqual(['Coverage Summary / coverage-summary']);
      expect(JSON.parse(row.bypass_actors)).toEqual([]);
      expect(JSON.parse(row.detail)).toMatchObject({ name: 'main-branch-protection', id: null, enforcement: 'active', ruleTypes: ['deletion', 'non_fast_forward', 'pull_request', 'required_status_checks'] });
      expect(summary.warnings.join('\n')).toMatch(/"main-branch-protection" does not say which repository/);
      const item = await harness.call('evidence.get', { id: summary.evidenceId });
      expect(item.provenance.collectionMethod).toBe('gh api repos/OWNER/REPO/rulesets/RULESET_ID');
    });

    it('enforcement "evaluate" is not active', async () => {
      const summary = await importAs(fixture('ruleset-evaluate.json'));
      const row = onlyRow(summary.evidenceId);
      expect(row).toMatchObject({ repo: 'sololabs/api', active: 0, required_approvals: 1 });
      expect(JSON.parse(row.detail)).toMatchObject({ enforcement: 'evaluate', id: 101 });
      expect(summary.warnings).toEqual([]);
      const item = await harness.call('evidence.get', { id: summary.evidenceId });
      expect(item.provenance.collectionMethod).toBe('gh api repos/sololabs/api/rulesets/101');
    });

    it('a bypass actor with bypass_mode always is a bypass; pull_request mode is listed with its mode', async () => {
      const summary = await importAs(fixture('ruleset-bypass-always.json'));
      const row = onlyRow(summary.evidenceId);
      expect(row).toMatchObject({ active: 1, admins_can_bypass: 1 });
      expect(JSON.parse(row.bypass_actors)).toEqual(['repository admin role (always)', 'app 987654 (pull_request)']);
    });

    it('only a pull_request mode bypass is not a full bypass', async () => {
      const ruleset = JSON.parse(readFileSync(fixture('ruleset-bypass-always.json'), 'utf8')) as { bypass_actors: unknown[] };
      ruleset.bypass_actors = ruleset.bypass_actors.slice(1);
      const summary = await importAs(write('pr-bypass.json', JSON.stringify(ruleset)));
      const row = onlyRow(summary.evidenceId);
      expect(row.admins_can_bypass).toBe(0);
      expect(JSON.parse(row.bypass_actors)).toEqual(['app 987654 (pull_request)']);
    });

    it('no non_fast_forward rule: force pushes allowed; no deletion rule: deletion allowed', async () => {
      const summary = await importAs(fixture('ruleset-no-non-fast-forward.json'));
      const row = onlyRow(summary.evidenceId);
      expect(row).toMatchObject({ active: 1, force_push_allowed: 1, deletion_allowed: 1, required_approvals: 1 });
      expect(JSON.parse(row.required_checks)).toEqual(['ci / test']);
    });

    it('the list of rulesets (no rules) is refused with the command that exports each', async () => {
      const list = [{ id: 42, name: 'main', target: 'branch', source_type: 'Repository', source: 'sololabs/api', enforcement: 'active', node_id: 'RRS_1' }];
      const message = await failure(write('rulesets.json', JSON.stringify(list)), 'github-protection');
      expect(message).toMatch(/rulesets\.json lists 1 ruleset without their rules: export each ruleset with `gh api repos\/OWNER\/REPO\/rulesets\/ID`/);
    });
  });

  describe('deployment environments', () => {
    it('can_admins_bypass and a required reviewer who may approve their own deployment', async () => {
      const summary = await importAs(fixture('environment-production.json'));
      const row = onlyRow(summary.evidenceId);
      expect(row).toMatchObject({
        repo: 'sololabs/api',
        source: 'environment',
        target: 'production',
        active: 1,
        required_approvals: 1,
        admins_can_bypass: 1,
        author_can_approve: 1,
        force_push_allowed: null,
        deletion_allowed: null,
      });
      expect(JSON.parse(row.detail)).toMatchObject({ reviewers: ['user sam-okafor'], preventSelfReview: false, waitTimerMinutes: 15, otherRules: ['branch_policy'] });
      const item = await harness.call('evidence.get', { id: summary.evidenceId });
      expect(item.provenance.collectionMethod).toBe('gh api repos/sololabs/api/environments/production');
    });

    it('the environments list: prevent_self_review, and an environment with no rules at all', async () => {
      const summary = await importAs(fixture('environments.json'));
      const rows = protectionRows(summary.evidenceId);
      expect(rows.map((row) => [row.target, row.required_approvals, row.admins_can_bypass, row.author_can_approve])).toEqual([
        ['production', 1, 0, 0],
        ['staging', 0, 1, null],
      ]);
      expect(JSON.parse(rows[0]!.detail)).toMatchObject({ reviewers: ['user priya-ext', 'team release-managers'], preventSelfReview: true });
      const item = await harness.call('evidence.get', { id: summary.evidenceId });
      expect(item.provenance.collectionMethod).toBe('gh api repos/sololabs/api/environments');
      expect(item.title).toBe('Deployment environment settings of sololabs/api');
    });
  });

  describe('repository activity', () => {
    const activityRows = (evidenceId: string): ActivityRow[] =>
      db().prepare('SELECT repo, activity_id, activity_type, ref, actor, before_sha, after_sha, at FROM repo_activity WHERE evidence_id = ? ORDER BY at').all(evidenceId) as ActivityRow[];

    it('records every event, the force push with its actor and shas; the period is the first and last event', async () => {
      const summary = await importAs(fixture('activity.json'));
      expect(summary.recordsByType).toEqual({ 'activity events': 5 });
      const rows = activityRows(summary.evidenceId);
      expect(rows.map((row) => row.activity_type)).toEqual(['branch_creation', 'pr_merge', 'branch_deletion', 'push', 'force_push']);
      expect(rows.at(-1)).toEqual({
        repo: '',
        activity_id: '21000000005',
        activity_type: 'force_push',
        ref: 'refs/heads/main',
        actor: 'sam-okafor',
        before_sha: '3'.repeat(40),
        after_sha: '4'.repeat(40),
        at: '2026-03-05T22:41:09Z',
      });
      // All-zero shas (no commit) and a missing actor are nulls.
      expect(rows[0]).toMatchObject({ before_sha: null, actor: null });
      expect(rows[2]).toMatchObject({ after_sha: null, actor: 'dependabot[bot]' });
      expect(summary.periodStart).toBe('2026-03-01T07:00:00Z');
      expect(summary.periodEnd).toBe('2026-03-05T22:41:09Z');
      expect(summary.warnings.join('\n')).toMatch(/does not name its repository/);
      const item = await harness.call('evidence.get', { id: summary.evidenceId });
      expect(item.provenance.collectionMethod).toBe('gh api "repos/OWNER/REPO/activity?per_page=100" --paginate');
      expect(item.title).toBe('Repository activity (5 events)');
    });

    it('reads pages written back to back (older gh, --jq) and --slurp, each event once', async () => {
      const events = JSON.parse(readFileSync(fixture('activity.json'), 'utf8')) as unknown[];
      const pages = `${JSON.stringify(events.slice(0, 3))}\n${JSON.stringify(events.slice(2))}\n`;
      const summary = await importAs(write('activity-pages.json', pages), 'auto');
      expect(summary.kind).toBe('github-protection');
      expect(summary.recordsByType).toEqual({ 'activity events': 5 });
      expect(summary.warnings.join('\n')).toMatch(/1 activity events appear more than once/);
      const slurped = await importAs(write('activity-slurp.json', JSON.stringify([events.slice(0, 2), events.slice(2)])));
      expect(slurped.recordsByType).toEqual({ 'activity events': 5 });
    });
  });

  describe('wrong kinds, malformed JSON, re-import', () => {
    it('a GitLab merge request is refused and pointed to gitlab-mrs', async () => {
      const message = await failure(GITLAB_MR, 'github-protection');
      expect(message).toMatch(/^gitlab_get_merge_request_go-gitlab\.json is not a GitHub protection or activity export .*: it looks like a GitLab merge request export .*Import it as gitlab-mrs\.$/);
    });

    it('protection files are refused by the GitLab kinds and pointed back here', async () => {
      expect(await failure(fixture('activity.json'), 'gitlab-pipelines')).toMatch(/activity\.json is not a GitLab pipelines export .*Import it as github-protection\.$/);
      expect(await failure(RULESET, 'gitlab-mrs')).toMatch(/Import it as github-protection\.$/);
    });

    it('the file of another importer is not recognised as protection', async () => {
      const message = await failure(fixture('../gitlab/pipelines.json'), 'github-protection');
      expect(message).toMatch(/Import it as gitlab-pipelines\.$/);
    });

    it('malformed JSON is reported with line and column', async () => {
      const text = readFileSync(fixture('ruleset-evaluate.json'), 'utf8').replace('"enforcement": "evaluate",', '"enforcement": "evaluate"');
      const message = await failure(write('broken-ruleset.json', text), 'github-protection');
      expect(message).toMatch(/^broken-ruleset\.json is not valid JSON at line \d+, column \d+/);
    });

    it('a re-import of the same bytes is recognised and writes nothing', async () => {
      const first = await importAs(fixture('environments.json'));
      const again = await importAs(fixture('environments.json'));
      expect(again).toMatchObject({ alreadyImported: true, evidenceId: first.evidenceId, records: 2 });
      expect((db().prepare('SELECT count(*) AS n FROM protection_settings').get() as { n: number }).n).toBe(2);
    });

    it('lists the kind with its export command', async () => {
      const kinds = await harness.call('evidence.importers', {});
      const entry = kinds.find((kind) => kind.kind === 'github-protection');
      expect(entry?.command).toBe('gh api repos/OWNER/REPO/branches/BRANCH/protection > github-protection.json');
      expect(entry?.notes.join('\n')).toMatch(/rulesets\/ID/);
    });
  });
});
