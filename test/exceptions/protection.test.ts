/**
 * Weaknesses in the standing settings of the default branch and of deployment environments.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isOneSentence } from '../matrix/harness.js';
import { createRuleFixture, protection, REPO, type RuleFixture } from './helpers.js';

let fixture: RuleFixture;
beforeEach(async () => {
  fixture = await createRuleFixture();
});
afterEach(() => fixture.dispose());

const BRANCH_RULES = [
  'no-required-review',
  'admins-can-bypass',
  'author-can-approve',
  'force-push-allowed',
  'no-required-checks',
  'ruleset-not-enforced',
  'deletion-allowed',
  'environment-admins-can-bypass',
  'environment-self-review',
];
const firing = () => BRANCH_RULES.filter((id) => fixture.find(id).length > 0);

it('a well-protected default branch shows no weakness', () => {
  fixture.add({ protection: [protection()] });
  expect(firing()).toEqual([]);
});

describe('each weakness fires on its own', () => {
  const cases: [string, Parameters<typeof protection>[0], RegExp][] = [
    ['no-required-review', { requiredApprovals: 0 }, /accepts changes without any approving review/],
    ['no-required-review', { requiredApprovals: null }, /accepts changes without any approving review/],
    ['admins-can-bypass', { adminsCanBypass: true }, /does not apply to administrators/],
    ['force-push-allowed', { forcePushAllowed: true }, /allows force pushes/],
    ['no-required-checks', { requiredChecks: [] }, /does not require any CI check/],
    ['deletion-allowed', { deletionAllowed: true }, /allows the branch to be deleted/],
  ];
  for (const [id, fields, text] of cases) {
    it(`${id} (${JSON.stringify(fields)})`, () => {
      const { evidenceId } = fixture.add({ protection: [protection(fields)] });
      expect(firing()).toEqual([id]);
      const [finding] = fixture.find(id);
      expect(finding!.explanation).toMatch(text);
      expect(isOneSentence(finding!.explanation)).toBe(true);
      expect(finding!.occurredAt).toBe('2026-06-01T00:00:00Z');
      expect(finding!.evidence).toEqual([{ type: 'protection setting', key: `${REPO} classic-protection main @ 2026-06-01T00:00:00Z`, evidenceId }]);
    });
  }
});

describe('the branch is judged on all its rules together', () => {
  it('one ruleset blocking force pushes and deletion covers another that does not', () => {
    fixture.add({
      protection: [
        protection({ source: 'ruleset', target: '~DEFAULT_BRANCH', forcePushAllowed: true, deletionAllowed: true, requiredChecks: [] }),
        protection({ source: 'ruleset', target: 'refs/heads/main', requiredApprovals: 0, forcePushAllowed: false, deletionAllowed: false, requiredChecks: ['ci'] }),
      ],
    });
    expect(firing()).toEqual([]);
  });

  it('rules for other branches do not protect the default branch, which is then reported unprotected', () => {
    const { evidenceId } = fixture.add({ protection: [protection({ target: 'release/*' })] });
    expect(firing()).toEqual(['no-required-review']);
    const [finding] = fixture.find('no-required-review');
    expect(finding).toMatchObject({ key: `github:${REPO}:default-branch`, occurredAt: null, subject: `branch main / master (${REPO})` });
    expect(finding!.explanation).toMatch(/^No active protection rule or ruleset covers acme\/api’s default branch/);
    expect(finding!.evidence).toEqual([{ type: 'protection setting', key: `${REPO} classic-protection release/* @ 2026-06-01T00:00:00Z`, evidenceId }]);
  });

  it('a weakness seen in an earlier snapshot is still reported after it is fixed, dated when it was seen', () => {
    fixture.add({ protection: [protection({ forcePushAllowed: true, observedAt: '2026-02-01T00:00:00Z' })] });
    fixture.add({ protection: [protection({ forcePushAllowed: false, observedAt: '2026-09-01T00:00:00Z' })] });
    const findings = fixture.find('force-push-allowed');
    expect(findings).toHaveLength(1);
    expect(findings[0]!.occurredAt).toBe('2026-02-01T00:00:00Z');
  });

  it('repositories with only environment settings imported are not judged on their branch', () => {
    fixture.add({ protection: [protection({ source: 'environment', target: 'production', requiredApprovals: 1, adminsCanBypass: false })] });
    expect(firing()).toEqual([]);
  });
});

describe('bypass, enforcement and self-approval', () => {
  it('admins-can-bypass fires for a ruleset bypass actor in mode always, not for one limited to pull requests', () => {
    // As the github-protection importer records rulesets: the actors described, the raw ones in detail.
    fixture.add({
      protection: [
        protection({
          source: 'ruleset',
          target: '~DEFAULT_BRANCH',
          adminsCanBypass: true,
          bypassActors: ['repository admin role (always)'],
          detail: { name: 'main-branch-protection', bypassActors: [{ actor_id: 5, actor_type: 'RepositoryRole', bypass_mode: 'always' }] },
        }),
        protection({
          source: 'ruleset',
          target: 'main',
          adminsCanBypass: false,
          bypassActors: ['app 9 (pull_request)'],
          detail: { name: 'reviews', bypassActors: [{ actor_id: 9, actor_type: 'Integration', bypass_mode: 'pull_request' }] },
        }),
      ],
    });
    const findings = fixture.find('admins-can-bypass');
    expect(findings.map((finding) => finding.subject)).toEqual([`ruleset “main-branch-protection” (${REPO})`]);
    expect(findings[0]!.explanation).toBe(
      'The ruleset “main-branch-protection” on acme/api lets repository admin role (always) bypass it at any time (settings observed 2026-06-01).',
    );
  });

  it('admins-can-bypass reads bypass actors from the normalised list when there is no detail', () => {
    fixture.add({ protection: [protection({ source: 'ruleset', target: 'main', bypassActors: ['organization admins (always)', 'app 2 (pull_request)'] })] });
    expect(fixture.find('admins-can-bypass')[0]!.explanation).toContain('lets organization admins (always) bypass it');
  });

  it('admins-can-bypass fires for people classic protection lets skip pull requests (they can push straight to the branch)', () => {
    fixture.add({ protection: [protection({ bypassActors: ['user sam (may skip pull requests)'] })] });
    expect(firing()).toEqual(['admins-can-bypass']);
    expect(fixture.find('admins-can-bypass')[0]!.explanation).toContain('lets user sam (may skip pull requests) bypass it');
  });

  it('a "Branch not protected" answer is reported as no protection, not as a disabled ruleset', () => {
    fixture.add({
      protection: [protection({ active: false, requiredApprovals: 0, forcePushAllowed: true, deletionAllowed: true, requiredChecks: [], adminsCanBypass: null })],
    });
    expect(firing()).toEqual(['no-required-review']);
    expect(fixture.find('no-required-review')[0]!.explanation).toMatch(/^No active protection rule or ruleset covers/);
  });

  it('ruleset-not-enforced fires for an inactive ruleset on the default branch only', () => {
    fixture.add({
      protection: [
        protection(),
        protection({ source: 'ruleset', target: '~DEFAULT_BRANCH', active: false, detail: { name: 'strict' } }),
        protection({ source: 'ruleset', target: 'release/*', active: false }),
      ],
    });
    expect(firing()).toEqual(['ruleset-not-enforced']);
    expect(fixture.find('ruleset-not-enforced')[0]!.subject).toBe(`ruleset “strict” (${REPO})`);
  });

  /** GitLab's project approval settings as the gitlab-mrs importer records them. */
  const gitlabSettings = (fields: Parameters<typeof protection>[0] = {}) =>
    protection({
      provider: 'gitlab',
      repo: 'acme/platform/api',
      source: 'gitlab-approvals',
      target: 'all merge requests',
      adminsCanBypass: null,
      forcePushAllowed: null,
      deletionAllowed: null,
      requiredChecks: [],
      authorCanApprove: false,
      detail: { committersCanApprove: false },
      ...fields,
    });

  it('author-can-approve fires for GitLab settings that let authors, or committers, approve', () => {
    fixture.add({ protection: [gitlabSettings({ authorCanApprove: true })] });
    expect(firing()).toEqual(['author-can-approve']);
    const [finding] = fixture.find('author-can-approve');
    expect(finding!.subject).toBe('merge request approval settings (acme/platform/api)');
    expect(finding!.explanation).toBe(
      'The merge request approval settings of acme/platform/api let the author of a change approve it themselves (settings observed 2026-06-01).',
    );
  });

  it('author-can-approve fires when committers may approve, and not for sound GitLab settings', () => {
    fixture.add({ protection: [gitlabSettings({ repo: 'acme/one', detail: { committersCanApprove: true } }), gitlabSettings({ repo: 'acme/two' })] });
    expect(fixture.find('author-can-approve').map((finding) => finding.subject)).toEqual(['merge request approval settings (acme/one)']);
    expect(fixture.find('author-can-approve')[0]!.explanation).toContain('anyone who committed to a change');
  });

  it('no-required-review on GitLab settings alone asks to confirm against approval rules', () => {
    fixture.add({ protection: [gitlabSettings({ requiredApprovals: 0 })] });
    expect(firing()).toEqual(['no-required-review']);
    expect(fixture.find('no-required-review')[0]!.explanation).toContain('approval rules not in this export may require some, so confirm');
  });

  it('environment rules fire only for environments with a reviewer gate', () => {
    fixture.add({
      protection: [
        protection(),
        protection({ source: 'environment', target: 'production', requiredApprovals: 1, adminsCanBypass: true, authorCanApprove: true }),
        protection({ source: 'environment', target: 'staging', requiredApprovals: null, adminsCanBypass: true, authorCanApprove: true }),
      ],
    });
    expect(firing()).toEqual(['environment-admins-can-bypass', 'environment-self-review']);
    expect(fixture.find('environment-self-review')[0]).toMatchObject({ subject: `environment production (${REPO})` });
  });
});
