/**
 * Whether CI ran, and passed, before a change was merged or deployed.
 *
 * The period: a PR by its merged_at, a merge commit by its committed_at, a deployment by its
 * created_at, inside the observation period taken in the workspace's time zone (periodBounds).
 *
 * A run counts when it succeeded (conclusion "success"; GitLab pipelines that carry only a status,
 * status "success") and started before the merge or deployment (its start time, or its completion
 * time where the export gives no start). Runs are matched by commit: a PR's head or merge commit, a
 * merge commit or the PR head it merged (its second parent), a deployment's sha.
 *
 * Changes are judged only against CI evidence that could show them: the repository's imported runs
 * must begin before the change. Changes of a repository with no imported runs, or from before its
 * first imported run, are not reported one by one (that would blame the practice for a missing
 * export); one ci-population-missing finding per repository says the CI evidence does not cover them.
 * A PR with neither a head nor a merge commit in the export cannot be matched and is not judged.
 * A squash-merge commit of the Git history with no PR record is not judged either: the commit CI
 * tested before the merge was the PR's head, which git alone does not know.
 */
import type Database from 'better-sqlite3';
import type { RecordRef } from '../../../../shared/domain/evidence.js';
import type { ExceptionRule, Finding } from '../rule.js';
import { commitRef, day, deploymentRef, periodBounds, plural, prKey, prNoun, prRef, prSubject, runRef, sentence, shortSha } from './common.js';

const SUCCESS = "(lower(r.conclusion) = 'success' OR (r.conclusion IS NULL AND lower(r.status) = 'success'))";
const RUN_AT = 'coalesce(r.started_at, r.completed_at)';
/** The first imported run of each repository: CI evidence exists from then on. */
const CI_FROM = `ci AS (SELECT provider, repo, min(coalesce(started_at, completed_at)) AS first_at FROM ci_runs GROUP BY provider, repo)`;
const SECOND_PARENT = (alias: string) => {
  const rest = `substr(${alias}.parents, instr(${alias}.parents, ' ') + 1)`;
  return `substr(${rest}, 1, instr(${rest} || ' ', ' ') - 1)`;
};

/** The runs of the commits before the instant, to show what CI did (or did not) do; a few at most. */
const runsBefore = (db: Database.Database) => {
  const statement = db.prepare(
    `SELECT r.repo, r.run_id, r.evidence_id, coalesce(r.conclusion, r.status) AS outcome FROM ci_runs r
     WHERE r.head_sha IN (?, ?) AND julianday(${RUN_AT}) < julianday(?) ORDER BY ${RUN_AT} DESC LIMIT 5`,
  );
  return (shaA: string | null, shaB: string | null, at: string): { refs: RecordRef[]; outcomes: string[] } => {
    const rows = statement.all(shaA, shaB, at) as { repo: string; run_id: string; evidence_id: string; outcome: string }[];
    return { refs: rows.map((row) => runRef(row.repo, row.run_id, row.evidence_id)), outcomes: [...new Set(rows.map((row) => row.outcome))] };
  };
};

const notGreen = (outcomes: string[], what: string): string =>
  outcomes.length === 0 ? `with no CI run for its code before ${what}` : `although its CI runs before ${what} did not succeed (${outcomes.join(', ')})`;

interface MergedPr {
  provider: string;
  repo: string;
  number: number;
  merged_at: string;
  head_sha: string | null;
  merge_commit_sha: string | null;
  evidence_id: string;
}

interface MergeCommit {
  repo: string;
  sha: string;
  pr_number: number | null;
  committed_at: string;
  second_parent: string;
  evidence_id: string;
}

interface Deployment {
  provider: string;
  repo: string;
  deployment_id: string;
  sha: string;
  environment: string;
  created_at: string;
  evidence_id: string;
}

