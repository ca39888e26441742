/**
 * `gitlab-mrs`: GitLab merge requests, their approvals and the project's approval settings.
 *
 * Shapes, alone, in arrays, one page after another (`glab api --paginate`) or mixed in one file:
 * - merge requests (`glab api projects/ID/merge_requests?state=merged --paginate`, or one
 *   `…/merge_requests/IID`): iid is the number, web_url gives the project path, author.username,
 *   merge_user (which replaces the deprecated merged_by; older GitLab has only merged_by), merged_at,
 *   target_branch, sha, merge_commit_sha or squash_commit_sha. Only merged ones are the population:
 *   an open or closed one is left out with a warning. A single MR's head_pipeline becomes a CI run.
 * - approvals (`…/merge_requests/IID/approvals`): approved_by[].user. The endpoint gives no time per
 *   approval (submittedAt stays null unless a newer GitLab writes approved_at) and no project path,
 *   only project_id: approvals in the same file as their merge request take its path, others are
 *   recorded for "project ID".
 * - the combined `{ "merge_requests": [...], "approvals": { "<iid>": {...} } }` (approvals also as a list).
 * - project approval settings (`projects/ID/approvals`): merge_requests_author_approval,
 *   merge_requests_disable_committers_approval, approvals_before_merge -> a protection setting with
 *   source gitlab-approvals (this importer, not github-protection, reads them: they are GitLab's).
 */
import type { CiRunRecord, ProtectionRecord, PullRequestRecord, ReviewRecord } from '../records.js';
import {
  arr,
  bool,
  dateRange,
  distinct,
  eachChunked,
  gitlabHost,
  gitlabProjectPath,
  int,
  isGitLabBot,
  isObject,
  isoDate,
  isoSeconds,
  jsonDocuments,
  recognisePeek,
  obj,
  pageItems,
  projectById,
  str,
  type JsonObject,
} from './gitlabCommon.js';
import { embeddedPipelines, pipelineRecord } from './gitlabPipelines.js';
import { periodCoverageWarning } from './githubCommon.js';
import type { Importer } from './importer.js';

const notGitHub = (value: JsonObject): boolean => !('node_id' in value) && !('html_url' in value);

/** A GitLab merge request: iid and project_id, both branches, and (when present) a GitLab web URL. */
export const isGitLabMergeRequest = (value: unknown): value is JsonObject => {
  if (!isObject(value) || !notGitHub(value)) return false;
  if (int(value.iid) === null || int(value.project_id) === null) return false;
  if (typeof value.target_branch !== 'string' || typeof value.source_branch !== 'string') return false;
  return value.web_url === undefined || value.web_url === null || gitlabProjectPath(value.web_url, 'merge_requests') !== null;
};

/** The approvals of one merge request: iid, project_id and approved_by[] (no branches: that is the MR itself). */
export const isGitLabApprovals = (value: unknown): value is JsonObject =>
  isObject(value) && notGitHub(value) && int(value.iid) !== null && int(value.project_id) !== null && Array.isArray(value.approved_by) && !('target_branch' in value);

/** A project's approval settings: the author/committer approval switches, with no merge request fields. */
export const isGitLabApprovalSettings = (value: unknown): value is JsonObject =>
  isObject(value) &&
  notGitHub(value) &&
  !('iid' in value) &&
  ('merge_requests_author_approval' in value ||
    'merge_requests_disable_committers_approval' in value ||
    ('approvals_before_merge' in value && 'reset_approvals_on_push' in value));

const isCombined = (value: unknown): value is JsonObject => {
  if (!isObject(value) || !Array.isArray(value.merge_requests)) return false;
  if (!value.merge_requests.every(isGitLabMergeRequest)) return false;
  const approvals = value.approvals;
  if (approvals === undefined || approvals === null) return true;
  const list = Array.isArray(approvals) ? approvals : isObject(approvals) ? Object.values(approvals) : null;
  return list !== null && list.every((entry) => isObject(entry) && Array.isArray(entry.approved_by));
};

const isOurs = (item: unknown): boolean => isGitLabMergeRequest(item) || isGitLabApprovals(item) || isGitLabApprovalSettings(item) || isCombined(item);

const username = (user: unknown): string | null => {
  const value = obj(user);
  return value ? (str(value.username) ?? str(value.name)) : null;
};

const isMerged = (mr: JsonObject): boolean => mr.state === 'merged' || isoDate(mr.merged_at) !== null;

const mrRepo = (mr: JsonObject): string => gitlabProjectPath(mr.web_url, 'merge_requests') ?? projectById(int(mr.project_id));

const listOfIids = (iids: number[]): string => {
  const shown = iids.slice(0, 5).map((iid) => `!${iid}`);
  return iids.length > 5 ? `${shown.join(', ')} and ${iids.length - 5} more` : shown.join(', ');
};

