/**
 * `github-protection`: how a GitHub repository protects its branches and deployments, and the
 * repository activity log, the most direct record of direct and force pushes.
 *
 * One importer, several shapes (alone, in arrays, pages back to back, or mixed):
 * - classic branch protection (`gh api repos/O/R/branches/BRANCH/protection`): no
 *   required_pull_request_reviews means no required review; enforce_admins.enabled false means admins
 *   can bypass; allow_force_pushes, allow_deletions; required_status_checks contexts and checks. The
 *   404 body `{"message": "Branch not protected"}` the same call gives for an unprotected branch is
 *   recorded as an inactive protection (no review, force pushes and deletion allowed).
 * - repository rulesets (`gh api repos/O/R/rulesets/ID`, also as exported without id): active only
 *   when enforcement is "active"; bypass actors listed with their mode (always and exempt are a full
 *   bypass, pull_request a narrower one); no non_fast_forward (or update) rule means force pushes are
 *   allowed, no deletion rule means deletion is allowed; the pull_request rule's approvals; the
 *   required_status_checks rule's contexts; target = conditions.ref_name.include.
 * - deployment environments (`gh api repos/O/R/environments/NAME`, or the list `{environments: [...]}`):
 *   can_admins_bypass, required reviewers (one of them must approve) with prevent_self_review, wait
 *   timer, deployment branch policy.
 * - repository activity (`gh api repos/O/R/activity --paginate`): push, force_push, branch_creation,
 *   branch_deletion, pr_merge, merge_queue_merge, each with actor, ref, before/after and timestamp.
 * - the PyGithub replay bundle (`{"GET /repos/…/branches/master/protection": {...}, …}`): the values
 *   under protection, ruleset, environment and activity endpoints.
 *
 * A setting is observed when the file is imported (the API gives no time it was read).
 */
import { CoreError } from '../../errors.js';
import type { ActivityRecord, ProtectionRecord } from '../records.js';
import { arr, bool, dateRange, distinct, eachChunked, int, isObject, isoDate, isoSeconds, jsonDocuments, obj, pageItems, recognisePeek, str, type JsonObject } from './gitlabCommon.js';
import { bundleEntries, otherBundleEntriesWarning, periodCoverageWarning } from './githubCommon.js';
import type { Importer } from './importer.js';

/** Where a value came from: the repository and branch or name an endpoint path gives. */
interface Origin {
  repo: string | null;
  branch: string | null;
  environment: string | null;
}

const NO_ORIGIN: Origin = { repo: null, branch: null, environment: null };