export const noCiBeforeMerge: ExceptionRule = {
  id: 'no-ci-before-merge',
  title: 'Merged without a successful CI run',
  severity: 'medium',
  controls: ['CC-CI-PIPELINE'],
  find(db, period) {
    const { from, to } = periodBounds(period);
    const runs = runsBefore(db);
    const findings: Finding[] = [];
    const prs = db
      .prepare(
        `WITH ${CI_FROM}
         SELECT p.provider, p.repo, p.number, p.merged_at, p.head_sha, p.merge_commit_sha, p.evidence_id
         FROM pull_requests p JOIN ci ON ci.provider = p.provider AND ci.repo = p.repo
         WHERE p.merged_at >= @from AND p.merged_at < @to AND julianday(p.merged_at) >= julianday(ci.first_at)
           AND (p.head_sha IS NOT NULL OR p.merge_commit_sha IS NOT NULL)
           AND NOT EXISTS (SELECT 1 FROM ci_runs r WHERE r.head_sha IN (p.head_sha, p.merge_commit_sha) AND ${SUCCESS}
                             AND julianday(${RUN_AT}) < julianday(p.merged_at))
         ORDER BY p.merged_at, p.provider, p.repo, p.number`,
      )
      .all({ from, to }) as MergedPr[];
    for (const pr of prs) {
      const seen = runs(pr.head_sha, pr.merge_commit_sha, pr.merged_at);
      findings.push({
        key: `${pr.provider}:${prKey(pr.provider, pr.repo, pr.number)}`,
        subject: prSubject(pr.provider, pr.repo, pr.number),
        occurredAt: pr.merged_at,
        explanation: sentence(`${prNoun(pr.provider, pr.number)} was merged on ${day(pr.merged_at)} ${notGreen(seen.outcomes, 'the merge')}.`),
        evidence: [prRef(pr.provider, pr.repo, pr.number, pr.evidence_id), ...seen.refs],
      });
    }

    // Merge commits of the Git history whose PR is not in any imported PR export.
    const commits = db
      .prepare(
        `WITH ci AS (SELECT repo, min(coalesce(started_at, completed_at)) AS first_at FROM ci_runs GROUP BY repo)
         SELECT c.repo, c.sha, c.pr_number, c.committed_at, c.evidence_id, ${SECOND_PARENT('c')} AS second_parent
         FROM git_commits c JOIN ci ON ci.repo = c.repo
         WHERE c.committed_at >= @from AND c.committed_at < @to AND c.arrival = 'pr-merge'
           AND julianday(c.committed_at) >= julianday(ci.first_at)
           AND NOT EXISTS (SELECT 1 FROM pull_requests p WHERE p.merge_commit_sha = c.sha)
           AND NOT EXISTS (SELECT 1 FROM pull_requests p WHERE p.provider IN ('github', 'gitlab') AND p.repo = c.repo AND p.number = c.pr_number)
           AND NOT EXISTS (SELECT 1 FROM ci_runs r WHERE r.head_sha IN (c.sha, ${SECOND_PARENT('c')}) AND ${SUCCESS}
                             AND julianday(${RUN_AT}) < julianday(c.committed_at))
         ORDER BY c.committed_at, c.repo, c.sha`,
      )
      .all({ from, to }) as MergeCommit[];
    for (const commit of commits) {
      const seen = runs(commit.sha, commit.second_parent, commit.committed_at);
      const of = commit.pr_number === null ? '' : ` (the merge of #${commit.pr_number})`;
      findings.push({
        key: `commit:${commit.repo}@${commit.sha}`,
        subject: `commit ${shortSha(commit.sha)} (${commit.repo})`,
        occurredAt: commit.committed_at,
        explanation: `Merge commit ${shortSha(commit.sha)}${of} reached the branch on ${day(commit.committed_at)} ${notGreen(seen.outcomes, 'the merge')}.`,
        evidence: [commitRef(commit.repo, commit.sha, commit.evidence_id), ...seen.refs],
      });
    }
    return findings;
  },
};

export const noCiBeforeDeploy: ExceptionRule = {
  id: 'no-ci-before-deploy',
  title: 'Deployed without a successful CI run',
  severity: 'high',
  controls: ['CC-CI-PIPELINE'],
  find(db, period) {
    const { from, to } = periodBounds(period);
    const runs = runsBefore(db);
    const deployments = db
      .prepare(
        `WITH ${CI_FROM}
         SELECT d.provider, d.repo, d.deployment_id, d.sha, d.environment, d.created_at, d.evidence_id
         FROM deployments d JOIN ci ON ci.provider = d.provider AND ci.repo = d.repo
         WHERE d.created_at >= @from AND d.created_at < @to AND julianday(d.created_at) >= julianday(ci.first_at)
           AND NOT EXISTS (SELECT 1 FROM ci_runs r WHERE r.head_sha = d.sha AND ${SUCCESS} AND julianday(${RUN_AT}) < julianday(d.created_at))
         ORDER BY d.created_at, d.provider, d.repo, d.deployment_id`,
      )
      .all({ from, to }) as Deployment[];
    return deployments.map((deployment) => {
      const seen = runs(deployment.sha, null, deployment.created_at);
      return {
        key: `${deployment.provider}:${deployment.repo}:deployment:${deployment.deployment_id}`,
        subject: `deployment ${deployment.deployment_id} to ${deployment.environment} (${deployment.repo})`,
        occurredAt: deployment.created_at,
        explanation: `Commit ${shortSha(deployment.sha)} was deployed to ${deployment.environment} on ${day(deployment.created_at)} ${notGreen(seen.outcomes, 'the deployment')}.`,
        evidence: [deploymentRef(deployment.repo, deployment.deployment_id, deployment.evidence_id), ...seen.refs],
      };
    });
  },
};

