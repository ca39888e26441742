/**
 * What the change-management rules share: the observation period as instants, how records are named
 * in findings (subjects and RecordRefs), which branches count as the default branch, and whether the
 * matrix names the automated review control.
 *
 * Record keys (RecordRef.key), one scheme for every rule so the screens can find the row:
 *   pull request   "acme/api#12" (GitLab "group/project!12")
 *   review         "acme/api#12 review 123456"
 *   commit         "acme/api@<full sha>"
 *   CI run         "acme/api run 987"
 *   deployment     "acme/api deployment 42"
 *   protection     "acme/api ruleset ~DEFAULT_BRANCH @ 2026-03-01T00:00:00Z"
 *   activity event "acme/api activity 1234" ("activity 1234" when the log did not name the repository)
 */
import type Database from 'better-sqlite3';
import type { RecordRef } from '../../../../shared/domain/evidence.js';
import type { RulePeriod } from '../rule.js';
import { observationPeriodInstants } from '../../period/observationPeriod.js';

/**
 * The period as a half-open range of UTC instants, [from, to): from the start of periodStart to the
 * start of the day after periodEnd, both in the workspace's time zone. Records store ISO 8601 UTC, so
 * "inside the period" is a plain string range over an indexed column (`col >= @from AND col < @to`).
 * The bounds carry milliseconds so that both "…:00Z" and "…:00.000Z" forms of a stored instant compare
 * on the right side of them.
 */
export interface PeriodBounds {
  from: string;
  to: string;
  fromMs: number;
  toMs: number;
}

export const periodBounds = (period: RulePeriod): PeriodBounds => {
  const { from, to, fromMs, toMs } = observationPeriodInstants(period.periodStart, period.periodEnd, period.timeZone);
  return { from, to, fromMs, toMs };
};

export const DAY_MS = 24 * 60 * 60 * 1000;

/** "2026-03-01" from an ISO instant, for sentences. */
export const day = (iso: string | null): string => (iso ? iso.slice(0, 10) : 'an unrecorded date');

export const shortSha = (sha: string | null): string => (sha ? sha.slice(0, 7) : 'unknown');

/** The text with its first letter capitalised, for sentences that open with a name like "pull request #12". */
export const sentence = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

export const plural = (count: number, one: string, many = `${one}s`): string => `${count} ${count === 1 ? one : many}`;

// --- Subjects and references ---------------------------------------------------------------------

const prMark = (provider: string): string => (provider === 'gitlab' ? '!' : '#');

export const prKey = (provider: string, repo: string, number: number): string => `${repo}${prMark(provider)}${number}`;
export const prSubject = (provider: string, repo: string, number: number): string =>
  provider === 'gitlab' ? `MR !${number} (${repo})` : `PR #${number} (${repo})`;
/** What a non-engineer reads in a sentence: "pull request #12" or "merge request !12". */
export const prNoun = (provider: string, number: number): string => (provider === 'gitlab' ? `merge request !${number}` : `pull request #${number}`);

export const prRef = (provider: string, repo: string, number: number, evidenceId: string): RecordRef => ({
  type: 'pull request',
  key: prKey(provider, repo, number),
  evidenceId,
});
export const reviewRef = (provider: string, repo: string, number: number, reviewId: string, evidenceId: string): RecordRef => ({
  type: 'review',
  key: `${prKey(provider, repo, number)} review ${reviewId}`,
  evidenceId,
});
export const commitRef = (repo: string, sha: string, evidenceId: string): RecordRef => ({ type: 'commit', key: `${repo}@${sha}`, evidenceId });
export const runRef = (repo: string, runId: string, evidenceId: string): RecordRef => ({ type: 'CI run', key: `${repo} run ${runId}`, evidenceId });
export const deploymentRef = (repo: string, deploymentId: string, evidenceId: string): RecordRef => ({
  type: 'deployment',
  key: `${repo} deployment ${deploymentId}`,
  evidenceId,
});
export const protectionRef = (repo: string, source: string, target: string, observedAt: string, evidenceId: string): RecordRef => ({
  type: 'protection setting',
  key: `${repo} ${source} ${target} @ ${observedAt}`,
  evidenceId,
});
export const activityRef = (repo: string, activityId: string, evidenceId: string): RecordRef => ({
  type: 'activity event',
  // The activity log does not name its repository: such events are stored with repo "".
  key: repo ? `${repo} activity ${activityId}` : `activity ${activityId}`,
  evidenceId,
});

// --- The matrix ----------------------------------------------------------------------------------

export const AUTOMATED_REVIEW = 'CC-AUTOMATED-REVIEW';

/**
 * True when the matrix names the automated review control (and it is not marked not applicable): only
 * then does a bot's approval count, as that control's evidence. It never counts as an independent
 * human approval.
 */
export const matrixHasAutomatedReview = (db: Database.Database): boolean =>
  db.prepare('SELECT 1 FROM matrix_controls WHERE catalog_id = ? AND not_applicable_reason IS NULL').get(AUTOMATED_REVIEW) !== undefined;

// --- Branches ------------------------------------------------------------------------------------

/** "refs/heads/main" -> "main"; other refs (tags) keep their full name. */
export const branchOf = (ref: string): string => (ref.startsWith('refs/heads/') ? ref.slice('refs/heads/'.length) : ref);

