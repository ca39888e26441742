/**
 * The `github-runs` importer: GitHub Actions workflow runs, the CI evidence a merge or a deployment is
 * checked against. Reads
 *  - `gh run list --json databaseId,headSha,…` (an array, camelCase; conclusion "" while running);
 *  - the REST workflow runs object `{total_count, workflow_runs: [...]}` (`gh api repos/O/R/actions/runs`,
 *    pages one after another with --paginate, or an array of pages with --slurp), in the older schema
 *    (no name, actor or run_started_at: the workflow is known only by workflow_id) and the newer one;
 *  - a bare array of REST runs, and a bundle keyed "GET /repos/O/R/actions/runs".
 * REST runs carry no completion time: for a completed run, updated_at is when it finished.
 */
import { CoreError } from '../../errors.js';
import type { CiRunRecord } from '../records.js';
import {
  bundleEntries,
  bundlePathKind,
  count,
  cutOffWarning,
  dateRange,
  forEachItem,
  has,
  idText,
  isObject,
  otherBundleEntriesWarning,
  periodCoverageWarning,
  recogniseFirst,
  repoFromUrl,
  text,
  utc,
  type BundleEntry,
  type Json,
} from './githubCommon.js';
import type { ImportContext, ImportInput, Importer, ParsedEvidence } from './importer.js';

const GH_FIELDS = 'databaseId,headSha,headBranch,event,status,conclusion,createdAt,updatedAt,startedAt,workflowName,name,url,displayTitle';
const GH_COMMAND = `gh run list --repo OWNER/REPO --limit 10000 --json ${GH_FIELDS} > runs.json`;

/** gh run list JSON: a databaseId and a headSha, with run fields. */
export const isGhRun = (item: unknown): item is Json =>
  isObject(item) &&
  typeof item.databaseId === 'number' &&
  typeof item.headSha === 'string' &&
  ['status', 'conclusion', 'workflowName', 'event', 'headBranch', 'workflowDatabaseId'].some((key) => has(item, key));

/** A REST workflow run (not a check run, which has no workflow_id or run_number). */
export const isRestRun = (item: unknown): item is Json =>
  isObject(item) &&
  (typeof item.id === 'number' || typeof item.id === 'string') &&
  typeof item.head_sha === 'string' &&
  (has(item, 'workflow_id') || has(item, 'run_number')) &&
  has(item, 'status') &&
  !has(item, 'project_id');

const isRunsObject = (item: unknown): item is Json =>
  isObject(item) && Array.isArray(item.workflow_runs) && (item.workflow_runs.length === 0 ? has(item, 'total_count') : isRestRun(item.workflow_runs[0]));

const isRunsBundle = (item: unknown): boolean => {
  const entries = bundleEntries(item);
  return entries !== null && entries.some((entry) => bundlePathKind(entry.path) === 'github-runs');
};

const recognisesItem = (item: unknown): boolean => isGhRun(item) || isRestRun(item) || isRunsObject(item) || isRunsBundle(item);

interface Collected {
  runs: Map<string, CiRunRecord>;
  runUpdated: Map<string, string>;
  formats: Set<'gh' | 'rest' | 'bundle'>;
  endpoints: Set<string>;
  ghFields: string[] | null;
  runObjects: number;
  /** REST total_count by the query it answers (repo), the most any page reported. */
  totals: Map<string, { total: number; read: number }>;
  oldSchema: number;
  unknownRepo: number;
  skipped: number;
  bundleEntries: BundleEntry[];
}

const keep = (collected: Collected, record: CiRunRecord, updatedAt: string | null): void => {
  const key = `${record.repo}|${record.runId}`;
  const previous = collected.runUpdated.get(key);
  // The same run on two pages (it moved while paging): keep the copy updated last.
  if (previous !== undefined && updatedAt !== null && previous > updatedAt) return;
  collected.runs.set(key, record);
  collected.runUpdated.set(key, updatedAt ?? '');
};

const readGhRun = (collected: Collected, item: Json): void => {
  collected.formats.add('gh');
  collected.runObjects++;
  if (collected.ghFields === null) collected.ghFields = Object.keys(item);
  const url = text(item.url);
  const repo = repoFromUrl(url) ?? 'unknown';
  if (repo === 'unknown') collected.unknownRepo++;
  const status = text(item.status) ?? 'unknown';
  const updatedAt = utc(item.updatedAt);
  keep(
    collected,
    {
      provider: 'github',
      repo,
      runId: String(item.databaseId),
      workflow: text(item.workflowName) ?? text(item.name) ?? (has(item, 'workflowDatabaseId') ? `workflow ${String(item.workflowDatabaseId)}` : 'unknown workflow'),
      headSha: item.headSha as string,
      branch: text(item.headBranch),
      event: text(item.event),
      status,
      conclusion: text(item.conclusion),
      startedAt: utc(item.startedAt) ?? utc(item.createdAt),
      completedAt: status === 'completed' ? updatedAt : null,
      url,
    },
    updatedAt,
  );
};

