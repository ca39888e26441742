/**
 * Completeness of the change populations, as an auditor tests it before sampling.
 *
 * pr-number-gap: per repository, the numbers missing between the lowest and the highest number of the
 * PRs merged in the period (merged_at inside the period, in the workspace's time zone). A number counts
 * as present if any imported PR has it, merged or not. Low severity, and worded as a question: GitHub
 * numbers issues and pull requests from one sequence, so most gaps there are issues; GitLab numbers
 * merge requests on their own, so a gap there is a merge request closed unmerged or left out of the
 * export. The missing numbers are listed compactly ("13-15, 18").
 *
 * There is no deployment-id gap rule: GitHub's deployment ids are global across all of GitHub (and
 * GitLab's deployment ids across the instance), so consecutive deployments of one repository have
 * unrelated ids and a "gap" says nothing about completeness.
 *
 * history-does-not-cover-period: per repository and kind (Git history, PRs), the imported records
 * start more than 14 days after the period starts or end more than 14 days before it ends. The end is
 * taken as the period's end or, if earlier, when the evidence was collected (a period still running
 * is not blamed for the days not yet lived). Dates are UTC instants against the period's bounds in the
 * workspace's time zone.
 */
import type { RecordRef } from '../../../../shared/domain/evidence.js';
import type { ExceptionRule, Finding } from '../rule.js';
import { AUTOMATED_REVIEW, commitRef, compactRanges, DAY_MS, day, periodBounds, plural, prRef } from './common.js';

interface Gap {
  provider: string;
  repo: string;
  prev: number;
  prev_evidence: string;
  number: number;
  evidence_id: string;
}

export const prNumberGap: ExceptionRule = {
  id: 'pr-number-gap',
  title: 'Gaps in the pull request numbers',
  severity: 'low',
  controls: [AUTOMATED_REVIEW],
  find(db, period) {
    const { from, to } = periodBounds(period);
    // Each merged range is walked along pull_requests' primary key; only the gaps leave SQLite.
    const gaps = db
      .prepare(
        `WITH span AS (
           SELECT provider, repo, min(number) AS lo, max(number) AS hi FROM pull_requests
           WHERE merged_at >= @from AND merged_at < @to GROUP BY provider, repo
         ), numbered AS (
           SELECT p.provider, p.repo, p.number, p.evidence_id,
             lag(p.number) OVER w AS prev, lag(p.evidence_id) OVER w AS prev_evidence
           FROM span s JOIN pull_requests p ON p.provider = s.provider AND p.repo = s.repo AND p.number BETWEEN s.lo AND s.hi
           WINDOW w AS (PARTITION BY p.provider, p.repo ORDER BY p.number)
         )
         SELECT * FROM numbered WHERE prev IS NOT NULL AND number - prev > 1 ORDER BY provider, repo, number`,
      )
      .all({ from, to }) as Gap[];
    const byRepo = new Map<string, Gap[]>();
    for (const gap of gaps) {
      const id = `${gap.provider}:${gap.repo}`;
      const list = byRepo.get(id);
      if (list) list.push(gap);
      else byRepo.set(id, [gap]);
    }
    const findings: Finding[] = [];
    for (const [id, repoGaps] of byRepo) {
      const { provider, repo } = repoGaps[0]!;
      const ranges = repoGaps.map((gap) => [gap.prev + 1, gap.number - 1] as const);
      const missing = ranges.reduce((sum, [lo, hi]) => sum + hi - lo + 1, 0);
      const mark = provider === 'gitlab' ? '!' : '#';
      const why =
        provider === 'gitlab'
          ? 'they may be merge requests closed without merging or missing from the export; confirm'
          : 'they may be issues, which share the numbering, or pull requests missing from the export; confirm';
      const evidence: RecordRef[] = repoGaps
        .slice(0, 10)
        .flatMap((gap) => [prRef(provider, repo, gap.prev, gap.prev_evidence), prRef(provider, repo, gap.number, gap.evidence_id)]);
      findings.push({
        key: id,
        subject: `${provider === 'gitlab' ? 'MR' : 'PR'} numbers of ${repo}`,
        occurredAt: null,
        explanation: `${plural(missing, 'number')} between the first and last ${provider === 'gitlab' ? 'merge request' : 'pull request'} merged in the period are not in the evidence (${mark}${compactRanges(ranges)}): ${why}.`,
        evidence,
      });
    }
    return findings;
  },
};

interface Coverage {
  repo: string;
  provider: string | null;
  first_at: string;
  last_at: string;
  collected_at: string;
  first_key: string;
  first_evidence: string;
  last_key: string;
  last_evidence: string;
}

const COVERAGE_SLACK_MS = 14 * DAY_MS;

