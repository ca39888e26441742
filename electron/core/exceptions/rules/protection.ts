/**
 * Weaknesses in the standing settings: branch protection, rulesets, GitLab approval settings and
 * deployment environments (protection_settings). Settings are judged whatever the date they were
 * observed (a snapshot taken after the period is often the best evidence of it); a finding's date is
 * the first observation that shows the weakness.
 *
 * The default branch (DefaultBranches) is what matters: branch-level rows are those whose target
 * covers it ("main", "~DEFAULT_BRANCH", "~ALL", a matching pattern), plus GitLab's project approval
 * settings, which apply to every merge request.
 *
 * What the branch allows is judged on the rows together, as GitHub enforces them: with several active
 * rulesets and a classic rule, force pushes are blocked if any of them blocks them. Snapshots are
 * taken into account: at each observation time the state is, per (source, target), its latest row
 * observed by then (or, before its first observation, that first one: a setting is assumed to stand
 * until a later snapshot shows otherwise). A weakness found in any state is reported once per
 * repository (no-required-review, force-push-allowed, deletion-allowed, no-required-checks); when no
 * active row covers the default branch at all, only no-required-review is reported, saying so.
 * A repository with no branch-level rows at all (only environments imported, say) is not judged on
 * its branch: that evidence is simply not there.
 *
 * Settings that belong to one rule are reported per (source, target): admins-can-bypass (classic
 * enforce_admins off, or a ruleset bypass actor whose mode is "always" or "exempt", not one that may
 * only bypass through a pull request), ruleset-not-enforced (an inactive ruleset on the default
 * branch), author-can-approve (GitLab lets the author, or committers, approve), and for deployment
 * environments that have a reviewer gate, environment-admins-can-bypass and environment-self-review
 * (prevent_self_review off). The environment rules are their own ids because they test the CI/CD
 * promotion gate (CC-CI-PIPELINE), not the branch (CC-PROTECTED-BRANCH).
 */
import type Database from 'better-sqlite3';
import type { ExceptionRule, Finding } from '../rule.js';
import { DefaultBranches, day, protectionRef } from './common.js';

interface ProtectionRow {
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
  evidence_id: string;
}

const parse = (json: string): unknown => {
  try {
    return JSON.parse(json) as unknown;
  } catch {
    return null;
  }
};

const asArray = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const record = (value: unknown): Record<string, unknown> => (value && typeof value === 'object' ? (value as Record<string, unknown>) : {});

/**
 * Who may push past the rules at any time. A ruleset's raw bypass actors (kept in detail) with mode
 * "always" (GitHub's default) or "exempt"; without them, the normalised list less the actors whose mode
 * is "pull_request" (they may only merge a pull request past the rules). Classic protection lists the
 * people allowed to skip pull requests altogether: they can push straight to the branch, so they count.
 */
const alwaysBypass = (row: ProtectionRow): string[] => {
  const detail = record(parse(row.detail));
  const raw = asArray(detail.bypassActors ?? detail.bypass_actors);
  if (raw.length > 0 && raw.every((actor) => actor && typeof actor === 'object')) {
    const named = asArray(parse(row.bypass_actors)).map(String);
    return raw
      .map(record)
      .map((actor, i) => ({ actor, name: named[i] ?? ([actor.actor_type, actor.actor_id].filter((part) => part !== undefined && part !== null).join(' ') || 'an actor') }))
      .filter(({ actor }) => actor.bypass_mode === undefined || actor.bypass_mode === null || actor.bypass_mode === 'always' || actor.bypass_mode === 'exempt')
      .map(({ name }) => name);
  }
  return asArray(parse(row.bypass_actors))
    .map(String)
    .filter((actor) => !/\(pull_request\)/.test(actor));
};

/** The repository as a finding names it (GitLab's approval settings may come without one). */
const repoName = (repo: string): string => repo || 'the repository (the export does not name it)';

/** GitLab: merge_requests_disable_committers_approval off lets a committer approve the change they worked on. */
const committersCanApprove = (row: ProtectionRow): boolean => record(parse(row.detail)).committersCanApprove === true;