interface Approval {
  /** The MR the approvals belong to: from the object, or from its key in a combined file. */
  iid: number;
  projectId: number | null;
  value: JsonObject;
}

export const gitlabMergeRequestsImporter: Importer = {
  kind: 'gitlab-mrs',
  label: 'GitLab merge requests',
  input: 'file',
  describes:
    'a GitLab merge request export (the JSON of `glab api projects/ID/merge_requests`: objects with iid, project_id, target_branch and a GitLab web_url; or their approvals, approved_by[].user; or the project approval settings of `projects/ID/approvals`)',
  howToExport: {
    command: 'glab api "projects/:id/merge_requests?state=merged&per_page=100" --paginate > gitlab-mrs.json',
    notes: [
      'Run it inside a clone of the project (glab fills in :id), or put the numeric project ID or the URL-encoded path (group%2Fproject) in its place.',
      'Keep --paginate: the API gives 20 merge requests a page by default. glab writes one JSON array per page; Countersign reads that as it is.',
      'The list has no approvals. For each merge request, `glab api projects/:id/merge_requests/IID/approvals` gives who approved it (GitLab gives no approval time). Best: one file {"merge_requests": [...], "approvals": {"IID": {...}}}, so approvals take the project path of their merge request; an approvals file alone names the project only by its ID.',
      'Export the approval settings too: `glab api projects/:id/approvals > gitlab-approval-settings.json` (merge_requests_author_approval true lets authors approve their own changes).',
      'Only merged merge requests are the population; open or closed ones in the file are left out and listed in the warnings.',
    ],
  },
  recognises: (input) => recognisePeek(input, isOurs),
  async parse(input, ctx) {
    const items = pageItems(jsonDocuments(input));
    const warnings: string[] = [];
    const mergeRequests: JsonObject[] = [];
    const approvals: Approval[] = [];
    const settings: JsonObject[] = [];
    let combined = false;
    let unknown = 0;
    for (const item of items) {
      if (isCombined(item)) {
        combined = true;
        mergeRequests.push(...(item.merge_requests as JsonObject[]));
        const source = item.approvals;
        const entries: [string | null, unknown][] = Array.isArray(source) ? source.map((value) => [null, value]) : isObject(source) ? Object.entries(source) : [];
        for (const [key, value] of entries) {
          if (!isObject(value)) continue;
          const iid = int(value.iid) ?? (key !== null && /^\d+$/.test(key) ? Number(key) : null);
          if (iid === null) {
            warnings.push(`An approvals entry${key ? ` under "${key}"` : ''} does not say which merge request it belongs to and was left out.`);
            continue;
          }
          approvals.push({ iid, projectId: int(value.project_id), value });
        }
      } else if (isGitLabMergeRequest(item)) mergeRequests.push(item);
      else if (isGitLabApprovals(item)) approvals.push({ iid: int(item.iid)!, projectId: int(item.project_id), value: item });
      else if (isGitLabApprovalSettings(item)) settings.push(item);
      else unknown++;
    }
    if (unknown > 0) warnings.push(`${unknown} entries are neither merge requests, approvals nor approval settings and were left out.`);

    // Merge requests: the merged population, each once.
    const pullRequests = new Map<string, PullRequestRecord>();
    const mrByKey = new Map<string, { repo: string; merged: boolean }>();
    /** In a combined file an approvals entry may be keyed by iid alone. */
    const mrByIid = new Map<number, { repo: string; merged: boolean }>();
    const notMerged: JsonObject[] = [];
    const mergerUnknown: number[] = [];
    const mergeDateUnknown: number[] = [];
    const ciRuns = new Map<string, CiRunRecord>();
    await eachChunked(mergeRequests, ctx, 'Reading merge requests…', (mr) => {
      const iid = int(mr.iid)!;
      const repo = mrRepo(mr);
      const merged = isMerged(mr);
      mrByKey.set(`${int(mr.project_id)} ${iid}`, { repo, merged });
      mrByIid.set(iid, { repo, merged });
      for (const pipeline of embeddedPipelines(mr)) {
        const run = pipelineRecord(pipeline, repo);
        const key = `${run.repo} ${run.runId}`;
        if (!ciRuns.has(key)) ciRuns.set(key, run);
      }
      if (!merged) {
        notMerged.push(mr);
        return;
      }
      const mergedBy = username(mr.merge_user) ?? username(mr.merged_by);
      if (mergedBy === null) mergerUnknown.push(iid);
      const mergedAt = isoDate(mr.merged_at);
      if (mergedAt === null) mergeDateUnknown.push(iid);
      const author = obj(mr.author);
      const diffRefs = obj(mr.diff_refs);
      pullRequests.set(`${repo} ${iid}`, {
        provider: 'gitlab',
        repo,
        number: iid,
        title: str(mr.title) ?? '',
        author: username(author) ?? 'unknown',
        authorIsBot: isGitLabBot(author),
        createdAt: isoDate(mr.created_at),
        mergedAt,
        mergedBy,
        baseBranch: str(mr.target_branch),
        headSha: str(mr.sha) ?? (diffRefs ? str(diffRefs.head_sha) : null),
        mergeCommitSha: str(mr.merge_commit_sha) ?? str(mr.squash_commit_sha),
        url: str(mr.web_url),
        state: str(mr.state) ?? 'merged',
      });
    });
    if (notMerged.length > 0) {
      const states = distinct(notMerged.map((mr) => str(mr.state) ?? 'unknown')).join(', ');
      warnings.push(
        `${notMerged.length} merge request${notMerged.length === 1 ? ' is' : 's are'} not merged (${states}: ${listOfIids(notMerged.map((mr) => int(mr.iid)!))}): kept out of the merged population.`,
      );
    }
    if (mergerUnknown.length > 0) warnings.push(`${listOfIids(mergerUnknown)}: merged, but the file does not say by whom (no merge_user or merged_by).`);
    const coverage = periodCoverageWarning([...pullRequests.values()].map((pull) => pull.mergedAt), ctx, 'merged merge request', 'merged');
    if (coverage) warnings.push(coverage);
    if (mergeDateUnknown.length > 0) warnings.push(`${listOfIids(mergeDateUnknown)}: merged, but the file has no merged_at (GitLab before 10.0 did not keep it).`);

    // Approvals: one APPROVED review per approver, on the merge request's project path where known.
    const reviews = new Map<string, ReviewRecord>();
    const projectOnly = new Set<number>();
    const ofUnmerged: number[] = [];
    for (const approval of approvals) {
      const mr = mrByKey.get(`${approval.projectId} ${approval.iid}`) ?? (combined && approval.projectId === null ? mrByIid.get(approval.iid) : undefined);
      const state = str(approval.value.state);
      if ((mr && !mr.merged) || (!mr && state !== null && state !== 'merged')) {
        ofUnmerged.push(approval.iid);
        continue;
      }
      const repo = mr?.repo ?? projectById(approval.projectId);
      if (!mr) projectOnly.add(approval.projectId ?? 0);
      for (const entry of arr(approval.value.approved_by)) {
        const user = isObject(entry) ? (obj(entry.user) ?? entry) : null;
        const reviewer = username(user);
        if (!user || reviewer === null) continue;
        const reviewId = `approval:${int(user.id) ?? reviewer}`;
        reviews.set(`${repo} ${approval.iid} ${reviewId}`, {
          provider: 'gitlab',
          repo,
          prNumber: approval.iid,
          reviewId,
          reviewer,
          reviewerIsBot: isGitLabBot(user),
          state: 'APPROVED',
          submittedAt: isObject(entry) ? isoDate(entry.approved_at) : null,
          commitSha: null,
        });
      }
    }
    if (ofUnmerged.length > 0) warnings.push(`Approvals of ${listOfIids(ofUnmerged)} were left out: those merge requests are not merged.`);
    if (projectOnly.size > 0) {
      const ids = [...projectOnly].map((id) => `project ${id}`).join(', ');
      warnings.push(
        `The approvals endpoint names the project only by its ID: approvals without their merge request in this file are recorded for ${ids}. Import them together with the merge requests ({"merge_requests": [...], "approvals": {...}}) so they are matched to the project path.`,
      );
    }
    if (approvals.length > 0 && [...reviews.values()].every((review) => review.submittedAt === null) && reviews.size > 0) {
      warnings.push('GitLab gives no time for an approval: the approvals are recorded without a date, so "approved after merge" cannot be checked for them.');
    }

    // Project approval settings: a standing setting observed now.
    const observedAt = isoSeconds(Date.now());
    const protection: ProtectionRecord[] = settings.map((setting) => {
      const authorApproval = bool(setting.merge_requests_author_approval);
      const disableCommitters = bool(setting.merge_requests_disable_committers_approval);
      return {
        provider: 'gitlab',
        repo: '',
        source: 'gitlab-approvals',
        target: 'all merge requests',
        active: true,
        requiredApprovals: int(setting.approvals_before_merge),
        adminsCanBypass: null,
        bypassActors: [],
        forcePushAllowed: null,
        deletionAllowed: null,
        requiredChecks: [],
        authorCanApprove: authorApproval,
        observedAt,
        detail: {
          committersCanApprove: disableCommitters === null ? null : !disableCommitters,
          mergeRequestsAuthorApproval: authorApproval,
          mergeRequestsDisableCommittersApproval: disableCommitters,
          approvalsBeforeMerge: int(setting.approvals_before_merge),
          resetApprovalsOnPush: bool(setting.reset_approvals_on_push),
          selectiveCodeOwnerRemovals: bool(setting.selective_code_owner_removals),
          disableOverridingApproversPerMergeRequest: bool(setting.disable_overriding_approvers_per_merge_request),
          requirePasswordToApprove: bool(setting.require_password_to_approve),
          requireReauthenticationToApprove: bool(setting.require_reauthentication_to_approve),
          approvers: arr(setting.approvers).map((entry) => username(obj(entry)?.user ?? entry)).filter(Boolean),
          approverGroups: arr(setting.approver_groups).map((entry) => str(obj(obj(entry)?.group ?? entry)?.full_path)).filter(Boolean),
        },
      };
    });
    if (settings.length > 0) {
      warnings.push('The approval settings do not name their project (the endpoint gives none): they are recorded as the settings of the project this file was exported from.');
      if (settings.some((setting) => setting.merge_requests_author_approval === null || setting.merge_requests_author_approval === undefined)) {
        warnings.push('The approval settings leave merge_requests_author_approval unset: whether authors can approve their own changes is recorded as unknown.');
      }
      if (settings.some((setting) => !int(setting.approvals_before_merge))) {
        warnings.push(
          'approvals_before_merge is 0 or missing: it is GitLab\'s older, project-wide count. Approval rules (glab api projects/:id/approval_rules) can require approvals this file does not show.',
        );
      }
    }

    const pulls = [...pullRequests.values()];
    const reviewList = [...reviews.values()];
    const runs = [...ciRuns.values()];
    const urls = [...mergeRequests.map((mr) => mr.web_url), ...runs.map((run) => run.url)];
    const host = distinct(urls.map(gitlabHost).filter((value): value is string => value !== null))[0];
    const repos = distinct([...pulls.map((pr) => pr.repo), ...mergeRequests.map(mrRepo)].filter(Boolean));
    const projectIds = distinct([...mergeRequests, ...approvals.map((approval) => approval.value)].map((value) => int(value.project_id)).filter((id): id is number => id !== null));
    const project = projectIds.length === 1 ? String(projectIds[0]) : ':id';

    const methods: string[] = [];
    const singleMr = mergeRequests.length === 1 && !combined && !Array.isArray(jsonDocuments(input)[0]);
    if (singleMr) methods.push(`glab api projects/${project}/merge_requests/${int(mergeRequests[0]!.iid)}`);
    else if (mergeRequests.length > 0) methods.push(`glab api "projects/${project}/merge_requests?state=merged&per_page=100" --paginate`);
    if (approvals.length > 0) methods.push(`glab api projects/${project}/merge_requests/${approvals.length === 1 ? approvals[0]!.iid : 'IID'}/approvals`);
    if (settings.length > 0) methods.push(`glab api projects/${mergeRequests.length > 0 || approvals.length > 0 ? project : ':id'}/approvals`);

    const states = distinct(mergeRequests.map((mr) => str(mr.state) ?? 'unknown'));
    const filters =
      mergeRequests.length === 0 || singleMr
        ? null
        : states.every((state) => state === 'merged')
          ? 'state=merged'
          : `states in the file: ${states.join(', ')}; only merged ones are recorded`;

    const where = repos.length === 1 ? ` of ${repos[0]}` : repos.length > 1 ? ` of ${repos.length} projects` : '';
    const title =
      mergeRequests.length > 0
        ? singleMr
          ? `GitLab merge request !${int(mergeRequests[0]!.iid)}${where}`
          : `GitLab merged merge requests${where} (${pulls.length})`
        : approvals.length > 0
          ? `GitLab merge request approvals${where} (${approvals.length} merge requests)`
          : 'GitLab project approval settings';

    const range = dateRange([
      ...pulls.map((pr) => pr.mergedAt ?? pr.createdAt),
      ...reviewList.map((review) => review.submittedAt),
      ...runs.flatMap((run) => [run.startedAt, run.completedAt]),
    ]);
    const onlySettings = pulls.length === 0 && reviewList.length === 0 && runs.length === 0 && protection.length > 0;
    return {
      title,
      fileName: input.fileName,
      mediaType: 'application/json',
      bytes: input.bytes,
      sourceSystem: host ? `GitLab (${host})` : 'GitLab',
      collectionMethod: methods.join('; '),
      filters,
      collectedAt: null,
      periodStart: onlySettings ? observedAt : range.start,
      periodEnd: onlySettings ? observedAt : range.end,
      records: { pullRequests: pulls, reviews: reviewList, ciRuns: runs, protection },
      warnings,
    };
  },
};
