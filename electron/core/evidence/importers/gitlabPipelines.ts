/**
 * `gitlab-pipelines`: GitLab CI/CD pipelines as the API gives them, read into CI run records.
 *
 * Shapes: the list (`glab api projects/ID/pipelines --paginate`: id, iid, project_id, sha, ref, status,
 * source, created_at, updated_at, web_url; older GitLab without iid/project_id/web_url but with
 * before_sha, tag and user), one page after another as glab writes them, or `--slurp`'s pages; and a
 * single pipeline (`…/pipelines/ID`, or the head_pipeline of a merge request) with started_at and
 * finished_at.
 *
 * The list gives no start or finish times: a finished pipeline's completion is then its updated_at,
 * which can be later than the real finish (a retried or manual job updates it), never earlier, so a
 * "CI before merge" check reading it errs on the strict side. Status becomes `completed` once the
 * pipeline finished, with the outcome in GitHub's words (success, failure, cancelled, skipped) so runs
 * of both hosts read alike; an unfinished pipeline keeps GitLab's status (running, pending, manual…).
 */
import type { CiRunRecord } from '../records.js';
import {
  arr,
  dateRange,
  distinct,
  eachChunked,
  gitlabHost,
  gitlabProjectPath,
  int,
  isGitLabWebUrl,
  isObject,
  isoDate,
  jsonDocuments,
  recognisePeek,
  pageItems,
  projectById,
  str,
  type JsonObject,
} from './gitlabCommon.js';
import { periodCoverageWarning } from './githubCommon.js';
import type { Importer } from './importer.js';

/** GitLab's finished pipeline states and the outcome each is, in the words CI runs use. */
const FINISHED: Record<string, string> = { success: 'success', failed: 'failure', canceled: 'cancelled', skipped: 'skipped' };

/**
 * True for a GitLab pipeline object: a numeric id, sha, ref and status, and something only pipelines
 * have (a web URL ending /pipelines/N, or project_id with source, or the old before_sha and tag). Not
 * a merge request (target_branch), a job (stage, no top-level sha), a deployment (environment,
 * deployable) or a commit status (allow_failure), nor a GitHub object (node_id, head_sha).
 */
export const isGitLabPipeline = (value: unknown): value is JsonObject => {
  if (!isObject(value)) return false;
  if (int(value.id) === null || !str(value.sha) || typeof value.ref !== 'string' || !str(value.status)) return false;
  if ('target_branch' in value || 'environment' in value || 'deployable' in value || 'stage' in value || 'allow_failure' in value) return false;
  if ('node_id' in value || 'head_sha' in value || 'html_url' in value) return false;
  const url = str(value.web_url);
  if (url !== null) return isGitLabWebUrl(url) && gitlabProjectPath(url, 'pipelines') !== null;
  return (int(value.project_id) !== null && 'source' in value) || ('before_sha' in value && 'tag' in value);
};

/** One pipeline as a CI run; `fallbackRepo` names the project when the pipeline's own URL does not. */
export const pipelineRecord = (pipeline: JsonObject, fallbackRepo: string): CiRunRecord => {
  const status = str(pipeline.status) ?? 'unknown';
  const conclusion = FINISHED[status] ?? null;
  const finished = conclusion !== null;
  const url = str(pipeline.web_url);
  return {
    provider: 'gitlab',
    repo: gitlabProjectPath(url, 'pipelines') ?? (fallbackRepo || projectById(int(pipeline.project_id))),
    runId: String(int(pipeline.id)),
    workflow: str(pipeline.name) || 'pipeline',
    headSha: str(pipeline.sha) ?? '',
    branch: str(pipeline.ref),
    event: str(pipeline.source),
    status: finished ? 'completed' : status,
    conclusion,
    startedAt: isoDate(pipeline.started_at) ?? isoDate(pipeline.created_at),
    completedAt: isoDate(pipeline.finished_at) ?? (finished ? isoDate(pipeline.updated_at) : null),
    url,
  };
};