export const historyDoesNotCoverPeriod: ExceptionRule = {
  id: 'history-does-not-cover-period',
  title: 'Change history does not cover the whole period',
  severity: 'medium',
  controls: [AUTOMATED_REVIEW, 'CC-PROTECTED-BRANCH'],
  find(db, period) {
    const { fromMs, toMs } = periodBounds(period);
    // First and last record per repository, and when its newest evidence was collected. The per-evidence
    // grouping keeps this one pass; the first/last rows are then fetched by the indexed date columns.
    const git = db
      .prepare(
        `WITH spans AS (
           SELECT c.repo, min(c.committed_at) AS first_at, max(c.committed_at) AS last_at, max(e.collected_at) AS collected_at
           FROM git_commits c JOIN evidence_items e ON e.id = c.evidence_id GROUP BY c.repo
         )
         SELECT s.repo, NULL AS provider, s.first_at, s.last_at, s.collected_at,
           f.sha AS first_key, f.evidence_id AS first_evidence, l.sha AS last_key, l.evidence_id AS last_evidence
         FROM spans s
         JOIN git_commits f ON f.rowid = (SELECT rowid FROM git_commits WHERE committed_at = s.first_at AND repo = s.repo LIMIT 1)
         JOIN git_commits l ON l.rowid = (SELECT rowid FROM git_commits WHERE committed_at = s.last_at AND repo = s.repo LIMIT 1)
         ORDER BY s.repo`,
      )
      .all() as Coverage[];
    const prs = db
      .prepare(
        `WITH spans AS (
           SELECT p.provider, p.repo, min(p.merged_at) AS first_at, max(p.merged_at) AS last_at, max(e.collected_at) AS collected_at
           FROM pull_requests p JOIN evidence_items e ON e.id = p.evidence_id WHERE p.merged_at IS NOT NULL GROUP BY p.provider, p.repo
         )
         SELECT s.repo, s.provider, s.first_at, s.last_at, s.collected_at,
           f.number AS first_key, f.evidence_id AS first_evidence, l.number AS last_key, l.evidence_id AS last_evidence
         FROM spans s
         JOIN pull_requests f ON f.rowid = (SELECT rowid FROM pull_requests WHERE merged_at = s.first_at AND provider = s.provider AND repo = s.repo LIMIT 1)
         JOIN pull_requests l ON l.rowid = (SELECT rowid FROM pull_requests WHERE merged_at = s.last_at AND provider = s.provider AND repo = s.repo LIMIT 1)
         ORDER BY s.provider, s.repo`,
      )
      .all() as Coverage[];

    const findings: Finding[] = [];
    const judge = (row: Coverage, what: { title: string; noun: string; plural: boolean }, refs: [RecordRef, RecordRef], key: string) => {
      const firstMs = Date.parse(row.first_at);
      const lastMs = Date.parse(row.last_at);
      const collectedMs = Date.parse(row.collected_at);
      const collectedEarly = !Number.isNaN(collectedMs) && collectedMs < toMs;
      // Counted to the period's last day (or the day of collection), as a person counts on a calendar.
      const endMs = collectedEarly ? collectedMs : toMs - DAY_MS;
      const lateStart = firstMs - fromMs > COVERAGE_SLACK_MS;
      const earlyEnd = endMs - lastMs > COVERAGE_SLACK_MS;
      if (!lateStart && !earlyEnd) return;
      const [starts, ends] = what.plural ? ['start', 'end'] : ['starts', 'ends'];
      const gaps = [
        lateStart ? `${starts} on ${day(row.first_at)}, ${Math.floor((firstMs - fromMs) / DAY_MS)} days after the period begins on ${period.periodStart}` : null,
        earlyEnd
          ? `${ends} on ${day(row.last_at)}, ${Math.floor((endMs - lastMs) / DAY_MS)} days before ${collectedEarly ? `the evidence was collected on ${day(row.collected_at)}` : `the period ends on ${period.periodEnd}`}`
          : null,
      ].filter(Boolean);
      findings.push({
        key,
        subject: `${what.title} of ${row.repo}`,
        occurredAt: lateStart ? row.first_at : row.last_at,
        explanation: `The ${what.noun} imported for ${row.repo} ${gaps.join(' and ')}: confirm there were no changes then, or import the missing part.`,
        evidence: refs,
      });
    };
    for (const row of git) {
      judge(row, { title: 'Git history', noun: 'Git history', plural: false }, [commitRef(row.repo, row.first_key, row.first_evidence), commitRef(row.repo, row.last_key, row.last_evidence)], `git:${row.repo}`);
    }
    for (const row of prs) {
      const provider = row.provider ?? 'github';
      judge(
        row,
        provider === 'gitlab' ? { title: 'Merge requests', noun: 'merge requests', plural: true } : { title: 'Pull requests', noun: 'pull requests', plural: true },
        [prRef(provider, row.repo, Number(row.first_key), row.first_evidence), prRef(provider, row.repo, Number(row.last_key), row.last_evidence)],
        `prs:${provider}:${row.repo}`,
      );
    }
    return findings;
  },
};

export const populationRules: readonly ExceptionRule[] = [prNumberGap, historyDoesNotCoverPeriod];
