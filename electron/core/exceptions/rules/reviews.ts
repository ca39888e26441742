/**
 * Who approved each merged pull request (GitHub) or merge request (GitLab) in the period, and when.
 *
 * The period: a PR is judged when its merged_at falls inside the observation period, taken in the
 * workspace's time zone (see periodBounds).
 *
 * An approval is a review in state APPROVED that the same reviewer did not later overturn with
 * CHANGES_REQUESTED (a dismissed approval is stored as DISMISSED and is no approval). Approvals are
 * sorted into three kinds: by the author, by a bot account, by a human other than the author. Only
 * the last is an independent approval.
 *
 * Every merged PR without an independent human approval is reported once, by exactly one of these
 * rules, the first that applies:
 *   bot-approval-only   a bot approved it and the matrix names the automated review control;
 *   self-merge          its author merged it (the explanation says whether the author also approved);
 *   self-approval-only  someone else merged it and the only approvals are the author's;
 *   unreviewed-merge    someone else (or nobody recorded) merged it and no approval counts.
 * One PR is one deviation in the auditor's count, so the rules do not overlap: a PR merged and
 * approved by its author is a self-merge whose explanation names the self-approval.
 *
 * The bot decision: an AI or bot reviewer is the automated review control's evidence, never an
 * independent human approval. Where the matrix names CC-AUTOMATED-REVIEW, a PR approved only by a bot
 * is reported as the low-severity bot-approval-only, which is linked to no control: it records that
 * the PR relied on the automated review (so the register and its explanation show it as such), but it
 * is that control operating as designed, so it must not flag the control whose evidence it is. Where
 * the matrix does not name that control, a bot's approval counts for nothing and the PR is reported
 * as self-merge or unreviewed-merge, with the explanation naming the bot.
 *
 * Two rules look at the timing and the commit of the approvals that do count (anyone but the author):
 *   approval-after-merge  every such approval is dated after the merge (all dated);
 *   stale-approval        every such approval was given on a commit other than the head merged
 *                         (only where the head and every approval's commit are known).
 */
import type Database from 'better-sqlite3';
import type { RecordRef } from '../../../../shared/domain/evidence.js';
import type { ExceptionRule, Finding, RulePeriod } from '../rule.js';
import { AUTOMATED_REVIEW, day, matrixHasAutomatedReview, periodBounds, prKey, prNoun, prRef, prSubject, reviewRef, sentence, shortSha } from './common.js';

interface PrApprovals {
  provider: string;
  repo: string;
  number: number;
  author: string;
  merged_by: string | null;
  merged_at: string;
  head_sha: string | null;
  evidence_id: string;
  /** Approvals by the author, by humans other than the author, by bots other than the author. */
  by_author: number;
  by_human: number;
  by_bot: number;
  bots: string | null;
  /** [review_id, evidence_id] of the approvals considered, as JSON. */
  approval_ids: string;
  approval_family: string | null;
  after_merge: number;
  stale: number;
}

const MINE = 'lower(r.reviewer) = lower(p.author)';
/** Approvals by anyone but the author: the ones that can count. NULL (not counted) where the PR has none. */
const COUNTED = `NOT (${MINE})`;

/**
 * One pass over the period's merged PRs, joined to their approvals by pr_reviews' primary key, keeping
 * only the PRs some rule of this file reports. Grouping by the merged_at index's own order (merged_at,
 * rowid) spares SQLite a sort.
 */
