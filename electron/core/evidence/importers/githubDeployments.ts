/**
 * The `github-deployments` importer: GitHub deployments with the latest state each reached. Reads
 *  - the REST deployments array (`gh api repos/O/R/deployments`, pages one after another with --paginate);
 *  - with deployment statuses (`gh api repos/O/R/deployments/ID/statuses`) combined as
 *    `{ "deployments": [...], "statuses": { "<id>": [...] } }` (statuses may also be one array, each
 *    naming its deployment by deployment_url), or in a bundle keyed "GET /repos/O/R/deployments" and
 *    "GET /repos/O/R/deployments/ID/statuses".
 * Statuses are matched to deployments by id (unique across GitHub); the latest status by creation
 * time gives the deployment's state. A file of statuses alone does not say which commit was deployed
 * and is refused with how to combine it.
 */
import { CoreError } from '../../errors.js';
import type { DeploymentRecord } from '../records.js';
import {
  accountOf,
  bundleEntries,
  bundlePathKind,
  count,
  cutOffWarning,
  dateRange,
  forEachItem,
  has,
  idText,
  isObject,
  numberAfter,
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

const COMMAND = 'gh api --paginate repos/OWNER/REPO/deployments > deployments.json';
const WITH_STATUSES =
  'for id in $(jq -r \'.[].id\' deployments.json); do gh api --paginate "repos/OWNER/REPO/deployments/$id/statuses" > "statuses-$id.json"; done; ' +
  'jq -n --slurpfile d deployments.json \'{deployments: [$d[][]], statuses: (reduce inputs as $s ({}; .[input_filename | capture("statuses-(?<id>[0-9]+)").id] += $s))}\' statuses-*.json > deployments-with-statuses.json';

/** A REST deployment: id, sha, ref, an environment name, and GitHub's task, creator or /deployments/ URL. */
export const isRestDeployment = (item: unknown): item is Json =>
  isObject(item) &&
  (typeof item.id === 'number' || typeof item.id === 'string') &&
  typeof item.sha === 'string' &&
  has(item, 'ref') &&
  (typeof item.environment === 'string' || typeof item.original_environment === 'string') &&
  !has(item, 'iid') &&
  !has(item, 'project_id') &&
  (has(item, 'task') || has(item, 'creator') || (typeof item.url === 'string' && /\/deployments\/\d+$/.test(item.url)));

/** A REST deployment status: a state and the deployment it belongs to. */
export const isDeploymentStatus = (item: unknown): item is Json =>
  isObject(item) &&
  typeof item.state === 'string' &&
  (typeof item.deployment_url === 'string' || (typeof item.url === 'string' && /\/deployments\/\d+\/statuses\//.test(item.url))) &&
  !has(item, 'sha');

const isCombined = (item: unknown): item is Json =>
  isObject(item) && Array.isArray(item.deployments) && (item.deployments.length === 0 ? has(item, 'statuses') : isRestDeployment(item.deployments[0]));

const isDeploymentsBundle = (item: unknown): boolean => {
  const entries = bundleEntries(item);
  return entries !== null && entries.some((entry) => bundlePathKind(entry.path) === 'github-deployments');
};

const recognisesItem = (item: unknown): boolean => isRestDeployment(item) || isDeploymentStatus(item) || isCombined(item) || isDeploymentsBundle(item);

interface Status {
  id: string;
  state: string;
  at: string | null;
  repo: string | null;
}

interface Collected {
  deployments: Map<string, { record: DeploymentRecord }>;
  statuses: Map<string, Map<string, Status>>;
  deploymentObjects: number;
  statusObjects: number;
  formats: Set<'rest' | 'statuses' | 'combined' | 'bundle'>;
  endpoints: Set<string>;
  unknownRepo: number;
  skipped: number;
  duplicates: number;
  bundleEntries: BundleEntry[];
}

const readDeployment = (collected: Collected, item: Json, fallbackRepo: string | null): void => {
  collected.formats.add('rest');
  collected.deploymentObjects++;
  const repo = repoFromUrl(item.url) ?? repoFromUrl(item.statuses_url) ?? repoFromUrl(item.repository_url) ?? fallbackRepo ?? 'unknown';
  if (repo === 'unknown') collected.unknownRepo++;
  const id = idText(item.id) ?? 'unknown';
  if (collected.deployments.has(id)) collected.duplicates++;
  const creator = has(item, 'creator') ? accountOf(item.creator) : null;
  collected.deployments.set(id, {
    record: {
      provider: 'github',
      repo,
      deploymentId: id,
      sha: item.sha as string,
      ref: text(item.ref),
      environment: text(item.environment) ?? text(item.original_environment) ?? 'unknown',
      creator: creator?.login ?? null,
      createdAt: utc(item.created_at) ?? '',
      latestState: null,
      latestStateAt: null,
    },
  });
};

const readStatuses = (collected: Collected, statuses: unknown[], deploymentId: string | null): void => {
  collected.formats.add('statuses');
  for (const status of statuses) {
    if (!isObject(status) || typeof status.state !== 'string') {
      collected.skipped++;
      continue;
    }
    collected.statusObjects++;
    const link = text(status.deployment_url) ?? text(status.url);
    const forId = deploymentId ?? (numberAfter(link, 'deployments') !== null ? String(numberAfter(link, 'deployments')) : null);
    if (forId === null) {
      collected.skipped++;
      continue;
    }
    let byId = collected.statuses.get(forId);
    if (!byId) collected.statuses.set(forId, (byId = new Map()));
    const id = idText(status.id) ?? `${status.state}|${String(status.created_at)}`;
    byId.set(id, { id, state: status.state, at: utc(status.created_at) ?? utc(status.updated_at), repo: repoFromUrl(link) });
  }
};

const readAny = (collected: Collected, item: unknown, fallbackRepo: string | null = null): void => {
  if (Array.isArray(item)) {
    for (const element of item) readAny(collected, element, fallbackRepo);
  } else if (isRestDeployment(item)) {
    readDeployment(collected, item, fallbackRepo);
  } else if (isDeploymentStatus(item)) {
    readStatuses(collected, [item], null);
  } else if (isCombined(item)) {
    collected.formats.add('combined');
    for (const deployment of item.deployments as unknown[]) readAny(collected, deployment, fallbackRepo);
    if (Array.isArray(item.statuses)) {
      readStatuses(collected, item.statuses as unknown[], null);
    } else if (isObject(item.statuses)) {
      for (const [id, statuses] of Object.entries(item.statuses)) if (Array.isArray(statuses)) readStatuses(collected, statuses, id);
    }
  } else if (isDeploymentsBundle(item)) {
    collected.formats.add('bundle');
    const entries = bundleEntries(item) ?? [];
    collected.bundleEntries.push(...entries);
    for (const entry of entries) {
      if (bundlePathKind(entry.path) !== 'github-deployments') continue;
      collected.endpoints.add(`GET ${entry.path}`);
      const statusesOf = /\/deployments\/(\d+)\/statuses$/.exec(entry.path);
      if (statusesOf) {
        if (Array.isArray(entry.body)) readStatuses(collected, entry.body, statusesOf[1]!);
      } else {
        readAny(collected, entry.body, entry.repo);
      }
    }
  } else {
    collected.skipped++;
  }
};

/** The status that says where the deployment ended up: the latest created, the higher id on a tie. */
const latest = (statuses: Iterable<Status>): Status | null => {
  let best: Status | null = null;
  for (const status of statuses) {
    if (best === null) {
      best = status;
      continue;
    }
    const a = status.at ?? '';
    const b = best.at ?? '';
    if (a > b || (a === b && Number(status.id) > Number(best.id))) best = status;
  }
  return best;
};

const parse = async (input: ImportInput, ctx: ImportContext): Promise<ParsedEvidence> => {
  const collected: Collected = {
    deployments: new Map(),
    statuses: new Map(),
    deploymentObjects: 0,
    statusObjects: 0,
    formats: new Set(),
    endpoints: new Set(),
    unknownRepo: 0,
    skipped: 0,
    duplicates: 0,
    bundleEntries: [],
  };
  ctx.progress(0, 'Reading deployments…');
  await forEachItem(input, ctx, describes, (value) => readAny(collected, value), (n) => `Read ${n.toLocaleString('en-US')} deployments…`);

  if (collected.deploymentObjects === 0) {
    if (collected.statusObjects > 0) {
      throw new CoreError(
        'INVALID_INPUT',
        `${input.fileName} holds deployment statuses but not the deployments they belong to, so it does not say which commit was deployed where. ` +
          `Import the deployments (${COMMAND}) with their statuses combined: ${WITH_STATUSES}`,
      );
    }
    throw new CoreError('INVALID_INPUT', `${input.fileName} holds no GitHub deployments. Export them with: ${COMMAND}`);
  }

  const warnings: string[] = [];
  const deployments: DeploymentRecord[] = [];
  let withoutStatuses = 0;
  const mismatched: string[] = [];
  for (const { record } of collected.deployments.values()) {
    const statuses = collected.statuses.get(record.deploymentId);
    const last = statuses ? latest(statuses.values()) : null;
    if (last) {
      record.latestState = last.state;
      record.latestStateAt = last.at;
      const otherRepo = [...statuses!.values()].find((status) => status.repo !== null && status.repo !== record.repo);
      if (otherRepo) mismatched.push(`${record.deploymentId} (statuses name ${otherRepo.repo}, the deployment ${record.repo})`);
    } else {
      withoutStatuses++;
    }
    deployments.push(record);
  }
  const undated = deployments.filter((deployment) => deployment.createdAt === '');
  if (undated.length > 0) {
    throw new CoreError('INVALID_INPUT', `${input.fileName}: ${count(undated.length, 'deployment')} ${undated.length === 1 ? 'has' : 'have'} no created_at (e.g. ${undated[0]!.deploymentId}): is this a GitHub deployments export?`);
  }
  const unmatched = [...collected.statuses.keys()].filter((id) => !collected.deployments.has(id));

  if (collected.statusObjects === 0) {
    warnings.push(
      `The file holds no deployment statuses, so whether each deployment succeeded is unknown. To include them: ${WITH_STATUSES}`,
    );
  } else if (withoutStatuses > 0) {
    warnings.push(`${count(withoutStatuses, 'deployment')} ${withoutStatuses === 1 ? 'has' : 'have'} no statuses in the file: ${withoutStatuses === 1 ? 'its' : 'their'} outcome is unknown.`);
  }
  if (unmatched.length > 0) {
    warnings.push(`Statuses of ${count(unmatched.length, 'deployment')} not in the file (${unmatched.slice(0, 5).join(', ')}${unmatched.length > 5 ? ', …' : ''}) were not used.`);
  }
  if (mismatched.length > 0) {
    warnings.push(`Statuses were matched to deployments by id, which is unique across GitHub, although their addresses name another repository: ${mismatched.join('; ')}.`);
  }
  const cut = cutOffWarning(collected.deploymentObjects, 'deployment', { rest: true });
  if (cut) warnings.push(cut);
  if (collected.unknownRepo > 0) warnings.push(`The repository of ${count(collected.unknownRepo, 'deployment')} is not in the file and is recorded as "unknown".`);
  if (collected.duplicates > 0) warnings.push(`${count(collected.duplicates, 'deployment')} appeared more than once in the file; the last copy was kept.`);
  if (collected.skipped > 0) warnings.push(`${count(collected.skipped, 'item')} in the file ${collected.skipped === 1 ? 'is' : 'are'} not a deployment or status and ${collected.skipped === 1 ? 'was' : 'were'} skipped.`);
  const others = collected.bundleEntries.length > 0 ? otherBundleEntriesWarning(collected.bundleEntries, 'github-deployments') : null;
  if (others) warnings.push(others);
  const coverage = periodCoverageWarning(
    deployments.map((deployment) => deployment.createdAt),
    ctx,
    'deployment',
    'created',
  );
  if (coverage) warnings.push(coverage);

  const repos = [...new Set(deployments.map((deployment) => deployment.repo))].sort();
  const repoText = repos.length === 1 ? repos[0]! : 'OWNER/REPO';
  const methods =
    collected.endpoints.size > 0
      ? [...collected.endpoints].sort()
      : [`GET /repos/${repoText}/deployments (gh api)`, ...(collected.statusObjects > 0 ? [`GET /repos/${repoText}/deployments/{id}/statuses (gh api)`] : [])];
  const range = dateRange(deployments.map((deployment) => deployment.createdAt));
  ctx.progress(1, `Read ${count(deployments.length, 'deployment')}`);
  return {
    title: `GitHub deployments, ${repos.join(', ')} (${count(deployments.length, 'deployment')})`,
    fileName: input.fileName,
    mediaType: 'application/json',
    bytes: input.bytes,
    sourceSystem: 'GitHub',
    collectionMethod: methods.join('; '),
    filters: `${count(collected.deploymentObjects, 'deployment')} and ${count(collected.statusObjects, 'status', 'statuses')} in the file; all environments`,
    collectedAt: null,
    periodStart: range.first,
    periodEnd: range.last,
    records: { deployments },
    warnings,
  };
};

const describes = 'a GitHub deployments export (the REST deployments from gh api, with their deployment statuses)';

export const githubDeploymentsImporter: Importer = {
  kind: 'github-deployments',
  label: 'GitHub deployments',
  input: 'file',
  howToExport: {
    command: COMMAND,
    notes: [
      'Without --paginate the file holds one page of 30 deployments; Countersign warns when a file holds exactly 30 or 100.',
      `A deployment's outcome is in its statuses. To include them (needs jq), after the command above run: ${WITH_STATUSES}`,
      'A file of statuses alone does not say which commit was deployed: import the deployments with their statuses combined.',
    ],
  },
  describes,
  recognises: (input) => recogniseFirst(input, recognisesItem),
  parse,
};