export const gitlabPipelinesImporter: Importer = {
  kind: 'gitlab-pipelines',
  label: 'GitLab pipelines',
  input: 'file',
  describes:
    'a GitLab pipelines export (the JSON of `glab api projects/ID/pipelines`: pipeline objects with id, sha, ref, status and a GitLab web_url ending /pipelines/N, or a single pipeline)',
  howToExport: {
    command: 'glab api "projects/:id/pipelines?per_page=100" --paginate > gitlab-pipelines.json',
    notes: [
      'Run it inside a clone of the project (glab fills in :id), or put the numeric project ID or the URL-encoded path (group%2Fproject) in its place.',
      'Keep --paginate: the API gives 20 pipelines a page by default. glab writes one JSON array per page; Countersign reads that as it is.',
      'To limit it to the audit period add &updated_after=2026-01-01T00:00:00Z&updated_before=2027-01-01T00:00:00Z (your period) to the query.',
      'The list has no start or finish times: a finished pipeline counts as finished at its updated_at. For exact times, export single pipelines (glab api projects/:id/pipelines/PIPELINE_ID).',
    ],
  },
  recognises: (input) => recognisePeek(input, isGitLabPipeline),
  async parse(input, ctx) {
    const items = pageItems(jsonDocuments(input));
    const pipelines = items.filter(isGitLabPipeline);
    const warnings: string[] = [];
    const byId = new Map<string, CiRunRecord>();
    let finishTimeGuessed = 0;
    await eachChunked(pipelines, ctx, 'Reading pipelines…', (pipeline) => {
      const record = pipelineRecord(pipeline, '');
      if (record.status === 'completed' && isoDate(pipeline.finished_at) === null) finishTimeGuessed++;
      byId.set(`${record.repo} ${record.runId}`, record);
    });
    const runs = [...byId.values()];
    if (pipelines.length < items.length) warnings.push(`${items.length - pipelines.length} entries are not pipelines and were left out.`);
    if (runs.length < pipelines.length) {
      warnings.push(`${pipelines.length - runs.length} pipelines appear more than once (overlapping pages); each is recorded once.`);
    }
    if (finishTimeGuessed > 0) {
      warnings.push(`${finishTimeGuessed} finished pipelines have no finish time (the list does not give it): their updated_at is used as the time they finished.`);
    }
    const unnamed = runs.filter((run) => run.repo === '').length;
    if (unnamed > 0) warnings.push(`${unnamed} pipelines do not say which project they belong to (no web_url or project_id).`);
    const coverage = periodCoverageWarning(runs.map((run) => run.startedAt), ctx, 'pipeline', 'started');
    if (coverage) warnings.push(coverage);

    const repos = distinct(runs.map((run) => run.repo).filter(Boolean));
    const host = distinct(runs.map((run) => gitlabHost(run.url)).filter((value): value is string => value !== null))[0];
    const projectIds = distinct(pipelines.map((pipeline) => int(pipeline.project_id)).filter((id): id is number => id !== null));
    const projectRef = projectIds.length === 1 ? String(projectIds[0]) : ':id';
    const one = runs.length === 1 && items.length === 1 && !Array.isArray(jsonDocuments(input)[0]);
    const range = dateRange(runs.flatMap((run) => [run.startedAt, run.completedAt]));
    const where = repos.length === 1 ? ` of ${repos[0]}` : repos.length > 1 ? ` of ${repos.length} projects` : '';
    return {
      title: one ? `GitLab pipeline ${runs[0]!.runId}${where}` : `GitLab pipelines${where} (${runs.length})`,
      fileName: input.fileName,
      mediaType: 'application/json',
      bytes: input.bytes,
      sourceSystem: host ? `GitLab (${host})` : 'GitLab',
      collectionMethod: one ? `glab api projects/${projectRef}/pipelines/${runs[0]!.runId}` : `glab api "projects/${projectRef}/pipelines?per_page=100" --paginate`,
      filters: null,
      collectedAt: null,
      periodStart: range.start,
      periodEnd: range.end,
      records: { ciRuns: runs },
      warnings,
    };
  },
};

/** Pipelines embedded in other GitLab objects (a merge request's head_pipeline and pipeline). */
export const embeddedPipelines = (owner: JsonObject): JsonObject[] =>
  [owner.head_pipeline, owner.pipeline, ...arr(owner.pipelines)].filter((value): value is JsonObject => isObject(value) && int(value.id) !== null && !!str(value.sha));