const readRestRun = (collected: Collected, item: Json, fallbackRepo: string | null): void => {
  collected.formats.add('rest');
  collected.runObjects++;
  const repo =
    repoFromUrl(item.html_url) ?? repoFromUrl(item.url) ?? (isObject(item.repository) ? text(item.repository.full_name) : null) ?? fallbackRepo ?? 'unknown';
  if (repo === 'unknown') collected.unknownRepo++;
  const oldSchema = !has(item, 'name');
  if (oldSchema) collected.oldSchema++;
  const path = text(item.path);
  const status = text(item.status) ?? 'unknown';
  const updatedAt = utc(item.updated_at);
  keep(
    collected,
    {
      provider: 'github',
      repo,
      runId: idText(item.id) ?? 'unknown',
      workflow: text(item.name) ?? path ?? (has(item, 'workflow_id') ? `workflow ${String(item.workflow_id)}` : 'unknown workflow'),
      headSha: item.head_sha as string,
      branch: text(item.head_branch),
      event: text(item.event),
      status,
      conclusion: text(item.conclusion),
      startedAt: utc(item.run_started_at) ?? utc(item.created_at),
      completedAt: status === 'completed' ? updatedAt : null,
      url: text(item.html_url) ?? text(item.url),
    },
    updatedAt,
  );
};

const readRunsObject = (collected: Collected, item: Json, fallbackRepo: string | null): void => {
  const runs = item.workflow_runs as unknown[];
  let repo = fallbackRepo;
  for (const run of runs) {
    if (isRestRun(run)) {
      readRestRun(collected, run, fallbackRepo);
      repo ??= repoFromUrl(run.url) ?? repoFromUrl(run.html_url);
    } else {
      collected.skipped++;
    }
  }
  if (typeof item.total_count === 'number') {
    const key = repo ?? 'unknown';
    const seen = collected.totals.get(key) ?? { total: 0, read: 0 };
    seen.total = Math.max(seen.total, item.total_count);
    seen.read += runs.length;
    collected.totals.set(key, seen);
  }
};

const readAny = (collected: Collected, item: unknown, fallbackRepo: string | null = null): void => {
  if (Array.isArray(item)) {
    for (const element of item) readAny(collected, element, fallbackRepo);
  } else if (isGhRun(item)) {
    readGhRun(collected, item);
  } else if (isRestRun(item)) {
    readRestRun(collected, item, fallbackRepo);
  } else if (isRunsObject(item)) {
    readRunsObject(collected, item, fallbackRepo);
  } else if (isRunsBundle(item)) {
    collected.formats.add('bundle');
    const entries = bundleEntries(item) ?? [];
    collected.bundleEntries.push(...entries);
    for (const entry of entries) {
      if (bundlePathKind(entry.path) !== 'github-runs') continue;
      collected.endpoints.add(`GET ${entry.path}`);
      readAny(collected, entry.body, entry.repo);
    }
  } else {
    collected.skipped++;
  }
};

