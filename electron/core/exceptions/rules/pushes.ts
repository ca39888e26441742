/**
 * Changes that reached the default branch without a pull request, and rewrites of its history.
 *
 * The period: a commit is judged by its committed_at (git records no push time), an activity event by
 * its time, both inside the observation period taken in the workspace's time zone (periodBounds).
 *
 * direct-push, from two sources:
 *  - Git history (first-parent commits of the default branch): a commit git saw arrive as direct-push,
 *    or made through the host's web UI, with no PR reference, unless the PR export shows it landed a
 *    merged PR: its sha is a merged PR's merge_commit_sha or head_sha (a fast-forward merge looks like
 *    a direct push in git alone), or it is one of the commits that fast-forward brought along (walking
 *    first parents back from that head while they are direct-push commits dated on or after the PR was
 *    opened: GitLab's fast-forward merge method lands every commit of the MR this way). A web-UI commit
 *    within two minutes of a PR merge in the same repository is taken as part of a rebase merge made
 *    with the button (GitHub commits those as itself, with the PR's merge time, and records only the
 *    last one as the merge commit). Web-UI commits are medium: the host made them, a person chose to.
 *  - The host's activity log: a push to the default branch whose new head is not a commit of the
 *    imported Git history (that commit's own finding covers it), nor a merged PR's merge or head commit,
 *    nor the result of a pr_merge / merge_queue_merge event.
 * force-push: the activity log's force pushes to the default branch or to any branch a protection rule
 * or ruleset covers. Force pushes to unprotected work branches are normal and not reported.
 */
import type Database from 'better-sqlite3';
import type { RecordRef } from '../../../../shared/domain/evidence.js';
import type { ExceptionRule, Finding } from '../rule.js';
import { activityRef, activityRepo, branchOf, commitRef, day, DefaultBranches, knownRepos, periodBounds, shortSha, targetCoversRef } from './common.js';

interface DirectCommit {
  repo: string;
  sha: string;
  branch: string;
  arrival: string;
  author_name: string;
  committed_at: string;
  subject: string;
  evidence_id: string;
  push_repo: string | null;
  push_id: string | null;
  push_evidence: string | null;
}

interface Activity {
  provider: string;
  repo: string;
  activity_id: string;
  activity_type: string;
  ref: string;
  actor: string | null;
  before_sha: string | null;
  after_sha: string | null;
  at: string;
  evidence_id: string;
}

const FIRST_PARENT = (alias: string) => `substr(${alias}.parents, 1, instr(${alias}.parents || ' ', ' ') - 1)`;

/** The commits a merged PR landed by fast-forward: its head, and the direct-push commits behind it dated after the PR was opened. */
const FAST_FORWARDED = `
  landed(repo, sha, parent, since, depth) AS (
    SELECT c.repo, c.sha, ${FIRST_PARENT('c')}, p.created_at, 0
    FROM git_commits c JOIN pull_requests p ON p.head_sha = c.sha AND p.merged_at IS NOT NULL
    WHERE c.committed_at >= @from AND c.committed_at < @to AND c.arrival = 'direct-push'
    UNION
    SELECT c.repo, c.sha, ${FIRST_PARENT('c')}, p.created_at, 0
    FROM git_commits c JOIN pull_requests p ON p.merge_commit_sha = c.sha AND p.merged_at IS NOT NULL
    WHERE c.committed_at >= @from AND c.committed_at < @to AND c.arrival = 'direct-push'
    UNION
    SELECT g.repo, g.sha, ${FIRST_PARENT('g')}, l.since, l.depth + 1
    FROM landed l JOIN git_commits g ON g.repo = l.repo AND g.sha = l.parent
    WHERE g.arrival = 'direct-push' AND g.pr_number IS NULL AND l.since IS NOT NULL AND l.depth < 250
      AND julianday(g.committed_at) >= julianday(l.since)
  )`;