const checksOf = (row: ProtectionRow): string[] => asArray(parse(row.required_checks)).map(String);

/** Whether an environment gates deployments with reviewers (the only case where bypass and self-review matter). */
const hasReviewerGate = (row: ProtectionRow): boolean =>
  (row.required_approvals ?? 0) > 0 || asArray(record(parse(row.detail)).protection_rules).some((rule) => record(rule).type === 'required_reviewers');

const ref = (row: ProtectionRow) => protectionRef(row.repo, row.source, row.target, row.observed_at, row.evidence_id);

const settingName = (row: ProtectionRow): string => {
  switch (row.source) {
    case 'ruleset': {
      const name = record(parse(row.detail)).name;
      return typeof name === 'string' && name.length > 0 ? `ruleset “${name}”` : `ruleset on ${row.target}`;
    }
    case 'classic-protection':
      return `branch protection of ${row.target}`;
    case 'gitlab-approvals':
      return 'merge request approval settings';
    case 'environment':
      return `environment ${row.target}`;
    default:
      return `${row.source} ${row.target}`;
  }
};

interface RepoSettings {
  provider: string;
  repo: string;
  /** Rows that apply to the default branch, by (source, target), each list oldest first. */
  branch: Map<string, ProtectionRow[]>;
  /** Branch-level (non-environment) rows for other branches: evidence of what is protected when the default branch is not. */
  otherBranches: ProtectionRow[];
  environments: Map<string, ProtectionRow[]>;
  defaultBranch: string;
}

const append = (groups: Map<string, ProtectionRow[]>, group: string, row: ProtectionRow): void => {
  const list = groups.get(group);
  if (list) list.push(row);
  else groups.set(group, [row]);
};

const loadSettings = (db: Database.Database): RepoSettings[] => {
  const rows = db.prepare('SELECT rowid, * FROM protection_settings ORDER BY provider, repo, source, target, observed_at, rowid').all() as ProtectionRow[];
  const branches = new DefaultBranches(db);
  const repos = new Map<string, RepoSettings>();
  for (const row of rows) {
    const id = `${row.provider}:${row.repo}`;
    let settings = repos.get(id);
    if (!settings) {
      const defaults = [...branches.of(row.repo)];
      settings = { provider: row.provider, repo: row.repo, branch: new Map(), otherBranches: [], environments: new Map(), defaultBranch: defaults.join(' / ') };
      repos.set(id, settings);
    }
    const group = `${row.source}\n${row.target}`;
    if (row.source === 'environment') {
      append(settings.environments, group, row);
      continue;
    }
    if (row.source === 'gitlab-approvals' || branches.targetCoversDefault(row.repo, row.target)) {
      append(settings.branch, group, row);
    } else {
      settings.otherBranches.push(row);
    }
  }
  return [...repos.values()];
};

/** The branch's settings as they stood at each observation time, oldest first. */
const statesOf = (settings: RepoSettings): { at: string | null; rows: ProtectionRow[] }[] => {
  const groups = [...settings.branch.values()];
  if (groups.length === 0) return [{ at: null, rows: [] }];
  const times = [...new Set(groups.flat().map((row) => row.observed_at))].sort();
  return times.map((at) => ({
    at,
    rows: groups.map((history) => [...history].reverse().find((row) => row.observed_at <= at) ?? history[0]!),
  }));
};

const subjectOf = (settings: RepoSettings): string => `branch ${settings.defaultBranch} (${repoName(settings.repo)})`;

/** A weakness of the branch as a whole: reported at the first state that shows it. */
const branchWeakness = (
  db: Database.Database,
  weak: (active: ProtectionRow[]) => boolean,
  explain: (settings: RepoSettings, at: string | null, active: ProtectionRow[]) => string,
  options: { whenUnprotected: boolean } = { whenUnprotected: false },
): Finding[] => {
  const findings: Finding[] = [];
  for (const settings of loadSettings(db)) {
    if (settings.branch.size === 0 && settings.otherBranches.length === 0) continue;
    for (const state of statesOf(settings)) {
      const active = state.rows.filter((row) => row.active !== 0);
      if (active.length === 0 ? !options.whenUnprotected : !weak(active)) continue;
      findings.push({
        key: `${settings.provider}:${settings.repo}:default-branch`,
        subject: subjectOf(settings),
        occurredAt: state.at,
        explanation: explain(settings, state.at, active),
        evidence: (state.rows.length > 0 ? state.rows : settings.otherBranches).map(ref),
      });
      break;
    }
  }
  return findings;
};