const APPROVALS_SQL = `
  WITH facts AS (
    SELECT p.provider, p.repo, p.number, p.author, p.merged_by, p.merged_at, p.head_sha, p.evidence_id,
      count(r.review_id) AS approvals,
      coalesce(sum(${MINE}), 0) AS by_author,
      coalesce(sum(${COUNTED} AND r.reviewer_is_bot = 0), 0) AS by_human,
      coalesce(sum(${COUNTED} AND r.reviewer_is_bot <> 0), 0) AS by_bot,
      coalesce(sum(${COUNTED} AND r.submitted_at IS NOT NULL AND julianday(r.submitted_at) <= julianday(p.merged_at)), 0) AS counted_before,
      coalesce(sum(${COUNTED} AND r.submitted_at IS NULL), 0) AS counted_undated,
      coalesce(sum(${COUNTED} AND r.commit_sha IS NOT NULL), 0) AS counted_with_sha,
      coalesce(sum(${COUNTED} AND r.commit_sha = p.head_sha), 0) AS counted_on_head,
      group_concat(DISTINCT CASE WHEN ${COUNTED} AND r.reviewer_is_bot <> 0 THEN r.reviewer END) AS bots,
      json_group_array(json_array(r.review_id, r.evidence_id)) AS approval_ids
    FROM pull_requests p
    LEFT JOIN pr_reviews r ON r.provider = p.provider AND r.repo = p.repo AND r.pr_number = p.number AND r.state = 'APPROVED'
      AND NOT EXISTS (
        SELECT 1 FROM pr_reviews later
        WHERE later.provider = r.provider AND later.repo = r.repo AND later.pr_number = r.pr_number
          AND later.state = 'CHANGES_REQUESTED' AND lower(later.reviewer) = lower(r.reviewer)
          AND julianday(later.submitted_at) > julianday(r.submitted_at))
    WHERE p.merged_at >= @from AND p.merged_at < @to
    GROUP BY p.merged_at, p.rowid
  ), judged AS (
    SELECT *,
      CASE
        WHEN by_human > 0 THEN NULL
        WHEN by_bot > 0 AND @automated = 1 THEN 'bot-approval-only'
        WHEN merged_by IS NOT NULL AND lower(merged_by) = lower(author) THEN 'self-merge'
        WHEN by_author > 0 THEN 'self-approval-only'
        ELSE 'unreviewed-merge'
      END AS approval_family,
      (by_human + by_bot > 0 AND counted_before = 0 AND counted_undated = 0) AS after_merge,
      (head_sha IS NOT NULL AND by_human + by_bot > 0 AND counted_with_sha = by_human + by_bot AND counted_on_head = 0) AS stale
    FROM facts
  )
  SELECT provider, repo, number, author, merged_by, merged_at, head_sha, evidence_id, by_author, by_human, by_bot, bots, approval_ids,
    approval_family, after_merge, stale
  FROM judged WHERE approval_family IS NOT NULL OR after_merge OR stale
  ORDER BY merged_at, provider, repo, number`;

/**
 * What changes whenever PR or review records do, read from the ends of the rowid indexes: records are
 * only added or replaced (writeRecords), an added row raises the highest rowid, and a replaced row
 * either gets a higher rowid or, if it was the newest, keeps it with new contents (evidence item first).
 */
const RECORDS_STATE = `
  SELECT (SELECT coalesce(max(rowid), 0) || ':' || count(*) FROM pull_requests) || '|' ||
    coalesce((SELECT json_array(evidence_id, author, merged_by, merged_at, head_sha) FROM pull_requests ORDER BY rowid DESC LIMIT 1), '') || '|' ||
    (SELECT coalesce(max(rowid), 0) || ':' || count(*) FROM pr_reviews) || '|' ||
    coalesce((SELECT json_array(evidence_id, reviewer, reviewer_is_bot, state, submitted_at, commit_sha) FROM pr_reviews ORDER BY rowid DESC LIMIT 1), '')`;

/**
 * The six rules of this file read the same pass, so it is computed once per refresh: refreshExceptions
 * hands every rule the same period object and writes no records while they run, so the result is kept
 * for that period object only. As a guard against a caller that reuses the object, it is also dropped
 * when the records change (RECORDS_STATE) or the matrix's automated review control does, and at the
 * next turn of the event loop in any case.
 */
let memo: { db: Database.Database; period: RulePeriod; key: string; rows: PrApprovals[] } | null = null;

const reviewedPrs = (db: Database.Database, period: RulePeriod): PrApprovals[] => {
  const { from, to } = periodBounds(period);
  const automated = matrixHasAutomatedReview(db);
  const state = db.prepare(RECORDS_STATE).pluck().get() as string;
  const key = `${from}|${to}|${automated}|${state}`;
  if (memo && memo.db === db && memo.period === period && memo.key === key) return memo.rows;
  const rows = db.prepare(APPROVALS_SQL).all({ from, to, automated: automated ? 1 : 0 }) as PrApprovals[];
  for (const row of rows) if (row.bots) row.bots = row.bots.split(',').join(', ');
  memo = { db, period, key, rows };
  setImmediate(() => {
    if (memo?.rows === rows) memo = null;
  });
  return rows;
};

const findPrs = (db: Database.Database, period: RulePeriod, keep: (row: PrApprovals) => boolean): PrApprovals[] => reviewedPrs(db, period).filter(keep);

const evidenceOf = (row: PrApprovals): RecordRef[] => [
  prRef(row.provider, row.repo, row.number, row.evidence_id),
  ...(JSON.parse(row.approval_ids) as [string | null, string | null][])
    .filter((pair): pair is [string, string] => pair[0] !== null && pair[1] !== null)
    .map(([reviewId, evidenceId]) => reviewRef(row.provider, row.repo, row.number, reviewId, evidenceId)),
];

const prFinding = (row: PrApprovals, explanation: string, evidence: RecordRef[]): Finding => ({
  key: `${row.provider}:${prKey(row.provider, row.repo, row.number)}`,
  subject: prSubject(row.provider, row.repo, row.number),
  occurredAt: row.merged_at,
  explanation,
  evidence,
});