const DIRECT_COMMITS = `
  WITH RECURSIVE ${FAST_FORWARDED}
  SELECT c.repo, c.sha, c.branch, c.arrival, c.author_name, c.committed_at, c.subject, c.evidence_id,
    a.repo AS push_repo, a.activity_id AS push_id, a.evidence_id AS push_evidence
  FROM git_commits c
  LEFT JOIN repo_activity a ON a.rowid = (
    SELECT x.rowid FROM repo_activity x WHERE x.after_sha = c.sha AND x.activity_type IN ('push', 'force_push') ORDER BY x.at LIMIT 1)
  WHERE c.committed_at >= @from AND c.committed_at < @to
    AND c.arrival IN ('direct-push', 'web-ui') AND c.pr_number IS NULL
    AND NOT EXISTS (SELECT 1 FROM pull_requests p WHERE p.merge_commit_sha = c.sha AND p.merged_at IS NOT NULL)
    AND c.sha NOT IN (SELECT sha FROM landed)
    AND (c.arrival = 'direct-push' OR NOT EXISTS (
      SELECT 1 FROM pull_requests p
      WHERE p.merged_at >= strftime('%Y-%m-%dT%H:%M:%S', c.committed_at, '-120 seconds') AND p.merged_at <= strftime('%Y-%m-%dT%H:%M:%SZ', c.committed_at, '+120 seconds')
        AND p.repo = c.repo))
  ORDER BY c.committed_at, c.repo, c.sha`;

/**
 * Pushes not otherwise explained. An event of the activity log names no repository (repo ""), so its
 * commit is looked for in every repository of the Git history (one primary-key seek per repository).
 */
const PUSHES = `
  WITH RECURSIVE git_repos(repo) AS (
    SELECT min(repo) FROM git_commits
    UNION ALL
    SELECT (SELECT min(repo) FROM git_commits WHERE repo > g.repo) FROM git_repos g WHERE g.repo IS NOT NULL
  )
  SELECT a.* FROM repo_activity a
  WHERE a.activity_type = 'push' AND a.at >= @from AND a.at < @to
    AND (a.after_sha IS NULL OR (
      NOT EXISTS (SELECT 1 FROM git_repos g JOIN git_commits c ON c.repo = g.repo AND c.sha = a.after_sha WHERE g.repo = a.repo OR a.repo = '')
      AND NOT EXISTS (SELECT 1 FROM pull_requests p WHERE p.merge_commit_sha = a.after_sha AND p.merged_at IS NOT NULL)
      AND NOT EXISTS (SELECT 1 FROM pull_requests p WHERE p.head_sha = a.after_sha AND p.merged_at IS NOT NULL)
      AND NOT EXISTS (SELECT 1 FROM repo_activity m WHERE m.after_sha = a.after_sha AND m.activity_type IN ('pr_merge', 'merge_queue_merge'))))
  ORDER BY a.at, a.repo, a.activity_id`;

const quote = (subject: string): string => `“${subject.length > 60 ? `${subject.slice(0, 57).trimEnd()}…` : subject}”`;

const activityFinding = (event: Activity, repo: string, explanation: string): Finding => ({
  key: `${event.provider}:${event.repo}:activity:${event.activity_id}`,
  subject: `${event.activity_type === 'force_push' ? 'force push' : 'push'} to ${branchOf(event.ref)} (${repo || 'repository not named in the export'})`,
  occurredAt: event.at,
  explanation,
  evidence: [activityRef(event.repo, event.activity_id, event.evidence_id)],
});

