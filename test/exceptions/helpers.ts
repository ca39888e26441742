/**
 * Fixtures for the exception rules: a temporary workspace (the matrix tests' harness) and a way to put
 * normalised records into it the way the import pipeline does — one change: blob, evidence item,
 * records, refreshExceptions, relinkToMatrix, audit entry — without going through an importer, so each
 * rule is tested on exactly the records it reads.
 */
import { createHash } from 'node:crypto';
import type { EvidenceException } from '../../shared/domain/evidence.js';
import type { EvidenceKind } from '../../shared/domain/evidenceKinds.js';
import { relinkToMatrix } from '../../electron/core/evidence/links.js';
import type {
  ActivityRecord,
  CiRunRecord,
  DeploymentRecord,
  GitCommitRecord,
  NormalisedRecords,
  ProtectionRecord,
  PullRequestRecord,
  ReviewRecord,
} from '../../electron/core/evidence/records.js';
import { writeRecords } from '../../electron/core/evidence/records.js';
import { refreshExceptions, type RefreshOutcome } from '../../electron/core/exceptions/refresh.js';
import type { ExceptionRule, Finding, RulePeriod } from '../../electron/core/exceptions/rule.js';
import { exceptionRules } from '../../electron/core/exceptions/rules/index.js';
import { putBlob } from '../../electron/core/workspace/blobs.js';
import type { Workspace } from '../../electron/core/workspace/workspace.js';
import { createHarness, type Harness } from '../matrix/harness.js';

export const REPO = 'acme/api';
/** When fixture evidence was collected unless a test says otherwise: after the period, so tests do not depend on today's date. */
export const COLLECTED_AT = '2027-01-05T00:00:00Z';

/** The harness profile's period (2026-01-01..2026-12-31, Europe/London). */
export interface RuleFixture {
  harness: Harness;
  workspace: Workspace;
  period: RulePeriod;
  /** Stores the records as one evidence item (collected at COLLECTED_AT unless given) and refreshes the register, as an import does. */
  add(records: NormalisedRecords, options?: { kind?: EvidenceKind; collectedAt?: string }): { evidenceId: string; outcome: RefreshOutcome };
  /** Runs the refresh again with no new records (as the next import would). */
  refresh(): RefreshOutcome;
  /** One rule's findings on the records as they stand. */
  find(ruleId: string): Finding[];
  /** The register, open and resolved. */
  exceptions(): Promise<EvidenceException[]>;
  dispose(): void;
}

const kindFor = (records: NormalisedRecords): EvidenceKind => {
  if (records.gitCommits) return 'git';
  if (records.pullRequests || records.reviews) return 'github-prs';
  if (records.ciRuns) return 'github-runs';
  if (records.deployments) return 'github-deployments';
  return 'github-protection';
};

export const rule = (id: string): ExceptionRule => {
  const found = exceptionRules.find((candidate) => candidate.id === id);
  if (!found) throw new Error(`no rule ${id}`);
  return found;
};

export const createRuleFixture = async (): Promise<RuleFixture> => {
  const harness = await createHarness();
  const workspace = (): Workspace => {
    const open = harness.ctx.session.workspace;
    if (!open) throw new Error('no workspace is open');
    return open;
  };
  const actor = () => ({ id: harness.owner.id, name: harness.owner.name });
  const profile = () => workspace().profile();
  let sequence = 0;

  return {
    harness,
    get workspace() {
      return workspace();
    },
    get period() {
      const { periodStart, periodEnd, timeZone } = profile();
      return { periodStart, periodEnd, timeZone };
    },
    add(records, options = {}) {
      const kind = options.kind ?? kindFor(records);
      return workspace().change(actor(), (tx) => {
        sequence += 1;
        const bytes = new TextEncoder().encode(`${sequence}\n${JSON.stringify(records)}`);
        const blob = putBlob(tx.db, bytes, tx.now);
        const evidenceId = `EV-${String(sequence).padStart(4, '0')}`;
        tx.db
          .prepare(
            `INSERT INTO evidence_items (id, title, kind, file_name, media_type, size, sha256, source_system, collection_method, filters, collected_at,
               period_start, period_end, imported_at, imported_by_id, imported_by_name, importer_version, record_count, records_by_type)
             VALUES (?, ?, ?, ?, 'application/json', ?, ?, 'test', 'fixture', NULL, ?, NULL, NULL, ?, ?, ?, 'test', 0, '{}')`,
          )
          .run(evidenceId, `fixture ${sequence}`, kind, `fixture-${sequence}.json`, blob.size, blob.sha256, options.collectedAt ?? COLLECTED_AT, tx.now.toISOString(), actor().id, actor().name);
        const counts = writeRecords(tx.db, evidenceId, records);
        tx.db.prepare('UPDATE evidence_items SET records_by_type = ? WHERE id = ?').run(JSON.stringify(counts), evidenceId);
        const outcome = refreshExceptions(tx.db, profile(), tx.now);
        relinkToMatrix(tx.db);
        tx.record({ action: 'evidence.imported', entityType: 'evidence', entityId: evidenceId, before: null, after: { kind, counts } });
        return { evidenceId, outcome };
      });
    },
    refresh() {
      return workspace().change(actor(), (tx) => {
        const outcome = refreshExceptions(tx.db, profile(), tx.now);
        relinkToMatrix(tx.db);
        tx.record({ action: 'exceptions.refreshed', entityType: 'exceptions', entityId: 'test', before: null, after: outcome });
        return outcome;
      });
    },
    find(ruleId) {
      const { periodStart, periodEnd, timeZone } = profile();
      return rule(ruleId).find(workspace().db, { periodStart, periodEnd, timeZone });
    },
    async exceptions() {
      return (await harness.call('exceptions.list', { offset: 0, limit: 1000, includeResolved: true })).items;
    },
    dispose() {
      harness.dispose();
    },
  };
};