/** A weakness of one setting (one source and target), reported at its first observation that shows it. */
const settingWeakness = (
  db: Database.Database,
  pick: (settings: RepoSettings) => ProtectionRow[][],
  weak: (row: ProtectionRow) => boolean,
  explain: (row: ProtectionRow, settings: RepoSettings) => string,
): Finding[] => {
  const findings: Finding[] = [];
  for (const settings of loadSettings(db)) {
    for (const history of pick(settings)) {
      const shown = history.filter(weak);
      const first = shown[0];
      if (!first) continue;
      findings.push({
        key: `${settings.provider}:${settings.repo}:${first.source}:${first.target}`,
        subject: first.source === 'environment' ? `environment ${first.target} (${repoName(settings.repo)})` : `${settingName(first)} (${repoName(settings.repo)})`,
        occurredAt: first.observed_at,
        explanation: explain(first, settings),
        evidence: shown.map(ref),
      });
    }
  }
  return findings;
};

const observed = (at: string | null): string => (at ? ` (settings observed ${day(at)})` : '');
const BRANCH = ['CC-PROTECTED-BRANCH'] as const;

export const noRequiredReview: ExceptionRule = {
  id: 'no-required-review',
  title: 'Default branch does not require an approving review',
  severity: 'high',
  controls: BRANCH,
  find: (db) =>
    branchWeakness(
      db,
      (active) => Math.max(...active.map((row) => row.required_approvals ?? 0)) === 0,
      (settings, at, active) =>
        active.length === 0
          ? `No active protection rule or ruleset covers ${repoName(settings.repo)}’s default branch ${settings.defaultBranch}${observed(at)}, so changes need no approval to reach it.`
          : active.every((row) => row.source === 'gitlab-approvals')
            ? `The merge request approval settings of ${repoName(settings.repo)} require no approval${observed(at)}; approval rules not in this export may require some, so confirm.`
            : `The default branch ${settings.defaultBranch} of ${repoName(settings.repo)} accepts changes without any approving review${observed(at)}.`,
      { whenUnprotected: true },
    ),
};

export const forcePushAllowed: ExceptionRule = {
  id: 'force-push-allowed',
  title: 'Force pushes allowed on the default branch',
  severity: 'medium',
  controls: BRANCH,
  find: (db) =>
    branchWeakness(
      db,
      (active) => !active.some((row) => row.force_push_allowed === 0) && active.some((row) => row.force_push_allowed === 1),
      (settings, at) => `The protection of ${repoName(settings.repo)}’s default branch ${settings.defaultBranch} allows force pushes, which can rewrite its history${observed(at)}.`,
    ),
};

export const deletionAllowed: ExceptionRule = {
  id: 'deletion-allowed',
  title: 'Default branch can be deleted',
  severity: 'low',
  controls: BRANCH,
  find: (db) =>
    branchWeakness(
      db,
      (active) => !active.some((row) => row.deletion_allowed === 0) && active.some((row) => row.deletion_allowed === 1),
      (settings, at) => `The protection of ${repoName(settings.repo)}’s default branch ${settings.defaultBranch} allows the branch to be deleted${observed(at)}.`,
    ),
};

export const noRequiredChecks: ExceptionRule = {
  id: 'no-required-checks',
  title: 'No required status checks on the default branch',
  severity: 'medium',
  controls: BRANCH,
  find: (db) =>
    branchWeakness(
      db,
      (active) => {
        // GitLab's approval settings say nothing about pipelines: judge the rules that can require checks.
        const withChecks = active.filter((row) => row.source !== 'gitlab-approvals');
        return withChecks.length > 0 && withChecks.every((row) => checksOf(row).length === 0);
      },
      (settings, at) => `${repoName(settings.repo)}’s default branch ${settings.defaultBranch} does not require any CI check to pass before a change is merged${observed(at)}.`,
    ),
};