interface Uncovered {
  provider: string;
  repo: string;
  n: number;
  first_at: string;
  first_key: string;
  first_evidence: string;
  ci_from: string | null;
}

export const ciPopulationMissing: ExceptionRule = {
  id: 'ci-population-missing',
  title: 'CI evidence missing for part of the period',
  severity: 'medium',
  controls: ['CC-CI-PIPELINE'],
  find(db, period) {
    const { from, to } = periodBounds(period);
    // Per repository: the merged PRs and the deployments of the period that no imported run could cover.
    const uncovered = (table: 'pull_requests' | 'deployments', at: string, key: string) =>
      db
        .prepare(
          `WITH ${CI_FROM}
           SELECT x.provider, x.repo, count(*) AS n, min(x.${at}) AS first_at, ci.first_at AS ci_from,
             (SELECT y.${key} FROM ${table} y WHERE y.provider = x.provider AND y.repo = x.repo AND y.${at} >= @from AND y.${at} < @to ORDER BY y.${at} LIMIT 1) AS first_key,
             (SELECT y.evidence_id FROM ${table} y WHERE y.provider = x.provider AND y.repo = x.repo AND y.${at} >= @from AND y.${at} < @to ORDER BY y.${at} LIMIT 1) AS first_evidence
           FROM ${table} x LEFT JOIN ci ON ci.provider = x.provider AND ci.repo = x.repo
           WHERE x.${at} >= @from AND x.${at} < @to AND (ci.first_at IS NULL OR julianday(x.${at}) < julianday(ci.first_at))
           GROUP BY x.provider, x.repo`,
        )
        .all({ from, to }) as Uncovered[];
    const byRepo = new Map<string, { provider: string; repo: string; prs?: Uncovered; deployments?: Uncovered }>();
    const entry = (row: Uncovered) => {
      const id = `${row.provider}:${row.repo}`;
      return byRepo.get(id) ?? byRepo.set(id, { provider: row.provider, repo: row.repo }).get(id)!;
    };
    for (const row of uncovered('pull_requests', 'merged_at', 'number')) entry(row).prs = row;
    for (const row of uncovered('deployments', 'created_at', 'deployment_id')) entry(row).deployments = row;

    const findings: Finding[] = [];
    for (const [id, { provider, repo, prs, deployments }] of [...byRepo].sort(([a], [b]) => a.localeCompare(b))) {
      const ciFrom = prs?.ci_from ?? deployments?.ci_from ?? null;
      const what = [prs ? plural(prs.n, provider === 'gitlab' ? 'merge request' : 'pull request') + ' merged' : null, deployments ? plural(deployments.n, 'deployment') : null]
        .filter(Boolean)
        .join(' and ');
      const evidence: RecordRef[] = [];
      if (prs) evidence.push(prRef(provider, repo, Number(prs.first_key), prs.first_evidence));
      if (deployments) evidence.push(deploymentRef(repo, deployments.first_key, deployments.first_evidence));
      const firstAt = [prs?.first_at, deployments?.first_at].filter((at): at is string => Boolean(at)).sort()[0] ?? null;
      findings.push({
        key: id,
        subject: `CI runs of ${repo}`,
        occurredAt: firstAt,
        explanation: ciFrom
          ? `The CI runs imported for ${repo} begin on ${day(ciFrom)}, so whether CI passed before the ${what} earlier in the period cannot be shown; import the runs of the whole period.`
          : `No CI runs are imported for ${repo}, so whether CI passed before the ${what} in the period cannot be shown; import its CI runs.`,
        evidence,
      });
    }
    return findings;
  },
};

export const ciRules: readonly ExceptionRule[] = [noCiBeforeMerge, noCiBeforeDeploy, ciPopulationMissing];
