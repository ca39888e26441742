/**
 * The rules on real exports, imported through the pipeline (evidence.import): the shared samples'
 * known exceptions are found — a PR merged by its own author, deployments with no CI run for their
 * commit — and their well-configured protection settings show no weakness.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { exceptionRules } from '../../electron/core/exceptions/rules/index.js';
import { splitFromBundle } from '../evidence/github-support.js';
import { createRuleFixture, type RuleFixture } from './helpers.js';

const RULESET_SAMPLE = '/work/shared/samples/github_ruleset_agentfield_main.json';

let fixture: RuleFixture;
let dir: string;
beforeEach(async () => {
  fixture = await createRuleFixture();
  dir = mkdtempSync(join(tmpdir(), 'countersign-samples-'));
});
afterEach(() => {
  fixture.dispose();
  rmSync(dir, { recursive: true, force: true });
});

const importSample = async (key: string, name: string, kind: 'github-prs' | 'github-runs' | 'github-deployments' | 'github-protection') =>
  fixture.harness.call('evidence.import', { kind, path: splitFromBundle(dir, key, name) });

it('finds the self-merge and the untested deployments of the PyGithub samples, and no weakness in their protection', async () => {
  await importSample('GET /repos/PyGithub/PyGithub/pulls/538/reviews', 'reviews.json', 'github-prs');
  await importSample('GET /repos/MarcoFalke/PyGithub/pulls/2', 'pull.json', 'github-prs');
  await importSample('GET /repos/PyGithub/PyGithub/actions/runs', 'runs.json', 'github-runs');
  await importSample('GET /repos/PyGithub/PyGithub/deployments', 'deployments.json', 'github-deployments');
  const protection = await importSample('GET /repos/curvewise-forks/PyGithub/branches/master/protection', 'protection.json', 'github-protection');
  const ruleset = await fixture.harness.call('evidence.import', { kind: 'github-protection', path: RULESET_SAMPLE });
  // Standing settings are judged whatever the period: the samples' are sound.
  expect(protection.exceptions.new + ruleset.exceptions.new).toBe(0);

  // The samples date from 2017-2020: judge them over a period that holds them.
  const period = { periodStart: '2017-01-01', periodEnd: '2020-12-31', timeZone: 'UTC' };
  const found = exceptionRules.flatMap((rule) => rule.find(fixture.workspace.db, period).map((finding) => `${rule.id}: ${finding.subject}`));
  expect(found).toEqual(
    expect.arrayContaining([
      'self-merge: PR #2 (MarcoFalke/PyGithub)',
      'no-ci-before-deploy: deployment 262350588 to production (PyGithub/PyGithub)',
      'no-ci-before-deploy: deployment 263877258 to test (PyGithub/PyGithub)',
    ]),
  );
  // PR #538's approval is on an older commit, but its PR record (the head merged) is not in the samples: no stale-approval claim.
  expect(found.filter((line) => /^(stale-approval|no-required-review|admins-can-bypass|force-push-allowed|no-required-checks|deletion-allowed|ruleset-not-enforced):/.test(line))).toEqual([]);
});