const globCache = new Map<string, RegExp>();

/** fnmatch as GitHub applies branch patterns: `*` within a path segment, `**` across segments. */
const glob = (pattern: string): RegExp => {
  let regex = globCache.get(pattern);
  if (!regex) {
    const body = pattern
      .split('**')
      .map((part) => part.split('*').map((literal) => literal.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('[^/]*'))
      .join('.*');
    regex = new RegExp(`^${body}$`);
    globCache.set(pattern, regex);
  }
  return regex;
};

/** The single branches or patterns a protection target names ("~DEFAULT_BRANCH, refs/heads/release/*"). */
const targetParts = (target: string): string[] =>
  target
    .split(/[,\s]+/)
    .map((part) => part.trim())
    .filter((part) => part.length > 0);

/**
 * Which branches of a repository are its default branch, from the evidence itself: the branch its Git
 * history was read from (the git importer reads the default branch), and the branch most of its latest
 * merged pull requests went into. When neither is known, "main" and "master" are assumed. Looked up
 * once per repository, each with a short walk of an index.
 */
export class DefaultBranches {
  private readonly known = new Map<string, Set<string>>();
  private readonly gitBranch: Database.Statement;
  private readonly prBase: Database.Statement;

  constructor(db: Database.Database) {
    this.gitBranch = db.prepare('SELECT branch FROM git_commits WHERE repo = ? LIMIT 1').pluck();
    // pull_requests' key starts with (provider, repo): IN lets it serve; the latest 200 PRs decide.
    this.prBase = db
      .prepare(
        `SELECT base_branch FROM (
           SELECT base_branch FROM pull_requests WHERE provider IN ('github', 'gitlab') AND repo = ? AND merged_at IS NOT NULL AND base_branch IS NOT NULL
           ORDER BY number DESC LIMIT 200)
         GROUP BY base_branch ORDER BY count(*) DESC, base_branch LIMIT 1`,
      )
      .pluck();
  }

  of(repo: string): Set<string> {
    let branches = this.known.get(repo);
    if (!branches) {
      branches = new Set<string>([...(this.gitBranch.all(repo) as string[]), ...(this.prBase.all(repo) as string[])].map(branchOf));
      if (branches.size === 0) branches = new Set(['main', 'master']);
      this.known.set(repo, branches);
    }
    return branches;
  }

  isDefault(repo: string, ref: string): boolean {
    return this.of(repo).has(branchOf(ref));
  }

  /** Whether a protection target (a branch, pattern, ruleset condition list) covers the default branch. */
  targetCoversDefault(repo: string, target: string): boolean {
    const branches = [...this.of(repo)];
    return targetParts(target).some((part) => {
      if (part === '~DEFAULT_BRANCH' || part === '~ALL') return true;
      const pattern = glob(branchOf(part));
      return branches.some((branch) => pattern.test(branch));
    });
  }
}

/**
 * The repositories the evidence names (each table walked along an index that starts with repo, one
 * seek per repository). GitHub's activity log does not name its repository, so its events are stored
 * with repo "": such an event belongs to the workspace's only repository when there is one.
 */
export const knownRepos = (db: Database.Database): string[] => {
  const distinct = (table: string, prefix: string) =>
    db
      .prepare(
        `WITH RECURSIVE r(repo) AS (
           SELECT min(repo) FROM ${table} WHERE ${prefix} repo > ''
           UNION ALL
           SELECT (SELECT min(repo) FROM ${table} WHERE ${prefix} repo > r.repo) FROM r WHERE r.repo IS NOT NULL)
         SELECT repo FROM r WHERE repo IS NOT NULL`,
      )
      .pluck()
      .all() as string[];
  const repos = new Set<string>([
    ...distinct('git_commits', ''),
    ...distinct('pull_requests', "provider = 'github' AND").concat(distinct('pull_requests', "provider = 'gitlab' AND")),
    ...(db.prepare("SELECT DISTINCT repo FROM protection_settings WHERE repo <> ''").pluck().all() as string[]),
  ]);
  return [...repos].sort();
};

/** The repository an activity event belongs to: its own, or the workspace's only one, or "" when that cannot be told. */
export const activityRepo = (repo: string, known: readonly string[]): string => (repo !== '' ? repo : known.length === 1 ? known[0]! : '');

/** Whether any of the patterns (protection targets) covers the ref. */
export const targetCoversRef = (target: string, ref: string, isDefault: boolean): boolean => {
  const branch = branchOf(ref);
  return targetParts(target).some((part) => {
    if (part === '~ALL') return true;
    if (part === '~DEFAULT_BRANCH') return isDefault;
    return glob(branchOf(part)).test(branch);
  });
};

/** "3-5, 9, 12-20" from sorted ranges, at most `limit` ranges and then how many more numbers. */
export const compactRanges = (ranges: readonly (readonly [number, number])[], limit = 25): string => {
  const shown = ranges.slice(0, limit).map(([from, to]) => (from === to ? String(from) : `${from}-${to}`));
  const hidden = ranges.slice(limit).reduce((sum, [from, to]) => sum + (to - from + 1), 0);
  return hidden > 0 ? `${shown.join(', ')} and ${hidden} more` : shown.join(', ');
};