/** "; the approval by renovate[bot] is a bot's, ..." where a bot approved and the matrix gives that no weight. */
const botNote = (row: PrApprovals): string =>
  row.by_bot > 0 ? `; the approval by ${row.bots ?? 'a bot'} is a bot's, not an independent person's, and the matrix names no automated review control` : '';

const CHANGE_CONTROLS = [AUTOMATED_REVIEW, 'CC-PROTECTED-BRANCH'] as const;

export const selfMerge: ExceptionRule = {
  id: 'self-merge',
  title: 'Merged by its own author without independent approval',
  severity: 'high',
  controls: CHANGE_CONTROLS,
  find(db, period) {
    return findPrs(db, period, (row) => row.approval_family === 'self-merge').map((row) => {
      const approval = row.by_author > 0 ? 'the only approval was their own' : row.by_bot > 0 ? 'no other person approved it' : 'nobody approved it';
      return prFinding(row, sentence(`${prNoun(row.provider, row.number)} was merged by its own author, ${row.author}, on ${day(row.merged_at)} and ${approval}${botNote(row)}.`), evidenceOf(row));
    });
  },
};

export const selfApprovalOnly: ExceptionRule = {
  id: 'self-approval-only',
  title: 'Approved only by its own author',
  severity: 'high',
  controls: CHANGE_CONTROLS,
  find(db, period) {
    return findPrs(db, period, (row) => row.approval_family === 'self-approval-only').map((row) => {
      const merger = row.merged_by ? `by ${row.merged_by}` : '(the export does not say by whom)';
      return prFinding(
        row,
        sentence(`${prNoun(row.provider, row.number)} was merged ${merger} on ${day(row.merged_at)}, but its only approval was by its own author, ${row.author}${botNote(row)}.`),
        evidenceOf(row),
      );
    });
  },
};

export const unreviewedMerge: ExceptionRule = {
  id: 'unreviewed-merge',
  title: 'Merged with no approval',
  severity: 'high',
  controls: CHANGE_CONTROLS,
  find(db, period) {
    return findPrs(db, period, (row) => row.approval_family === 'unreviewed-merge').map((row) => {
      const merger = row.merged_by ? `by ${row.merged_by}` : '(the export does not say by whom)';
      const none = row.by_bot > 0 ? 'no person approved it' : 'nobody approved it';
      return prFinding(row, sentence(`${prNoun(row.provider, row.number)} by ${row.author} was merged ${merger} on ${day(row.merged_at)} and ${none}${botNote(row)}.`), evidenceOf(row));
    });
  },
};

export const botApprovalOnly: ExceptionRule = {
  id: 'bot-approval-only',
  title: 'Approved by the automated reviewer only',
  severity: 'low',
  // Deliberately none: this is the automated review control's evidence, not a failure of it (see the top of this file).
  controls: [],
  find(db, period) {
    return findPrs(db, period, (row) => row.approval_family === 'bot-approval-only').map((row) => {
      const own = row.by_author > 0 ? " (the author's own approval does not count)" : '';
      return prFinding(
        row,
        sentence(
          `${prNoun(row.provider, row.number)} by ${row.author} was approved by the automated reviewer ${row.bots ?? ''} only${own}; this counts as the automated review, not an independent human approval.`,
        ),
        evidenceOf(row),
      );
    });
  },
};

export const approvalAfterMerge: ExceptionRule = {
  id: 'approval-after-merge',
  title: 'Approved only after it was merged',
  severity: 'high',
  controls: CHANGE_CONTROLS,
  find(db, period) {
    return findPrs(db, period, (row) => row.after_merge === 1).map((row) =>
      prFinding(
        row,
        sentence(
          `${prNoun(row.provider, row.number)} was merged on ${day(row.merged_at)} before anyone approved it: ${row.by_human + row.by_bot === 1 ? 'its approval is' : 'every approval is'} dated after the merge.`,
        ),
        evidenceOf(row),
      ),
    );
  },
};

export const staleApproval: ExceptionRule = {
  id: 'stale-approval',
  title: 'Approval given on an older commit than the one merged',
  severity: 'medium',
  controls: CHANGE_CONTROLS,
  find(db, period) {
    return findPrs(db, period, (row) => row.stale === 1).map((row) =>
      prFinding(
        row,
        sentence(
          `${prNoun(row.provider, row.number)} was approved on an earlier version of the code than the one merged (${shortSha(row.head_sha)} on ${day(row.merged_at)}), so nobody approved the final change.`,
        ),
        evidenceOf(row),
      ),
    );
  },
};

export const reviewRules: readonly ExceptionRule[] = [selfMerge, selfApprovalOnly, unreviewedMerge, approvalAfterMerge, staleApproval, botApprovalOnly];