const parse = async (input: ImportInput, ctx: ImportContext): Promise<ParsedEvidence> => {
  const collected: Collected = {
    runs: new Map(),
    runUpdated: new Map(),
    formats: new Set(),
    endpoints: new Set(),
    ghFields: null,
    runObjects: 0,
    totals: new Map(),
    oldSchema: 0,
    unknownRepo: 0,
    skipped: 0,
    bundleEntries: [],
  };
  ctx.progress(0, 'Reading workflow runs…');
  await forEachItem(input, ctx, describes, (value) => readAny(collected, value), (n) => `Read ${n.toLocaleString('en-US')} runs…`);
  if (collected.runObjects === 0 && collected.totals.size === 0) {
    throw new CoreError('INVALID_INPUT', `${input.fileName} holds no GitHub Actions runs. Export them with: ${GH_COMMAND}`);
  }
  const ciRuns = [...collected.runs.values()];

  const warnings: string[] = [];
  for (const [repo, { total, read }] of collected.totals) {
    if (read < total) {
      warnings.push(
        `The file holds ${read.toLocaleString('en-US')} of the ${count(total, 'run')} GitHub reported for ${repo} (total_count): the rest are on other pages. Export with gh api --paginate repos/OWNER/REPO/actions/runs, or gh run list with a high --limit.`,
      );
    }
  }
  if (collected.formats.has('gh')) {
    const cut = cutOffWarning(collected.runObjects, 'run', { defaultLimit: 20, defaultLimitText: "gh run list's default --limit of 20" });
    if (cut) warnings.push(cut);
  } else if (collected.totals.size === 0) {
    const cut = cutOffWarning(collected.runObjects, 'run', { rest: true });
    if (cut) warnings.push(cut);
  }
  if (collected.oldSchema > 0) {
    warnings.push(
      `${count(collected.oldSchema, 'run')} ${collected.oldSchema === 1 ? 'is' : 'are'} in GitHub's older schema without the workflow's name: the workflow is recorded by its id (e.g. "workflow 1026390"), and the start time is the creation time.`,
    );
  }
  const running = ciRuns.filter((run) => run.status !== 'completed').length;
  if (running > 0) warnings.push(`${count(running, 'run')} had not finished when exported (status queued or in progress): they have no conclusion.`);
  if (collected.unknownRepo > 0) {
    warnings.push(`The repository of ${count(collected.unknownRepo, 'run')} is not in the file and is recorded as "unknown": include url in gh's --json list.`);
  }
  if (collected.skipped > 0) warnings.push(`${count(collected.skipped, 'item')} in the file ${collected.skipped === 1 ? 'is' : 'are'} not a workflow run and ${collected.skipped === 1 ? 'was' : 'were'} skipped.`);
  const others = collected.bundleEntries.length > 0 ? otherBundleEntriesWarning(collected.bundleEntries, 'github-runs') : null;
  if (others) warnings.push(others);
  const coverage = periodCoverageWarning(
    ciRuns.map((run) => run.startedAt),
    ctx,
    'run',
    'started',
  );
  if (coverage) warnings.push(coverage);

  const repos = [...new Set(ciRuns.map((run) => run.repo))].sort();
  const repoText = repos.length === 1 ? repos[0]! : 'OWNER/REPO';
  const methods: string[] = [];
  if (collected.formats.has('gh')) methods.push(`gh run list --repo ${repoText} --json ${(collected.ghFields ?? GH_FIELDS.split(',')).join(',')}`);
  if (collected.endpoints.size > 0) methods.push(...[...collected.endpoints].sort());
  else if (collected.formats.has('rest')) methods.push(`GET /repos/${repoText}/actions/runs (gh api)`);
  const totals = [...collected.totals.values()].reduce((sum, { total }) => sum + total, 0);
  const range = dateRange(ciRuns.map((run) => run.startedAt));
  ctx.progress(1, `Read ${count(ciRuns.length, 'run')}`);
  return {
    title: `GitHub Actions runs, ${repos.join(', ')} (${count(ciRuns.length, 'run')})`,
    fileName: input.fileName,
    mediaType: 'application/json',
    bytes: input.bytes,
    sourceSystem: 'GitHub Actions',
    collectionMethod: methods.join('; '),
    filters: `${count(collected.runObjects, 'run')} in the file${collected.totals.size > 0 ? `; total_count reported by GitHub: ${totals.toLocaleString('en-US')}` : collected.formats.has('gh') ? "; --limit is not recorded in gh's output" : ''}`,
    collectedAt: null,
    periodStart: range.first,
    periodEnd: range.last,
    records: { ciRuns },
    warnings,
  };
};

const describes = 'a GitHub Actions runs export (gh run list --json, or the REST workflow runs from gh api)';

export const githubRunsImporter: Importer = {
  kind: 'github-runs',
  label: 'GitHub Actions runs',
  input: 'file',
  howToExport: {
    command: GH_COMMAND,
    notes: [
      "gh run list's default --limit is 20: keep --limit 10000 (higher if the repository has more runs in the period), or the export stops after 20. Countersign warns when a file holds exactly 20, or a round number such as 1000.",
      "To export only the period add --created 'YYYY-MM-DD..YYYY-MM-DD'; with a filter GitHub returns at most 1,000 runs, so split a busier period (e.g. by month) into several files.",
      'Keep url in the --json list: it names the repository each run belongs to.',
      'Also accepted: the REST workflow runs, gh api --paginate repos/OWNER/REPO/actions/runs > runs.json (older and newer schemas; without --paginate the file holds one page of 30, and Countersign compares it with total_count).',
      'A REST run has no completion time: for a completed run Countersign takes updated_at.',
    ],
  },
  describes,
  recognises: (input) => recogniseFirst(input, recognisesItem),
  parse,
};
