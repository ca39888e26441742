import { createHash } from 'node:crypto';

/**
 * The demo's change evidence: the exports a solo founder would make of a year of GitHub work, with
 * the handful of lapses an auditor would find (a hotfix merged alone, an approval on an older commit,
 * a merge before CI finished, a release without a green run, admins allowed to bypass protection).
 * Generated deterministically so the demo tells the same story every time.
 */
const REPO = 'brightline/analytics-api';
const URL = `https://github.com/${REPO}`;

const sha = (seed: string): string => createHash('sha1').update(seed).digest('hex');

/** A small seeded generator (mulberry32): the same demo on every machine. */
const seeded = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

const titles = [
  'Add cohort retention query',
  'Cache dashboard aggregates',
  'Rotate API signing keys via Secrets Manager',
  'Paginate export endpoint',
  'Tighten CORS for the admin API',
  'Upgrade Postgres driver',
  'Add audit log for role changes',
  'Terraform: enable S3 bucket versioning',
  'Fix timezone bug in weekly report',
  'Add rate limiting to public API',
  'Split ingestion worker',
  'Terraform: restrict security group egress',
  'Add CodeQL workflow',
  'Remove unused feature flags',
  'Improve error messages on import',
];

export interface DemoExports {
  pullRequests: unknown[];
  runs: unknown[];
  deployments: { deployments: unknown[]; statuses: Record<string, unknown[]> };
  protection: unknown;
}

export const demoChangeExports = (): DemoExports => {
  const random = seeded(2026);
  const pullRequests: unknown[] = [];
  const runs: unknown[] = [];
  const deployments: unknown[] = [];
  const statuses: Record<string, unknown[]> = {};
  let number = 101;
  let runId = 9_100_000_000;
  let deploymentId = 2_400_000_000;

  // About one merged change every five days across the year, a few numbers taken by issues.
  for (let day = 6; day < 316; day += 3 + Math.floor(random() * 4)) {
    number += random() < 0.2 ? 2 : 1;
    const created = Date.UTC(2026, 0, 1) + day * 86_400_000 + (9 + Math.floor(random() * 8)) * 3_600_000;
    const isBot = number % 9 === 0;
    const isContractor = !isBot && created < Date.UTC(2026, 3, 1) && number % 4 === 0;
    const author = isBot ? { login: 'app/dependabot', is_bot: true } : { login: isContractor ? 'leo-martins' : 'maya-chen', is_bot: false };
    const title = isBot ? `Bump ${['axios', 'pg', 'zod', 'aws-sdk'][number % 4]} to the latest patch` : (titles[number % titles.length] ?? 'Maintenance');
    const head = sha(`head-${number}`);
    const earlierCommit = sha(`head-${number}-before-review-fixes`);
    const mergeCommit = sha(`merge-${number}`);
    const reviewAt = created + 40 * 60_000;
    const mergedAt = created + 3 * 3_600_000;

    // The lapses, on fixed PR numbers so the story is stable.
    const hotfixMergedAlone = number === 127 || number === 163;
    const staleApproval = number === 142;
    const mergedBeforeCi = number === 155;

    const reviews = hotfixMergedAlone
      ? []
      : [
          {
            author: { login: 'coderabbitai[bot]' },
            state: 'APPROVED',
            submittedAt: iso(reviewAt),
            commit: { oid: staleApproval ? earlierCommit : head },
          },
          ...(isContractor ? [{ author: { login: 'maya-chen' }, state: 'APPROVED', submittedAt: iso(reviewAt + 600_000), commit: { oid: head } }] : []),
        ];
    pullRequests.push({
      number,
      title: hotfixMergedAlone ? `Hotfix: ${title.toLowerCase()}` : title,
      author,
      mergedBy: { login: 'maya-chen' },
      mergedAt: iso(mergedAt),
      createdAt: iso(created),
      reviews,
      latestReviews: reviews,
      reviewDecision: '',
      baseRefName: 'main',
      headRefName: isBot ? `dependabot/npm/${number}` : `feature/${number}`,
      headRefOid: head,
      mergeCommit: { oid: mergeCommit },
      url: `${URL}/pull/${number}`,
    });

    // CI on the PR head before merge, and on the merge commit after it.
    const ciStart = mergedBeforeCi ? mergedAt + 5 * 60_000 : created + 10 * 60_000;
    for (const [headSha, start, branch, event] of [
      [head, ciStart, author.login === 'app/dependabot' ? `dependabot/npm/${number}` : `feature/${number}`, 'pull_request'],
      [mergeCommit, mergedAt + 60_000, 'main', 'push'],
    ] as const) {
      runId += 1 + Math.floor(random() * 40);
      runs.push({
        databaseId: runId,
        headSha,
        headBranch: branch,
        event,
        status: 'completed',
        conclusion: 'success',
        createdAt: iso(start),
        startedAt: iso(start),
        updatedAt: iso(start + 7 * 60_000),
        workflowName: 'CI',
        name: 'CI',
        displayTitle: title,
        url: `${URL}/actions/runs/${runId}`,
      });
    }

    // Releases: most merges are promoted to production the next working day.
    if (!isBot && number % 2 === 1) {
      deploymentId += 1 + Math.floor(random() * 5000);
      // One release, late in the summer, went out from a local build that CI never saw.
      const fromLocalBuild = deployments.length === 20;
      const releasedSha = fromLocalBuild ? sha(`local-build-${number}`) : mergeCommit;
      const at = mergedAt + 20 * 3_600_000;
      deployments.push({
        url: `https://api.github.com/repos/${REPO}/deployments/${deploymentId}`,
        id: deploymentId,
        sha: releasedSha,
        ref: fromLocalBuild ? releasedSha : 'main',
        task: 'deploy',
        environment: 'production',
        description: fromLocalBuild ? 'Manual release from a local build' : 'Promote to production',
        creator: { login: 'maya-chen', type: 'User' },
        created_at: iso(at),
        updated_at: iso(at + 300_000),
        statuses_url: `https://api.github.com/repos/${REPO}/deployments/${deploymentId}/statuses`,
        repository_url: `https://api.github.com/repos/${REPO}`,
      });
      statuses[String(deploymentId)] = [
        { id: deploymentId * 10 + 2, state: 'success', environment: 'production', created_at: iso(at + 300_000), creator: { login: 'maya-chen' } },
        { id: deploymentId * 10 + 1, state: 'in_progress', environment: 'production', created_at: iso(at + 30_000), creator: { login: 'maya-chen' } },
      ];
    }
  }

  const protection = {
    url: `https://api.github.com/repos/${REPO}/branches/main/protection`,
    required_status_checks: { url: `https://api.github.com/repos/${REPO}/branches/main/protection/required_status_checks`, strict: true, contexts: ['CI', 'CodeQL'], checks: [] },
    required_pull_request_reviews: { dismiss_stale_reviews: true, require_code_owner_reviews: false, required_approving_review_count: 1 },
    required_signatures: { enabled: false },
    enforce_admins: { url: `https://api.github.com/repos/${REPO}/branches/main/protection/enforce_admins`, enabled: false },
    required_linear_history: { enabled: true },
    allow_force_pushes: { enabled: false },
    allow_deletions: { enabled: false },
    block_creations: { enabled: false },
    required_conversation_resolution: { enabled: true },
    lock_branch: { enabled: false },
    allow_fork_syncing: { enabled: false },
  };

  return { pullRequests, runs, deployments: { deployments, statuses }, protection };
};
