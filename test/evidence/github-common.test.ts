/** What the GitHub importers share: reading JSON item by item, repository identity, bot accounts, dates, cut-offs. */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { accountOf, cutOffWarning, isBotLogin, jsonItems, periodBounds, repoFromUrl, utc } from '../../electron/core/evidence/importers/githubCommon.js';
import { githubDeploymentsImporter } from '../../electron/core/evidence/importers/githubDeployments.js';
import { githubPullRequestsImporter } from '../../electron/core/evidence/importers/githubPullRequests.js';
import { githubRunsImporter } from '../../electron/core/evidence/importers/githubRuns.js';
import { SAMPLES, inputOf } from './github-support.js';

const items = (text: string) => [...jsonItems(Buffer.from(text, 'utf8'))].map((item) => [item.value, item.inArray]);

describe('jsonItems', () => {
  it('gives the elements of an array one by one, of arrays written one after another, and top-level objects', () => {
    expect(items('[{"a":1}, {"b":[1,2,{"c":"]}"}]}, 3, "x,]", null]')).toEqual([
      [{ a: 1 }, true],
      [{ b: [1, 2, { c: ']}' }] }, true],
      [3, true],
      ['x,]', true],
      [null, true],
    ]);
    expect(items('\uFEFF [1]\n[2,3]\n[]')).toEqual([
      [1, true],
      [2, true],
      [3, true],
    ]);
    expect(items('{"page":1}\n{"page":2}')).toEqual([
      [{ page: 1 }, false],
      [{ page: 2 }, false],
    ]);
    expect(items('[[1,2],[3]]')).toEqual([
      [[1, 2], true],
      [[3], true],
    ]);
  });

  it('handles escapes and multi-byte text inside strings', () => {
    expect(items('[{"t":"a \\"quoted\\" \\\\"}, {"t":"Grüße 🚀 {["}]')).toEqual([
      [{ t: 'a "quoted" \\' }, true],
      [{ t: 'Grüße 🚀 {[' }, true],
    ]);
  });

  it('throws on what is not a sequence of JSON values', () => {
    for (const bad of ['', '  ', '[1 2]', '[{"a":1}', '{"a":1} x', '[1,]', 'true', '[{"a":tru}]']) {
      expect(() => [...jsonItems(Buffer.from(bad))], bad).toThrow();
    }
  });
});

describe('repository identity', () => {
  it('reads owner/name from API, web and GitHub Enterprise addresses', () => {
    expect(repoFromUrl('https://api.github.com/repos/PyGithub/PyGithub/pulls/538')).toBe('PyGithub/PyGithub');
    expect(repoFromUrl('https://github.com/sololabs/api/pull/101')).toBe('sololabs/api');
    expect(repoFromUrl('https://github.com/sololabs/api/actions/runs/9100000003')).toBe('sololabs/api');
    expect(repoFromUrl('https://ghe.example.com/api/v3/repos/team/app/deployments/7')).toBe('team/app');
    expect(repoFromUrl('https://ghe.example.com/team/app/pull/7')).toBe('team/app');
    expect(repoFromUrl('/repos/o/r/actions/runs')).toBe('o/r');
    expect(repoFromUrl('https://gitlab.com/group/project/-/merge_requests/1')).toBeNull();
    expect(repoFromUrl(undefined)).toBeNull();
  });
});

describe('accounts', () => {
  it('detects bots in every shape the exports use', () => {
    expect(accountOf({ login: 'app/dependabot', is_bot: true })).toEqual({ login: 'app/dependabot', isBot: true });
    expect(accountOf({ login: 'dependabot[bot]', type: 'Bot' })).toEqual({ login: 'dependabot[bot]', isBot: true });
    expect(accountOf({ login: 'renovate', __typename: 'Bot' })).toEqual({ login: 'renovate', isBot: true });
    expect(accountOf({ login: 'coderabbitai' })).toEqual({ login: 'coderabbitai', isBot: true });
    expect(accountOf({ login: 'sam-okafor', is_bot: false })).toEqual({ login: 'sam-okafor', isBot: false });
    expect(accountOf({ login: 'app/', is_bot: true })).toEqual({ login: 'ghost', isBot: false });
    expect(accountOf(null)).toEqual({ login: 'ghost', isBot: false });
    expect(isBotLogin('github-actions[bot]')).toBe(true);
    expect(isBotLogin('Copilot-Pull-Request-Reviewer')).toBe(true);
    expect(isBotLogin('robot-fan')).toBe(false);
  });
});

describe('dates', () => {
  it('stores ISO 8601 UTC to the second, and drops Go zero times and empty strings', () => {
    expect(utc('2026-03-02T16:02:45Z')).toBe('2026-03-02T16:02:45Z');
    expect(utc('2026-03-02T18:02:45+02:00')).toBe('2026-03-02T16:02:45Z');
    expect(utc('2026-03-02T16:02:45.123Z')).toBe('2026-03-02T16:02:45Z');
    expect(utc('0001-01-01T00:00:00Z')).toBeNull();
    expect(utc('')).toBeNull();
    expect(utc('yesterday')).toBeNull();
    expect(utc(null)).toBeNull();
  });

  it('turns the workspace period into UTC bounds in its time zone', () => {
    expect(periodBounds({ periodStart: '2026-01-01', periodEnd: '2026-12-31', timeZone: 'Europe/London' })).toEqual({
      from: '2026-01-01T00:00:00Z',
      until: '2027-01-01T00:00:00Z',
    });
    expect(periodBounds({ periodStart: '2026-07-01', periodEnd: '2026-07-31', timeZone: 'Europe/Berlin' })).toEqual({
      from: '2026-06-30T22:00:00Z',
      until: '2026-07-31T22:00:00Z',
    });
  });
});

describe('cut-off exports', () => {
  it('warns at a default limit, a REST page and round limits only', () => {
    expect(cutOffWarning(30, 'pull request', { defaultLimit: 30, defaultLimitText: "gh pr list's default --limit of 30" })).toContain('default --limit of 30');
    expect(cutOffWarning(100, 'deployment', { rest: true })).toContain('one page of the REST API');
    expect(cutOffWarning(10_000, 'pull request', {})).toContain('round number');
    expect(cutOffWarning(31, 'pull request', { defaultLimit: 30 })).toBeNull();
    expect(cutOffWarning(0, 'pull request', { defaultLimit: 30 })).toBeNull();
  });
});

describe('recognisers', () => {
  it('recognise none of the shared samples of other kinds (GitLab, ruleset, CloudTrail, Kubernetes, Terraform, SARIF, JUnit, auth.log)', () => {
    const others = readdirSync(SAMPLES).filter((name) => name !== 'README.md' && !name.startsWith('github_rest_'));
    expect(others.length).toBeGreaterThanOrEqual(8);
    for (const name of others) {
      const input = inputOf(join(SAMPLES, name));
      for (const importer of [githubPullRequestsImporter, githubRunsImporter, githubDeploymentsImporter]) {
        expect(importer.recognises(input), `${importer.kind} on ${name}`).toBe(false);
      }
    }
  });
});