const PROTECTION_URL = /\/repos\/([^/]+)\/([^/]+)\/branches\/(.+?)\/protection\/?$/;
const RULESET_URL = /\/repos\/([^/]+)\/([^/]+)\/rulesets\/(\d+)\/?$/;
const ENVIRONMENT_URL = /\/repos\/([^/]+)\/([^/]+)\/environments\/([^/?#]+)\/?$/;
/** The replay bundle's keys this kind reads: "GET /repos/O/R/<endpoint>". */
const BUNDLE_KEY = /^GET \/repos\/([^/]+)\/([^/]+)\/(branches\/(.+)\/protection|rulesets(?:\/\d+)?|environments(?:\/([^/?]+))?|activity)(?:\?.*)?$/;

// ---- the shapes ----

export const isClassicProtection = (value: unknown): value is JsonObject => {
  if (!isObject(value)) return false;
  const url = str(value.url);
  if (url !== null && PROTECTION_URL.test(url)) return true;
  const admins = obj(value.enforce_admins);
  return admins !== null && 'enabled' in admins && ('required_status_checks' in value || 'allow_force_pushes' in value || 'required_pull_request_reviews' in value);
};

/** The body of the 404 GitHub answers for a branch with no classic protection. */
export const isBranchNotProtected = (value: unknown): value is JsonObject => isObject(value) && value.message === 'Branch not protected';

export const isRuleset = (value: unknown): value is JsonObject => isObject(value) && Array.isArray(value.rules) && typeof value.enforcement === 'string';

/** An entry of `gh api repos/O/R/rulesets`: the ruleset without its rules. */
const isRulesetSummary = (value: unknown): value is JsonObject =>
  isObject(value) && !('rules' in value) && typeof value.enforcement === 'string' && typeof value.name === 'string' && typeof value.source_type === 'string';

export const isEnvironment = (value: unknown): value is JsonObject => {
  if (!isObject(value) || typeof value.name !== 'string') return false;
  if ('iid' in value || 'project_id' in value) return false;
  return Array.isArray(value.protection_rules) || 'can_admins_bypass' in value || 'deployment_branch_policy' in value;
};

const isEnvironmentList = (value: unknown): value is JsonObject =>
  isObject(value) && Array.isArray(value.environments) && value.environments.every(isEnvironment) && ('total_count' in value || value.environments.length > 0);

export const isActivity = (value: unknown): value is JsonObject =>
  isObject(value) && typeof value.activity_type === 'string' && typeof value.ref === 'string' && typeof value.timestamp === 'string';

const isBundle = (value: unknown): value is JsonObject => isObject(value) && Object.keys(value).some((key) => BUNDLE_KEY.test(key));

const isShape = (value: unknown): boolean =>
  isClassicProtection(value) || isBranchNotProtected(value) || isRuleset(value) || isRulesetSummary(value) || isEnvironmentList(value) || isEnvironment(value) || isActivity(value);

// ---- reading ----

const decode = (segment: string): string => {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
};

const zeroSha = /^0{40}$/;
const sha = (value: unknown): string | null => {
  const text = str(value);
  return text && !zeroSha.test(text) ? text : null;
};

/** "repository admin role (always)", "team 42 (pull_request)": who can bypass a ruleset and how. */
const describeBypassActor = (actor: JsonObject): string => {
  const type = str(actor.actor_type) ?? 'actor';
  const id = int(actor.actor_id);
  const mode = str(actor.bypass_mode) ?? 'always';
  const who =
    type === 'RepositoryRole'
      ? id === 5
        ? 'repository admin role'
        : `repository role ${id ?? '?'}`
      : type === 'OrganizationAdmin'
        ? 'organization admins'
        : type === 'EnterpriseOwner'
          ? 'enterprise owners'
          : type === 'DeployKey'
            ? 'deploy keys'
            : type === 'Integration'
              ? `app ${id ?? '?'}`
              : `${type.toLowerCase()} ${id ?? '?'}`;
  return `${who} (${mode})`;
};

/** Modes that let an actor skip the rules outright (pull_request only lets them merge a PR past them). */
const FULL_BYPASS = new Set(['always', 'exempt']);

const loginOf = (value: unknown): string | null => {
  const user = obj(value);
  return user ? (str(user.login) ?? str(user.slug) ?? str(user.name)) : null;
};

interface Reading {
  protection: ProtectionRecord[];
  activity: ActivityRecord[];
  methods: string[];
  warnings: string[];
  /** Shapes seen, for the title. */
  seen: Set<'classic' | 'not-protected' | 'ruleset' | 'environment' | 'activity'>;
  repos: Set<string>;
  hosts: Set<string>;
  observedAt: string;
  unnamedRulesets: string[];
  activityWithoutRepo: number;
  summaries: number;
  /** Values that are none of the shapes (a later page of something else). */
  unknown: number;
}

const hostOf = (reading: Reading, url: string | null): void => {
  if (!url) return;
  try {
    const host = new URL(url).host;
    if (host !== 'api.github.com' && host !== 'github.com') reading.hosts.add(host);
  } catch {
    // not a URL: nothing to learn
  }
};

const classicRecord = (reading: Reading, value: JsonObject, origin: Origin): void => {
  const url = str(value.url);
  hostOf(reading, url);
  const match = url ? PROTECTION_URL.exec(url) : null;
  const repo = match ? `${match[1]}/${match[2]}` : origin.repo;
  const branch = match ? decode(match[3]!) : origin.branch;
  if (!repo || !branch) reading.warnings.push('A branch protection in the file has no url: it does not say which repository and branch it protects.');
  const reviews = obj(value.required_pull_request_reviews);
  // Before GitHub had required_approving_review_count (2018), requiring reviews meant one approval.
  const requiredApprovals = reviews ? (int(reviews.required_approving_review_count) ?? 1) : 0;
  const enforceAdmins = bool(obj(value.enforce_admins)?.enabled);
  const checks = obj(value.required_status_checks);
  const requiredChecks = checks
    ? distinct([...arr(checks.contexts).filter((context): context is string => typeof context === 'string'), ...arr(checks.checks).map((check) => str(obj(check)?.context)).filter((context): context is string => context !== null)])
    : [];
  const allowances = obj(reviews?.bypass_pull_request_allowances);
  const bypassActors = allowances
    ? [
        ...arr(allowances.users).map((user) => `user ${loginOf(user) ?? '?'}`),
        ...arr(allowances.teams).map((team) => `team ${loginOf(team) ?? '?'}`),
        ...arr(allowances.apps).map((app) => `app ${loginOf(app) ?? '?'}`),
      ].map((who) => `${who} (may skip pull requests)`)
    : [];
  const restrictions = obj(value.restrictions);
  const enabled = (key: string): boolean | null => bool(obj(value[key])?.enabled);
  reading.protection.push({
    provider: 'github',
    repo: repo ?? '',
    source: 'classic-protection',
    target: branch ?? '',
    active: true,
    requiredApprovals,
    adminsCanBypass: enforceAdmins === null ? null : !enforceAdmins,
    bypassActors,
    // A protected branch refuses force pushes and deletion unless these say otherwise (older responses omit them).
    forcePushAllowed: enabled('allow_force_pushes') ?? false,
    deletionAllowed: enabled('allow_deletions') ?? false,
    requiredChecks,
    authorCanApprove: null,
    observedAt: reading.observedAt,
    detail: {
      pullRequestRequired: reviews !== null,
      dismissStaleReviews: bool(reviews?.dismiss_stale_reviews),
      requireCodeOwnerReviews: bool(reviews?.require_code_owner_reviews),
      requireLastPushApproval: bool(reviews?.require_last_push_approval),
      strictStatusChecks: bool(checks?.strict),
      requiredSignatures: enabled('required_signatures'),
      requiredLinearHistory: enabled('required_linear_history'),
      requiredConversationResolution: enabled('required_conversation_resolution'),
      lockBranch: enabled('lock_branch'),
      blockCreations: enabled('block_creations'),
      pushRestrictions: restrictions
        ? {
            users: arr(restrictions.users).map(loginOf),
            teams: arr(restrictions.teams).map(loginOf),
            apps: arr(restrictions.apps).map(loginOf),
          }
        : null,
    },
  });
  reading.seen.add('classic');
  if (repo) reading.repos.add(repo);
  reading.methods.push(`gh api repos/${repo ?? 'OWNER/REPO'}/branches/${branch ?? 'BRANCH'}/protection`);
};

const notProtectedRecord = (reading: Reading, value: JsonObject, origin: Origin): void => {
  if (!origin.repo || !origin.branch) {
    reading.warnings.push('The file says "Branch not protected" but not which repository and branch: name them in the evidence title.');
  }
  reading.protection.push({
    provider: 'github',
    repo: origin.repo ?? '',
    source: 'classic-protection',
    target: origin.branch ?? '',
    active: false,
    requiredApprovals: 0,
    adminsCanBypass: null,
    bypassActors: [],
    forcePushAllowed: true,
    deletionAllowed: true,
    requiredChecks: [],
    authorCanApprove: null,
    observedAt: reading.observedAt,
    detail: { message: str(value.message), documentationUrl: str(value.documentation_url) },
  });
  reading.seen.add('not-protected');
  if (origin.repo) reading.repos.add(origin.repo);
  reading.methods.push(`gh api repos/${origin.repo ?? 'OWNER/REPO'}/branches/${origin.branch ?? 'BRANCH'}/protection`);
};

const rulesetRecord = (reading: Reading, value: JsonObject, origin: Origin): void => {
  const links = obj(value._links);
  const self = str(obj(links?.self)?.href);
  hostOf(reading, self);
  const linkMatch = self ? RULESET_URL.exec(self) : null;
  const sourceType = str(value.source_type);
  const repo = (sourceType === 'Repository' ? str(value.source) : null) ?? (linkMatch ? `${linkMatch[1]}/${linkMatch[2]}` : null) ?? origin.repo;
  const id = int(value.id) ?? (linkMatch ? Number(linkMatch[3]) : null);
  const name = str(value.name) ?? (id !== null ? `ruleset ${id}` : 'ruleset');
  if (!repo && sourceType !== 'Organization') reading.unnamedRulesets.push(name);

  const enforcement = str(value.enforcement) ?? 'unknown';
  const rules = arr(value.rules).filter(isObject);
  const ruleOf = (type: string): JsonObject | undefined => rules.find((rule) => rule.type === type);
  const pullRequest = ruleOf('pull_request');
  const pullParameters = obj(pullRequest?.parameters);
  const statusChecks = obj(ruleOf('required_status_checks')?.parameters);
  const requiredChecks = distinct(arr(statusChecks?.required_status_checks).map((check) => str(obj(check)?.context)).filter((context): context is string => context !== null));
  const actors = arr(value.bypass_actors).filter(isObject);
  const refName = obj(obj(value.conditions)?.ref_name);
  const include = arr(refName?.include).filter((pattern): pattern is string => typeof pattern === 'string');
  const exclude = arr(refName?.exclude).filter((pattern): pattern is string => typeof pattern === 'string');
  const rulesetTarget = str(value.target) ?? 'branch';
  const patterns = include.length > 0 ? include.join(', ') : '(no refs)';
  const target = rulesetTarget === 'branch' ? patterns : rulesetTarget === 'tag' ? `tags ${patterns}` : `${rulesetTarget} ${patterns}`;

  reading.protection.push({
    provider: 'github',
    repo: repo ?? '',
    source: 'ruleset',
    target,
    active: enforcement === 'active',
    requiredApprovals: pullRequest ? (int(pullParameters?.required_approving_review_count) ?? 0) : 0,
    adminsCanBypass: actors.some((actor) => FULL_BYPASS.has(str(actor.bypass_mode) ?? 'always')),
    bypassActors: actors.map(describeBypassActor),
    // "update" (restrict updates) stops every push but a bypass actor's, force pushes included.
    forcePushAllowed: !ruleOf('non_fast_forward') && !ruleOf('update'),
    deletionAllowed: !ruleOf('deletion'),
    requiredChecks,
    authorCanApprove: null,
    observedAt: reading.observedAt,
    detail: {
      name,
      id,
      enforcement,
      rulesetTarget,
      sourceType,
      source: str(value.source),
      include,
      exclude,
      repositoryCondition: obj(value.conditions)?.repository_name ?? null,
      ruleTypes: rules.map((rule) => str(rule.type)),
      pullRequestRequired: pullRequest !== undefined,
      pullRequest: pullParameters,
      strictStatusChecks: bool(statusChecks?.strict_required_status_checks_policy),
      bypassActors: actors,
      currentUserCanBypass: str(value.current_user_can_bypass),
      createdAt: isoDate(value.created_at),
      updatedAt: isoDate(value.updated_at),
    },
  });
  reading.seen.add('ruleset');
  if (repo) reading.repos.add(repo);
  reading.methods.push(`gh api repos/${repo ?? 'OWNER/REPO'}/rulesets/${id ?? 'RULESET_ID'}`);
};

const environmentRecord = (reading: Reading, value: JsonObject, origin: Origin, fromList: boolean): void => {
  const url = str(value.url);
  hostOf(reading, url);
  const match = url ? ENVIRONMENT_URL.exec(url) : null;
  const htmlMatch = /github\.com\/([^/]+)\/([^/]+)\/deployments/.exec(str(value.html_url) ?? '');
  const repo = match ? `${match[1]}/${match[2]}` : htmlMatch ? `${htmlMatch[1]}/${htmlMatch[2]}` : origin.repo;
  const name = str(value.name) ?? origin.environment ?? '';
  const rules = arr(value.protection_rules).filter(isObject);
  const reviewersRule = rules.find((rule) => rule.type === 'required_reviewers');
  const reviewers = arr(reviewersRule?.reviewers)
    .filter(isObject)
    .map((entry) => `${(str(entry.type) ?? 'reviewer').toLowerCase()} ${loginOf(entry.reviewer) ?? '?'}`);
  const waitTimer = rules.find((rule) => rule.type === 'wait_timer');
  const preventSelfReview = bool(reviewersRule?.prevent_self_review) ?? false;
  const reviewRequired = reviewersRule !== undefined && reviewers.length > 0;
  reading.protection.push({
    provider: 'github',
    repo: repo ?? '',
    source: 'environment',
    target: name,
    active: true,
    // Any one of the required reviewers approves a deployment.
    requiredApprovals: reviewRequired ? 1 : 0,
    adminsCanBypass: bool(value.can_admins_bypass),
    bypassActors: [],
    forcePushAllowed: null,
    deletionAllowed: null,
    requiredChecks: [],
    authorCanApprove: reviewRequired ? !preventSelfReview : null,
    observedAt: reading.observedAt,
    detail: {
      reviewers,
      preventSelfReview: bool(reviewersRule?.prevent_self_review),
      waitTimerMinutes: int(waitTimer?.wait_timer),
      deploymentBranchPolicy: obj(value.deployment_branch_policy),
      otherRules: rules.filter((rule) => rule !== reviewersRule && rule !== waitTimer).map((rule) => str(rule.type)),
      canAdminsBypassGiven: 'can_admins_bypass' in value,
      createdAt: isoDate(value.created_at),
      updatedAt: isoDate(value.updated_at),
    },
  });
  reading.seen.add('environment');
  if (repo) reading.repos.add(repo);
  if (!fromList) reading.methods.push(`gh api repos/${repo ?? 'OWNER/REPO'}/environments/${name || 'ENVIRONMENT'}`);
};

const activityRecord = (reading: Reading, value: JsonObject, origin: Origin): void => {
  const at = isoDate(value.timestamp);
  if (at === null) {
    reading.warnings.push(`Activity ${String(value.id ?? '?')} has no readable timestamp and was left out.`);
    return;
  }
  if (!origin.repo) reading.activityWithoutRepo++;
  reading.activity.push({
    provider: 'github',
    repo: origin.repo ?? '',
    activityId: String(int(value.id) ?? str(value.node_id) ?? `${at} ${str(value.after) ?? ''}`),
    activityType: str(value.activity_type) ?? 'unknown',
    ref: str(value.ref) ?? '',
    actor: loginOf(value.actor),
    beforeSha: sha(value.before),
    afterSha: sha(value.after),
    at,
  });
  reading.seen.add('activity');
};

/** Reads one value of a known origin, which may itself be a list. */
const readValue = async (reading: Reading, value: unknown, origin: Origin, ctx: Parameters<Importer['parse']>[1]): Promise<void> => {
  if (Array.isArray(value)) {
    const items = pageItems([value]);
    const activity = items.filter(isActivity);
    if (activity.length > 0) {
      await eachChunked(activity, ctx, 'Reading repository activity…', (item) => activityRecord(reading, item, origin));
      if (origin.repo) reading.repos.add(origin.repo);
      reading.methods.push(`gh api "repos/${origin.repo ?? 'OWNER/REPO'}/activity?per_page=100" --paginate`);
    }
    for (const item of items) if (!isActivity(item)) await readValue(reading, item, origin, ctx);
    return;
  }
  if (isBranchNotProtected(value)) notProtectedRecord(reading, value, origin);
  else if (isClassicProtection(value)) classicRecord(reading, value, origin);
  else if (isRuleset(value)) rulesetRecord(reading, value, origin);
  else if (isRulesetSummary(value)) reading.summaries++;
  else if (isEnvironmentList(value)) {
    const environments = (value.environments as unknown[]).filter(isEnvironment);
    for (const environment of environments) environmentRecord(reading, environment, origin, true);
    const repo = reading.protection.at(-1)?.repo || origin.repo;
    if (environments.length === 0) reading.warnings.push('The environments list is empty: the repository has no deployment environments.');
    reading.methods.push(`gh api repos/${repo || 'OWNER/REPO'}/environments`);
  } else if (isEnvironment(value)) environmentRecord(reading, value, origin, false);
  else if (isActivity(value)) await readValue(reading, [value], origin, ctx);
  else reading.unknown++;
};

const readBundle = async (reading: Reading, bundle: JsonObject, ctx: Parameters<Importer['parse']>[1]): Promise<void> => {
  for (const [key, value] of Object.entries(bundle)) {
    const match = BUNDLE_KEY.exec(key);
    if (!match) continue;
    const origin: Origin = { repo: `${match[1]}/${match[2]}`, branch: match[4] ? decode(match[4]) : null, environment: match[5] ? decode(match[5]) : null };
    await readValue(reading, value, origin, ctx);
  }
  const others = otherBundleEntriesWarning(bundleEntries(bundle) ?? [], 'github-protection');
  if (others) reading.warnings.push(others);
};

export const githubProtectionImporter: Importer = {
  kind: 'github-protection',
  label: 'GitHub branch protection / rulesets',
  input: 'file',
  describes:
    'a GitHub protection or activity export (the JSON of `gh api` for repos/O/R/branches/BRANCH/protection, repos/O/R/rulesets/ID, repos/O/R/environments or repos/O/R/activity)',
  howToExport: {
    command: 'gh api repos/OWNER/REPO/branches/BRANCH/protection > github-protection.json',
    notes: [
      'Reading branch protection needs admin access to the repository. An unprotected branch answers "Branch not protected" (HTTP 404): import that file too, it records that the branch had no protection.',
      'Rulesets: `gh api repos/OWNER/REPO/rulesets` lists their ids; export each with `gh api repos/OWNER/REPO/rulesets/ID > ruleset-ID.json` (the list alone has no rules).',
      'Deployment environments: `gh api repos/OWNER/REPO/environments > github-environments.json` (required reviewers, prevent self-review, admin bypass).',
      'Pushes and force pushes: `gh api "repos/OWNER/REPO/activity?per_page=100" --paginate > github-activity.json`, the most direct record of direct and force pushes. The activity log does not name the repository: give the evidence a title that does.',
      'Settings are recorded as observed on the day you import them: export them at the start and end of the period (and after any change) to show they held throughout.',
    ],
  },
  recognises: (input) => recognisePeek(input, (value) => isBundle(value) || isShape(value)),
  async parse(input, ctx) {
    const documents = jsonDocuments(input);
    const reading: Reading = {
      protection: [],
      activity: [],
      methods: [],
      warnings: [],
      seen: new Set(),
      repos: new Set(),
      hosts: new Set(),
      observedAt: isoSeconds(Date.now()),
      unnamedRulesets: [],
      activityWithoutRepo: 0,
      summaries: 0,
      unknown: 0,
    };
    for (const document of documents) {
      if (isBundle(document)) await readBundle(reading, document, ctx);
      else await readValue(reading, document, NO_ORIGIN, ctx);
    }
    if (reading.summaries > 0) {
      const advice = 'export each ruleset with `gh api repos/OWNER/REPO/rulesets/ID`: the list `gh api repos/OWNER/REPO/rulesets` has no rules to check';
      if (reading.protection.length === 0 && reading.activity.length === 0) {
        throw new CoreError('INVALID_INPUT', `${input.fileName} lists ${reading.summaries} ruleset${reading.summaries === 1 ? '' : 's'} without their rules: ${advice}.`);
      }
      reading.warnings.push(`${reading.summaries} rulesets were listed without their rules and were left out: ${advice}.`);
    }
    if (reading.unnamedRulesets.length > 0) {
      reading.warnings.push(
        `Ruleset ${reading.unnamedRulesets.map((name) => `"${name}"`).join(', ')} does not say which repository it belongs to (exported without id, source or _links): its target is recorded without a repository.`,
      );
    }
    if (reading.activityWithoutRepo > 0) {
      reading.warnings.push(`The activity log does not name its repository: ${reading.activityWithoutRepo} events are recorded without one.`);
    }

    // Overlapping activity pages: each event once.
    const activity = [...new Map(reading.activity.map((event) => [`${event.repo} ${event.activityId}`, event])).values()];
    if (activity.length < reading.activity.length) {
      reading.warnings.push(`${reading.activity.length - activity.length} activity events appear more than once (overlapping pages); each is recorded once.`);
    }
    if (reading.unknown > 0) {
      reading.warnings.push(`${reading.unknown} entries are none of branch protection, ruleset, environment or activity and were left out.`);
    }
    const coverage = periodCoverageWarning(activity.map((event) => event.at), ctx, 'activity event', 'recorded');
    if (coverage) reading.warnings.push(coverage);
    const range = dateRange(activity.map((event) => event.at));
    const onlySettings = activity.length === 0;
    const repos = [...reading.repos];
    const where = repos.length === 1 ? ` of ${repos[0]}` : repos.length > 1 ? ` of ${repos.length} repositories` : '';
    const kinds = [...reading.seen];
    const titles: Record<string, string> = {
      classic: 'Branch protection',
      'not-protected': 'Branch protection (branch not protected)',
      ruleset: 'Repository rulesets',
      environment: 'Deployment environment settings',
      activity: `Repository activity (${activity.length} events)`,
    };
    const title = kinds.length === 1 ? `${titles[kinds[0]!]}${where}` : `GitHub protection settings${activity.length > 0 ? ' and activity' : ''}${where}`;
    const hosts = [...reading.hosts];
    return {
      title,
      fileName: input.fileName,
      mediaType: 'application/json',
      bytes: input.bytes,
      sourceSystem: hosts.length > 0 ? `GitHub Enterprise (${hosts.join(', ')})` : 'GitHub',
      collectionMethod: distinct(reading.methods).join('; '),
      filters: null,
      collectedAt: null,
      periodStart: onlySettings ? reading.observedAt : range.start,
      periodEnd: onlySettings ? reading.observedAt : range.end,
      records: { protection: reading.protection, activity },
      warnings: distinct(reading.warnings),
    };
  },
};
