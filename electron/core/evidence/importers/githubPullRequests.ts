/**
 * The `github-prs` importer: the merged pull requests of a GitHub repository with their reviews, the
 * population of changes an auditor samples. Reads
 *  - `gh pr list --state merged --json …` (an array; author `{login, is_bot}`, bots as "app/<slug>",
 *    reviews[] `{id, author{login}, state, submittedAt, commit{oid}}`, latestReviews[] without ids);
 *  - REST pull request objects (`gh api repos/O/R/pulls/N`, or the list endpoint, which leaves out
 *    merged_by) and REST review arrays (`gh api repos/O/R/pulls/N/reviews`), alone, as pages, in a
 *    combined `{ "pulls": [...], "reviews": { "<number>": [...] } }`, or in a bundle keyed
 *    "GET /repos/O/R/pulls/N" and "GET /repos/O/R/pulls/N/reviews".
 * Only merged pull requests are changes; the others are counted and left out. `reviewDecision` is
 * never relied on: it is empty when the branch requires no review.
 */
import { CoreError } from '../../errors.js';
import type { PullRequestRecord, ReviewRecord } from '../records.js';
import {
  accountOf,
  botSlug,
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

const GH_FIELDS = 'number,title,author,mergedBy,mergedAt,createdAt,reviews,latestReviews,reviewDecision,baseRefName,headRefName,headRefOid,mergeCommit,url';
const GH_COMMAND = `gh pr list --repo OWNER/REPO --state merged --limit 10000 --json ${GH_FIELDS} > pull-requests.json`;

/** Keys only gh's pull request JSON (GraphQL field names) has. */
const GH_PR_KEYS = ['mergedAt', 'mergedBy', 'headRefName', 'baseRefName', 'headRefOid', 'mergeCommit', 'latestReviews', 'reviewDecision', 'isDraft', 'baseRefOid'];

/** A GitLab object (merge request, pipeline) says so with these keys; a GitHub one never has them. */
const isGitlabLike = (item: Json): boolean => has(item, 'iid') || has(item, 'project_id') || has(item, 'web_url');

/** gh pr list / gh pr view JSON: a number and GraphQL pull request fields, or a /pull/ address. */
export const isGhPullRequest = (item: unknown): item is Json =>
  isObject(item) &&
  typeof item.number === 'number' &&
  !isGitlabLike(item) &&
  !has(item, 'headSha') &&
  (GH_PR_KEYS.some((key) => has(item, key)) || (Array.isArray(item.reviews) && typeof item.url === 'string' && /\/pull\/\d+/.test(item.url)));

/** A REST pull request: number, head and base refs, and GitHub's node_id or a /pull/ html_url. */
export const isRestPullRequest = (item: unknown): item is Json =>
  isObject(item) &&
  typeof item.number === 'number' &&
  !isGitlabLike(item) &&
  isObject(item.head) &&
  isObject(item.base) &&
  (typeof item.node_id === 'string' || (typeof item.html_url === 'string' && /\/pull\/\d+/.test(item.html_url)) || has(item, 'merged_by'));

/** A REST pull request review: a user, a state, and a link to its pull request. */
export const isRestReview = (item: unknown): item is Json =>
  isObject(item) &&
  !has(item, 'number') &&
  typeof item.state === 'string' &&
  has(item, 'user') &&
  (has(item, 'commit_id') || has(item, 'submitted_at')) &&
  (typeof item.pull_request_url === 'string' ||
    (isObject(item._links) && isObject(item._links.pull_request)) ||
    (typeof item.html_url === 'string' && item.html_url.includes('#pullrequestreview-')));

const PULL_LIST_KEYS = ['pulls', 'pull_requests', 'pullRequests'];

const combinedPulls = (item: Json): unknown[] | null => {
  for (const key of PULL_LIST_KEYS) if (Array.isArray(item[key])) return item[key] as unknown[];
  return null;
};

const isCombined = (item: unknown): item is Json => {
  if (!isObject(item)) return false;
  const pulls = combinedPulls(item);
  if (pulls) return pulls.length === 0 ? isObject(item.reviews) || Array.isArray(item.reviews) : isPullRequestLike(pulls[0]);
  return false;
};

const isPullRequestLike = (item: unknown): boolean => isGhPullRequest(item) || isRestPullRequest(item);

const isPullsBundle = (item: unknown): boolean => {
  const entries = bundleEntries(item);
  return entries !== null && entries.some((entry) => bundlePathKind(entry.path) === 'github-prs');
};

const recognisesItem = (item: unknown): boolean => isPullRequestLike(item) || isRestReview(item) || isCombined(item) || isPullsBundle(item);

// ---------------------------------------------------------------------------------------------

/** One pull request as the file tells of it: the record when merged, and its reviews. */
interface Entry {
  pull: PullRequestRecord | null;
  /** null while only reviews of it have been seen. */
  merged: boolean | null;
  reviews: ReviewRecord[];
}

interface Collected {
  entries: Map<string, Entry>;
  strings: Map<string, string>;
  notMerged: { open: number; closed: number; unknown: number };
  formats: Set<'gh' | 'rest-pull' | 'rest-list' | 'rest-reviews' | 'combined' | 'bundle'>;
  endpoints: Set<string>;
  ghFields: string[] | null;
  pullObjects: number;
  duplicates: number;
  skipped: number;
  mergedWithoutMergedBy: number;
  restListMerged: number;
  sawMergeInfo: boolean;
  learnedBots: Set<string>;
  unknownRepo: number;
  reviewsCapped: number[];
  bundleEntries: BundleEntry[];
}

const prKey = (repo: string, number: number): string => `${repo}#${number}`;

const entryOf = (collected: Collected, repo: string, number: number): Entry => {
  const key = prKey(repo, number);
  let entry = collected.entries.get(key);
  if (!entry) collected.entries.set(key, (entry = { pull: null, merged: null, reviews: [] }));
  return entry;
};

/** Adds a review once: a later copy of the same review (same id) replaces the earlier one. */
const addReview = (entry: Entry, review: ReviewRecord): void => {
  const reviews = entry.reviews;
  for (let i = 0; i < reviews.length; i++) {
    if (reviews[i]!.reviewId === review.reviewId) {
      reviews[i] = review;
      return;
    }
  }
  reviews.push(review);
};

/** Records one pull request object; a later copy of the same pull request replaces the earlier one. */
const keepPull = (collected: Collected, record: PullRequestRecord, merged: boolean, state: string): Entry => {
  const entry = entryOf(collected, record.repo, record.number);
  if (entry.merged !== null) {
    collected.duplicates++;
    if (entry.merged === false) countNotMerged(collected, entry.pull?.state ?? 'unknown', -1);
  }
  entry.merged = merged;
  entry.pull = merged ? record : { ...record, state };
  if (!merged) countNotMerged(collected, state, 1);
  return entry;
};

const countNotMerged = (collected: Collected, state: string, delta: number): void => {
  if (state === 'open') collected.notMerged.open += delta;
  else if (state === 'closed') collected.notMerged.closed += delta;
  else collected.notMerged.unknown += delta;
};

/**
 * One string for each repository, login or state, however many records name it: a large export names a
 * handful of people tens of thousands of times, and 50,000 copies of the same login add up. Bounded.
 */
const shared = (collected: Collected, value: string): string => {
  const known = collected.strings.get(value);
  if (known !== undefined) return known;
  if (collected.strings.size < 10_000) collected.strings.set(value, value);
  return value;
};

/** One pull request from gh's JSON, with its reviews (reviews[] and latestReviews[], merged). */
const readGhPull = (collected: Collected, item: Json): void => {
  collected.formats.add('gh');
  collected.pullObjects++;
  if (collected.ghFields === null) collected.ghFields = Object.keys(item);
  const url = text(item.url);
  const repo = shared(collected, repoFromUrl(url) ?? 'unknown');
  if (repo === 'unknown') collected.unknownRepo++;
  const number = item.number as number;
  const author = accountOf(item.author) ?? { login: 'ghost', isBot: false };
  if (author.isBot) collected.learnedBots.add(botSlug(author.login));
  const mergedAt = utc(item.mergedAt);
  const ghState = typeof item.state === 'string' ? item.state.toUpperCase() : null;
  if (has(item, 'mergedAt') || ghState !== null) collected.sawMergeInfo = true;
  const merged = mergedAt !== null || ghState === 'MERGED';
  const mergedBy = isObject(item.mergedBy) ? accountOf(item.mergedBy) : null;
  if (mergedBy?.isBot) collected.learnedBots.add(botSlug(mergedBy.login));
  const mergeCommit = isObject(item.mergeCommit) ? text(item.mergeCommit.oid) : text(item.mergeCommit);
  const record: PullRequestRecord = {
    provider: 'github',
    repo,
    number,
    title: typeof item.title === 'string' ? item.title : '',
    author: shared(collected, author.login),
    authorIsBot: author.isBot,
    createdAt: utc(item.createdAt),
    mergedAt,
    mergedBy: mergedBy ? shared(collected, mergedBy.login) : null,
    baseBranch: text(item.baseRefName),
    headSha: text(item.headRefOid),
    mergeCommitSha: mergeCommit,
    url,
    state: 'merged',
  };
  if (merged && mergedBy === null && has(item, 'mergedBy')) collected.mergedWithoutMergedBy++;
  const entry = keepPull(collected, record, merged, ghState === 'OPEN' ? 'open' : ghState === 'CLOSED' ? 'closed' : 'unknown');
  if (!merged) return;

  // This copy of the pull request carries all its reviews: an earlier copy's give way.
  entry.reviews = [];
  const reviews = Array.isArray(item.reviews) ? (item.reviews as unknown[]) : [];
  if (reviews.length >= 100) collected.reviewsCapped.push(number);
  const read = (review: unknown): void => {
    if (!isObject(review)) return;
    const reviewer = accountOf(review.author) ?? { login: 'ghost', isBot: false };
    const submittedAt = utc(review.submittedAt);
    const state = typeof review.state === 'string' ? review.state : 'UNKNOWN';
    // latestReviews carry no id in gh's query: the same review is known by who, when and what.
    for (const known of entry.reviews) if (known.reviewer === reviewer.login && known.submittedAt === submittedAt && known.state === state) return;
    addReview(entry, {
      provider: 'github',
      repo,
      prNumber: number,
      reviewId: idText(review.id) ?? `${reviewer.login}|${submittedAt ?? ''}|${state}`,
      reviewer: shared(collected, reviewer.login),
      reviewerIsBot: reviewer.isBot,
      state: shared(collected, state),
      submittedAt,
      commitSha: isObject(review.commit) ? text(review.commit.oid) : null,
    });
  };
  for (const review of reviews) read(review);
  if (Array.isArray(item.latestReviews)) for (const review of item.latestReviews as unknown[]) read(review);
};

/** One REST pull request (single object or an element of the list endpoint's array). */
const readRestPull = (collected: Collected, item: Json, fallbackRepo: string | null): void => {
  collected.pullObjects++;
  const inList = !has(item, 'merged_by') && !has(item, 'merged');
  collected.formats.add(inList ? 'rest-list' : 'rest-pull');
  const repo = shared(
    collected,
    repoFromUrl(item.html_url) ?? repoFromUrl(item.url) ?? (isObject(item.base) && isObject(item.base.repo) ? text(item.base.repo.full_name) : null) ?? fallbackRepo ?? 'unknown',
  );
  if (repo === 'unknown') collected.unknownRepo++;
  const number = item.number as number;
  const author = accountOf(item.user) ?? { login: 'ghost', isBot: false };
  const mergedAt = utc(item.merged_at);
  collected.sawMergeInfo = true;
  const merged = mergedAt !== null || item.merged === true;
  const mergedBy = isObject(item.merged_by) ? accountOf(item.merged_by) : null;
  const head = item.head as Json;
  const base = item.base as Json;
  const record: PullRequestRecord = {
    provider: 'github',
    repo,
    number,
    title: typeof item.title === 'string' ? item.title : '',
    author: shared(collected, author.login),
    authorIsBot: author.isBot,
    createdAt: utc(item.created_at),
    mergedAt,
    mergedBy: mergedBy ? shared(collected, mergedBy.login) : null,
    baseBranch: text(base.ref),
    headSha: text(head.sha),
    mergeCommitSha: text(item.merge_commit_sha),
    url: text(item.html_url) ?? text(item.url),
    state: 'merged',
  };
  if (merged && mergedBy === null) {
    collected.mergedWithoutMergedBy++;
    if (inList) collected.restListMerged++;
  }
  keepPull(collected, record, merged, typeof item.state === 'string' ? item.state : 'unknown');
};

/** REST reviews; the pull request is named by the context (combined key, bundle path) or each review's links. */
const readRestReviews = (collected: Collected, reviews: unknown[], context: { repo: string | null; number: number | null }): void => {
  collected.formats.add('rest-reviews');
  for (const review of reviews) {
    if (!isObject(review)) continue;
    const link = text(review.pull_request_url) ?? (isObject(review._links) && isObject(review._links.pull_request) ? text(review._links.pull_request.href) : null) ?? text(review.html_url);
    const repo = shared(collected, context.repo ?? repoFromUrl(link) ?? 'unknown');
    const number = context.number ?? numberAfter(link, 'pull');
    if (number === null) {
      collected.skipped++;
      continue;
    }
    if (repo === 'unknown') collected.unknownRepo++;
    const reviewer = accountOf(review.user) ?? { login: 'ghost', isBot: false };
    const submittedAt = utc(review.submitted_at);
    const state = typeof review.state === 'string' ? review.state : 'UNKNOWN';
    addReview(entryOf(collected, repo, number), {
      provider: 'github',
      repo,
      prNumber: number,
      reviewId: idText(review.id) ?? `${reviewer.login}|${submittedAt ?? ''}|${state}`,
      reviewer: shared(collected, reviewer.login),
      reviewerIsBot: reviewer.isBot,
      state: shared(collected, state),
      submittedAt,
      commitSha: text(review.commit_id),
    });
  }
};

const readAny = (collected: Collected, item: unknown, fallbackRepo: string | null = null): void => {
  if (Array.isArray(item)) {
    for (const element of item) readAny(collected, element, fallbackRepo);
  } else if (isGhPullRequest(item)) {
    readGhPull(collected, item);
  } else if (isRestPullRequest(item)) {
    readRestPull(collected, item, fallbackRepo);
  } else if (isRestReview(item)) {
    readRestReviews(collected, [item], { repo: null, number: null });
  } else if (isCombined(item)) {
    collected.formats.add('combined');
    for (const pull of combinedPulls(item) ?? []) readAny(collected, pull, fallbackRepo);
    const repos = new Set([...collected.entries.values()].flatMap((entry) => (entry.pull ? [entry.pull.repo] : [])));
    const onlyRepo = repos.size === 1 ? [...repos][0]! : null;
    if (Array.isArray(item.reviews)) {
      readRestReviews(collected, item.reviews as unknown[], { repo: null, number: null });
    } else if (isObject(item.reviews)) {
      for (const [number, reviews] of Object.entries(item.reviews)) {
        if (!Array.isArray(reviews) || !/^\d+$/.test(number)) continue;
        const first = reviews.find(isObject);
        const repo = (first ? repoFromUrl(first.pull_request_url) ?? repoFromUrl(first.html_url) : null) ?? onlyRepo;
        readRestReviews(collected, reviews, { repo, number: Number(number) });
      }
    }
  } else if (isPullsBundle(item)) {
    collected.formats.add('bundle');
    const entries = bundleEntries(item) ?? [];
    collected.bundleEntries.push(...entries);
    for (const entry of entries) {
      if (bundlePathKind(entry.path) !== 'github-prs') continue;
      collected.endpoints.add(`GET ${entry.path}`);
      const reviewsOf = /\/pulls\/(\d+)\/reviews$/.exec(entry.path);
      if (reviewsOf) {
        if (Array.isArray(entry.body)) readRestReviews(collected, entry.body, { repo: entry.repo, number: Number(reviewsOf[1]) });
      } else {
        readAny(collected, entry.body, entry.repo);
      }
    }
  } else {
    collected.skipped++;
  }
};

const describeFormats = (collected: Collected): { method: string; filters: string } => {
  const repos = [...new Set([...collected.entries.values()].flatMap((entry) => (entry.pull ? [entry.pull.repo] : [])))];
  const repoText = repos.length === 1 ? repos[0]! : 'OWNER/REPO';
  const parts: string[] = [];
  if (collected.formats.has('gh')) {
    const fields = collected.ghFields ? collected.ghFields.join(',') : GH_FIELDS;
    parts.push(`gh pr list --repo ${repoText} --state merged --json ${fields}`);
  }
  if (collected.endpoints.size > 0) {
    parts.push(...[...collected.endpoints].sort());
  } else {
    if (collected.formats.has('rest-pull')) parts.push(`GET /repos/${repoText}/pulls/{number} (gh api)`);
    if (collected.formats.has('rest-list')) parts.push(`GET /repos/${repoText}/pulls (gh api)`);
    if (collected.formats.has('rest-reviews')) parts.push(`GET /repos/${repoText}/pulls/{number}/reviews (gh api)`);
  }
  const { open, closed, unknown } = collected.notMerged;
  const left = open + closed + unknown;
  const filters = [
    left === 0 ? 'state: merged' : `state: merged only (${count(left, 'pull request')} in the file not merged, left out)`,
    `${count(collected.pullObjects, 'pull request')} in the file; --limit is not recorded in gh's output`,
  ];
  return { method: parts.join('; ') || 'gh pr list', filters: filters.join('; ') };
};

const parse = async (input: ImportInput, ctx: ImportContext): Promise<ParsedEvidence> => {
  const collected: Collected = {
    entries: new Map(),
    strings: new Map(),
    notMerged: { open: 0, closed: 0, unknown: 0 },
    formats: new Set(),
    endpoints: new Set(),
    ghFields: null,
    pullObjects: 0,
    duplicates: 0,
    skipped: 0,
    mergedWithoutMergedBy: 0,
    restListMerged: 0,
    sawMergeInfo: false,
    learnedBots: new Set(),
    unknownRepo: 0,
    reviewsCapped: [],
    bundleEntries: [],
  };
  ctx.progress(0, 'Reading pull requests…');
  await forEachItem(input, ctx, describes, (value) => readAny(collected, value), (n) => `Read ${n.toLocaleString('en-US')} pull requests…`);

  if (collected.pullObjects === 0 && collected.entries.size === 0) {
    throw new CoreError('INVALID_INPUT', `${input.fileName} holds no GitHub pull requests or reviews. Export them with: ${GH_COMMAND}`);
  }
  if (collected.pullObjects > 0 && !collected.sawMergeInfo) {
    throw new CoreError(
      'INVALID_INPUT',
      `${input.fileName} does not say which pull requests were merged: its gh export has no mergedAt field. Export again with: ${GH_COMMAND}`,
    );
  }

  const pullRequests: PullRequestRecord[] = [];
  const reviews: ReviewRecord[] = [];
  let orphanReviews = 0;
  const orphanPulls: string[] = [];
  for (const [key, entry] of collected.entries) {
    // A pull request that was not merged is not a change, and its reviews are not evidence about one.
    if (entry.merged === false) continue;
    if (entry.pull) {
      pullRequests.push(entry.pull);
    } else if (entry.reviews.length > 0) {
      orphanReviews += entry.reviews.length;
      orphanPulls.push(key);
    }
    for (const review of entry.reviews) {
      // A reviewer gh prints without a bot marker is still a bot when the same app opened or merged a PR here.
      if (!review.reviewerIsBot && collected.learnedBots.has(botSlug(review.reviewer))) review.reviewerIsBot = true;
      reviews.push(review);
    }
  }

  const warnings: string[] = [];
  const { open, closed, unknown } = collected.notMerged;
  const left = open + closed + unknown;
  if (left > 0) {
    const how = [open > 0 ? `${open} open` : '', closed > 0 ? `${closed} closed without merging` : '', unknown > 0 ? `${unknown} not merged` : '']
      .filter(Boolean)
      .join(', ');
    warnings.push(`${count(left, 'pull request')} in the file ${left === 1 ? 'is' : 'are'} not merged (${how}): only merged pull requests are changes, so ${left === 1 ? 'it was' : 'they were'} left out.`);
  }
  if (collected.formats.has('gh') && collected.ghFields) {
    // gh writes exactly the fields asked for: one left out of --json is missing from every pull request.
    const fields = new Set(collected.ghFields);
    const missing = ['author', 'mergedBy', 'reviews', 'headRefOid', 'mergeCommit', 'baseRefName', 'createdAt'].filter((field) => !fields.has(field));
    if (missing.length > 0) {
      warnings.push(
        `The export leaves out ${missing.join(', ')}: without ${missing.length === 1 ? 'it' : 'them'} who authored, merged or approved a change, or on which commit, cannot be checked. Export again with: ${GH_COMMAND}`,
      );
    }
  }
  if (collected.formats.has('gh')) {
    const cut = cutOffWarning(collected.pullObjects, 'pull request', { defaultLimit: 30, defaultLimitText: "gh pr list's default --limit of 30" });
    if (cut) warnings.push(cut);
  } else if (collected.formats.has('rest-list')) {
    const cut = cutOffWarning(collected.pullObjects, 'pull request', { rest: true });
    if (cut) warnings.push(cut);
  }
  if (collected.mergedWithoutMergedBy > 0) {
    warnings.push(
      collected.restListMerged > 0
        ? `${count(collected.mergedWithoutMergedBy, 'merged pull request')} ${collected.mergedWithoutMergedBy === 1 ? 'has' : 'have'} no merged_by: the REST list endpoint (GET /repos/O/R/pulls) leaves it out, so a merge by its own author cannot be seen. Export with gh pr list (see the command) or gh api repos/O/R/pulls/NUMBER for each.`
        : `${count(collected.mergedWithoutMergedBy, 'merged pull request')} ${collected.mergedWithoutMergedBy === 1 ? 'does' : 'do'} not say who merged ${collected.mergedWithoutMergedBy === 1 ? 'it' : 'them'} (the account may have been deleted).`,
    );
  }
  if (collected.unknownRepo > 0) {
    warnings.push(
      `The repository of ${count(collected.unknownRepo, 'record')} is not in the file and is recorded as "unknown": include url in gh's --json list (or export with gh api, whose objects carry their URL).`,
    );
  }
  if (orphanReviews > 0) {
    const names = orphanPulls.slice(0, 5).join(', ');
    warnings.push(
      `${count(orphanReviews, 'review')} belong${orphanReviews === 1 ? 's' : ''} to ${count(orphanPulls.length, 'pull request')} not in this file (${names}${orphanPulls.length > 5 ? ', …' : ''}): they are kept, and join that pull request when it is imported.`,
    );
  }
  if (collected.reviewsCapped.length > 0) {
    warnings.push(
      `${count(collected.reviewsCapped.length, 'pull request')} ${collected.reviewsCapped.length === 1 ? 'has' : 'have'} 100 or more reviews, the most gh reads per pull request (e.g. #${collected.reviewsCapped[0]}): later reviews may be missing. Export those with gh api --paginate repos/O/R/pulls/NUMBER/reviews.`,
    );
  }
  if (collected.duplicates > 0) warnings.push(`${count(collected.duplicates, 'pull request')} appeared more than once in the file; the last copy was kept.`);
  if (collected.skipped > 0) warnings.push(`${count(collected.skipped, 'item')} in the file ${collected.skipped === 1 ? 'is' : 'are'} not a pull request or review and ${collected.skipped === 1 ? 'was' : 'were'} skipped.`);
  const others = collected.bundleEntries.length > 0 ? otherBundleEntriesWarning(collected.bundleEntries, 'github-prs') : null;
  if (others) warnings.push(others);
  if (pullRequests.length === 0 && collected.pullObjects > 0) warnings.push('No pull request in the file is merged: nothing was added to the population of changes.');
  const coverage = periodCoverageWarning(
    pullRequests.map((pull) => pull.mergedAt),
    ctx,
    'merged pull request',
    'merged',
  );
  if (coverage) warnings.push(coverage);

  const range = pullRequests.length > 0 ? dateRange(pullRequests.map((pull) => pull.mergedAt)) : dateRange(reviews.map((review) => review.submittedAt));
  const repos = [...new Set([...pullRequests.map((pull) => pull.repo), ...reviews.map((review) => review.repo)])].sort();
  const { method, filters } = describeFormats(collected);
  ctx.progress(1, `Read ${count(pullRequests.length, 'merged pull request')} and ${count(reviews.length, 'review')}`);
  return {
    title: `GitHub pull requests, ${repos.join(', ')}${pullRequests.length > 0 ? ` (${count(pullRequests.length, 'merged pull request')})` : ` (${count(reviews.length, 'review')})`}`,
    fileName: input.fileName,
    mediaType: 'application/json',
    bytes: input.bytes,
    sourceSystem: 'GitHub',
    collectionMethod: method,
    filters,
    collectedAt: null,
    periodStart: range.first,
    periodEnd: range.last,
    records: { pullRequests, reviews },
    warnings,
  };
};

const describes = 'a GitHub pull request export (gh pr list --json, or REST pull requests and reviews from gh api)';

export const githubPullRequestsImporter: Importer = {
  kind: 'github-prs',
  label: 'GitHub pull requests',
  input: 'file',
  howToExport: {
    command: GH_COMMAND,
    notes: [
      "gh's default --limit is 30: keep --limit 10000 (higher if the repository has more merged pull requests), or the export stops after 30 and the population is incomplete. Countersign warns when a file holds exactly 30, or a round number such as 100, 1000 or 10000.",
      'Keep url in the --json list: it names the repository each pull request belongs to.',
      'reviewDecision is empty when the branch does not require reviews, so Countersign reads the reviews themselves (who approved, when, on which commit), never reviewDecision.',
      'Only merged pull requests are changes; open and closed-unmerged ones in the file are counted and left out.',
      'Also accepted: REST pull requests from gh api repos/OWNER/REPO/pulls/NUMBER with their reviews from gh api repos/OWNER/REPO/pulls/NUMBER/reviews, alone or combined as {"pulls": [...], "reviews": {"NUMBER": [...]}}. The list endpoint gh api repos/OWNER/REPO/pulls leaves out merged_by, so a merge by its own author cannot be seen from it.',
    ],
  },
  describes,
  recognises: (input) => recogniseFirst(input, recognisesItem),
  parse,
};