// --- Record builders: the tidy case, overridable field by field ----------------------------------

/** A stable, distinct 40-hex sha for a name. */
export const sha = (seed: string): string => createHash('sha1').update(seed).digest('hex');

export const pr = (number: number, fields: Partial<PullRequestRecord> = {}): PullRequestRecord => ({
  provider: 'github',
  repo: REPO,
  number,
  title: `Change ${number}`,
  author: 'sam',
  authorIsBot: false,
  createdAt: '2026-03-01T09:00:00Z',
  mergedAt: '2026-03-02T10:00:00Z',
  mergedBy: 'sam',
  baseBranch: 'main',
  headSha: sha(`head-${number}`),
  mergeCommitSha: sha(`merge-${number}`),
  url: `https://github.com/${REPO}/pull/${number}`,
  state: 'MERGED',
  ...fields,
});

let reviewCounter = 0;
export const review = (prNumber: number, fields: Partial<ReviewRecord> = {}): ReviewRecord => ({
  provider: 'github',
  repo: REPO,
  prNumber,
  reviewId: `R${++reviewCounter}`,
  reviewer: 'dana',
  reviewerIsBot: false,
  state: 'APPROVED',
  submittedAt: '2026-03-02T09:00:00Z',
  commitSha: sha(`head-${prNumber}`),
  ...fields,
});

export const commit = (seed: string, fields: Partial<GitCommitRecord> = {}): GitCommitRecord => ({
  repo: REPO,
  branch: 'main',
  sha: sha(seed),
  parents: [sha(`${seed}-parent`)],
  authorName: 'Sam Okafor',
  authorEmail: 'sam@sololabs.example',
  authoredAt: '2026-03-02T10:00:00Z',
  committerName: 'Sam Okafor',
  committerEmail: 'sam@sololabs.example',
  committedAt: '2026-03-02T10:00:00Z',
  subject: `Commit ${seed}`,
  signature: 'N',
  arrival: 'direct-push',
  prNumber: null,
  ...fields,
});

let runCounter = 0;
export const run = (headSha: string, fields: Partial<CiRunRecord> = {}): CiRunRecord => ({
  provider: 'github',
  repo: REPO,
  runId: String(++runCounter),
  workflow: 'CI',
  headSha,
  branch: 'main',
  event: 'pull_request',
  status: 'completed',
  conclusion: 'success',
  startedAt: '2026-03-02T09:30:00Z',
  completedAt: '2026-03-02T09:40:00Z',
  url: null,
  ...fields,
});

export const deployment = (id: string, deployedSha: string, fields: Partial<DeploymentRecord> = {}): DeploymentRecord => ({
  provider: 'github',
  repo: REPO,
  deploymentId: id,
  sha: deployedSha,
  ref: 'main',
  environment: 'production',
  creator: 'sam',
  createdAt: '2026-03-02T11:00:00Z',
  latestState: 'success',
  latestStateAt: '2026-03-02T11:05:00Z',
  ...fields,
});

/** A well-protected default branch: one review, checks, no force push or deletion, admins included. */
export const protection = (fields: Partial<ProtectionRecord> = {}): ProtectionRecord => ({
  provider: 'github',
  repo: REPO,
  source: 'classic-protection',
  target: 'main',
  active: true,
  requiredApprovals: 1,
  adminsCanBypass: false,
  bypassActors: [],
  forcePushAllowed: false,
  deletionAllowed: false,
  requiredChecks: ['ci / test'],
  authorCanApprove: null,
  observedAt: '2026-06-01T00:00:00Z',
  detail: {},
  ...fields,
});

let activityCounter = 0;
export const activity = (type: string, fields: Partial<ActivityRecord> = {}): ActivityRecord => ({
  provider: 'github',
  repo: REPO,
  activityId: String(++activityCounter),
  activityType: type,
  ref: 'refs/heads/main',
  actor: 'sam',
  beforeSha: sha(`before-${activityCounter}`),
  afterSha: sha(`after-${activityCounter}`),
  at: '2026-03-03T12:00:00Z',
  ...fields,
});