export const adminsCanBypass: ExceptionRule = {
  id: 'admins-can-bypass',
  title: 'Administrators or bypass actors can skip branch protection',
  severity: 'high',
  controls: BRANCH,
  find: (db) =>
    settingWeakness(
      db,
      (settings) => [...settings.branch.values()],
      (row) => row.active !== 0 && (row.admins_can_bypass === 1 || alwaysBypass(row).length > 0),
      (row, settings) => {
        const actors = alwaysBypass(row);
        return actors.length > 0
          ? `The ${settingName(row)} on ${repoName(settings.repo)} lets ${actors.join(', ')} bypass it at any time${observed(row.observed_at)}.`
          : `The ${settingName(row)} on ${repoName(settings.repo)} does not apply to administrators, so an admin can push or merge past it${observed(row.observed_at)}.`;
      },
    ),
};

export const rulesetNotEnforced: ExceptionRule = {
  id: 'ruleset-not-enforced',
  title: 'Protection rule or ruleset not enforced',
  severity: 'medium',
  controls: BRANCH,
  find: (db) =>
    settingWeakness(
      db,
      (settings) => [...settings.branch.values()],
      // An inactive classic protection is the API saying "Branch not protected": no-required-review reports that.
      (row) => row.active === 0 && row.source === 'ruleset',
      (row, settings) => `The ${settingName(row)} on ${repoName(settings.repo)}’s default branch is not enforced (disabled or evaluate-only), so it blocks nothing${observed(row.observed_at)}.`,
    ),
};

export const authorCanApprove: ExceptionRule = {
  id: 'author-can-approve',
  title: 'Authors can approve their own changes',
  severity: 'high',
  controls: BRANCH,
  find: (db) =>
    settingWeakness(
      db,
      (settings) => [...settings.branch.values()],
      (row) => row.author_can_approve === 1 || committersCanApprove(row),
      (row, settings) => {
        const who = row.author_can_approve === 1 ? (committersCanApprove(row) ? 'the author of a change, and anyone who committed to it,' : 'the author of a change') : 'anyone who committed to a change';
        return `The ${settingName(row)} of ${repoName(settings.repo)} let ${who} approve it themselves${observed(row.observed_at)}.`;
      },
    ),
};

export const environmentAdminsCanBypass: ExceptionRule = {
  id: 'environment-admins-can-bypass',
  title: 'Administrators can skip a deployment environment’s approval',
  severity: 'medium',
  controls: ['CC-CI-PIPELINE'],
  find: (db) =>
    settingWeakness(
      db,
      (settings) => [...settings.environments.values()],
      (row) => row.admins_can_bypass === 1 && hasReviewerGate(row),
      (row, settings) => `Administrators of ${repoName(settings.repo)} can deploy to ${row.target} without the required approval${observed(row.observed_at)}.`,
    ),
};

export const environmentSelfReview: ExceptionRule = {
  id: 'environment-self-review',
  title: 'Whoever starts a deployment may approve it',
  severity: 'medium',
  controls: ['CC-CI-PIPELINE'],
  find: (db) =>
    settingWeakness(
      db,
      (settings) => [...settings.environments.values()],
      (row) => row.author_can_approve === 1 && hasReviewerGate(row),
      (row, settings) => `The person who starts a deployment of ${repoName(settings.repo)} to ${row.target} may also approve it (prevent self-review is off)${observed(row.observed_at)}.`,
    ),
};

export const protectionRules: readonly ExceptionRule[] = [
  noRequiredReview,
  adminsCanBypass,
  authorCanApprove,
  forcePushAllowed,
  noRequiredChecks,
  rulesetNotEnforced,
  deletionAllowed,
  environmentAdminsCanBypass,
  environmentSelfReview,
];