export const directPush: ExceptionRule = {
  id: 'direct-push',
  title: 'Change pushed straight to the default branch',
  severity: 'high',
  controls: ['CC-PROTECTED-BRANCH', 'CC-AUTOMATED-REVIEW'],
  find(db, period) {
    const { from, to } = periodBounds(period);
    const findings: Finding[] = [];
    for (const commit of db.prepare(DIRECT_COMMITS).all({ from, to }) as DirectCommit[]) {
      const evidence: RecordRef[] = [commitRef(commit.repo, commit.sha, commit.evidence_id)];
      if (commit.push_id && commit.push_evidence) evidence.push(activityRef(commit.push_repo ?? '', commit.push_id, commit.push_evidence));
      const web = commit.arrival === 'web-ui';
      const how = web ? 'was made in the host’s web interface directly on' : 'was pushed directly to';
      findings.push({
        key: `commit:${commit.repo}@${commit.sha}`,
        subject: `commit ${shortSha(commit.sha)} (${commit.repo})`,
        occurredAt: commit.committed_at,
        explanation: `Commit ${shortSha(commit.sha)} ${quote(commit.subject)} by ${commit.author_name} ${how} ${commit.branch} on ${day(commit.committed_at)} without a pull request.`,
        evidence,
        ...(web ? { severity: 'medium' as const } : {}),
      });
    }
    const branches = new DefaultBranches(db);
    const pushes = db.prepare(PUSHES).all({ from, to }) as Activity[];
    const known = pushes.some((event) => event.repo === '') ? knownRepos(db) : [];
    for (const event of pushes) {
      const repo = activityRepo(event.repo, known);
      if (!isDefaultBranch(branches, repo, known, event.ref)) continue;
      const who = event.actor ? `by ${event.actor}` : '(the log does not say by whom)';
      const head = event.after_sha ? `, making ${shortSha(event.after_sha)} its head,` : '';
      findings.push(activityFinding(event, repo, `Branch ${branchOf(event.ref)} was pushed to directly ${who} on ${day(event.at)}${head} without a pull request.`));
    }
    return findings;
  },
};

/** Whether the ref is a default branch of the repository, or, for an event whose repository cannot be told, of any. */
const isDefaultBranch = (branches: DefaultBranches, repo: string, known: readonly string[], ref: string): boolean =>
  repo !== '' || known.length === 0 ? branches.isDefault(repo, ref) : known.some((candidate) => branches.isDefault(candidate, ref));

/** Branch-level protection targets per repository: what "protected" means for a force push. */
const protectedTargets = (db: Database.Database): ((repo: string) => string[]) => {
  const statement = db.prepare("SELECT DISTINCT target FROM protection_settings WHERE repo = ? AND source <> 'environment' AND active <> 0").pluck();
  const cache = new Map<string, string[]>();
  return (repo) => {
    let targets = cache.get(repo);
    if (!targets) cache.set(repo, (targets = statement.all(repo) as string[]));
    return targets;
  };
};

export const forcePush: ExceptionRule = {
  id: 'force-push',
  title: 'Force push to a protected or default branch',
  severity: 'high',
  controls: ['CC-PROTECTED-BRANCH'],
  find(db, period) {
    const { from, to } = periodBounds(period);
    const branches = new DefaultBranches(db);
    const targets = protectedTargets(db);
    const events = db
      .prepare("SELECT * FROM repo_activity WHERE activity_type = 'force_push' AND at >= @from AND at < @to ORDER BY at, repo, activity_id")
      .all({ from, to }) as Activity[];
    const known = events.some((event) => event.repo === '') ? knownRepos(db) : [];
    return events
      .map((event) => ({ event, repo: activityRepo(event.repo, known) }))
      .filter(({ event, repo }) => {
        const isDefault = isDefaultBranch(branches, repo, known, event.ref);
        // An event whose repository cannot be told is held against every repository's protection.
        return isDefault || (repo === '' ? known : [repo]).some((candidate) => targets(candidate).some((target) => targetCoversRef(target, event.ref, isDefault)));
      })
      .map(({ event, repo }) => {
        const who = event.actor ? `by ${event.actor}` : '(the log does not say by whom)';
        const change = event.before_sha && event.after_sha ? `, replacing ${shortSha(event.before_sha)} with ${shortSha(event.after_sha)}` : '';
        return activityFinding(event, repo, `Branch ${branchOf(event.ref)} was force-pushed ${who} on ${day(event.at)}${change}, which rewrites its history.`);
      });
  },
};

export const pushRules: readonly ExceptionRule[] = [directPush, forcePush];
