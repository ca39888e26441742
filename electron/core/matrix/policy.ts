import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import canonicalize from 'canonicalize';
import type { ControlFrequency } from '../../../shared/catalog/index.js';
import type { MatrixView, PolicyVersion } from '../../../shared/domain/matrix.js';
import type { Person } from '../../../shared/domain/people.js';
import { frameworkLabels } from '../../../shared/domain/workspace.js';
import type { Actor } from '../workspace/auditChain.js';
import type { Workspace, WorkspaceProfile } from '../workspace/workspace.js';

/** Identifies the matrix a statement was written from, so a stale statement can be noticed. */
export const matrixFingerprint = (matrix: MatrixView): string =>
  createHash('sha256')
    .update(canonicalize({ requirements: matrix.requirements, controls: matrix.controls.map(({ status: _s, statusReason: _r, ...control }) => control) }) ?? '')
    .digest('hex');

const operates: Record<ControlFrequency, string> = {
  'per-change': 'on every change',
  continuous: 'continuously',
  daily: 'daily',
  weekly: 'weekly',
  monthly: 'monthly',
  quarterly: 'quarterly',
  annual: 'once a year',
};

const sentence = (text: string) => (text.endsWith('.') ? text : `${text}.`);

/** Lowercases the first letter to run text on inside a sentence, unless its first word is an acronym or a name ("CI", "IaC", "AWS", "GitHub"). */
const continueSentence = (text: string): string => {
  const firstWord = text.split(/\s/, 1)[0] ?? '';
  return /[A-Z]/.test(firstWord.slice(1)) ? text : `${text.charAt(0).toLowerCase()}${text.slice(1)}`;
};

/**
 * The change-management and segregation-of-duties statement, written from the matrix as it is run,
 * so the policy describes what really happens (auditors test policy against practice).
 */
export const draftPolicy = (profile: WorkspaceProfile, matrix: MatrixView, people: Person[]): string => {
  const nameOf = (id: string | null) => people.find((person) => person.id === id)?.name ?? 'an unnamed person';
  const reviewers = people.filter((person) => person.role === 'external_reviewer');
  const owners = people.filter((person) => person.role === 'owner');
  const controls = new Map(matrix.controls.map((control) => [control.id, control]));
  const activeControls = matrix.controls.filter((control) => !control.notApplicableReason);
  const lines: string[] = [];
  lines.push(`Segregation of duties and change management statement`);
  lines.push(`${profile.organisation} — ${profile.frameworks.map((framework) => frameworkLabels[framework]).join(' and ')}`);
  lines.push('');
  lines.push('1. Purpose and scope');
  lines.push(
    `This statement describes how ${profile.organisation} keeps incompatible duties apart, or compensates where it cannot, for changes to its systems, access, configuration and monitoring. It covers the observation period ${profile.periodStart} to ${profile.periodEnd} (${profile.timeZone}).`,
  );
  lines.push('');
  lines.push('2. The limitation');
  const conflicted = matrix.requirements.filter((requirement) => requirement.holderAId !== null && requirement.holderAId === requirement.holderBId);
  if (conflicted.length > 0) {
    const holders = [...new Set(conflicted.map((requirement) => nameOf(requirement.holderAId)))];
    lines.push(
      `${holders.join(' and ')} ${holders.length === 1 ? 'holds' : 'hold'} both sides of ${conflicted.length} conflicting pair${conflicted.length === 1 ? '' : 's'} of duties: ${conflicted
        .map((requirement) => `${continueSentence(requirement.dutyA)} and ${continueSentence(requirement.dutyB)}`)
        .join('; ')}. These duties cannot be given to different people at the organisation's present size, so the compensating controls below operate instead.`,
    );
  } else {
    lines.push('Each conflicting pair of duties in the matrix is held by different people, or is compensated as described below.');
  }
  lines.push('');
  lines.push('3. How each requirement is met');
  matrix.requirements.forEach((requirement, index) => {
    lines.push(`3.${index + 1} ${requirement.title}`);
    lines.push(`Risk if combined: ${sentence(requirement.riskStatement)}`);
    const linked = requirement.controls.map((link) => controls.get(link.controlId)).filter((control) => control && !control.notApplicableReason);
    if (linked.length === 0) {
      lines.push(
        requirement.coveredByAcceptance
          ? `No compensating control operates; management accepts the risk in ${requirement.coveredByAcceptance}.`
          : 'No compensating control operates yet. This is a gap that management must close or accept in writing.',
      );
    }
    if (linked.length > 0) lines.push(`Compensated by: ${linked.map((control) => control?.title).join('; ')}.`);
    lines.push('');
  });
  lines.push('4. The compensating controls');
  activeControls.forEach((control, index) => {
    const reviewer = !control.reviewerId
      ? ', with no independent reviewer named'
      : control.reviewerId === control.performerId
        ? ', and reviewed by the same person, so with no independent review'
        : `, reviewed independently by ${nameOf(control.reviewerId)}`;
    lines.push(`4.${index + 1} ${control.title}`);
    lines.push(
      `${sentence(control.description)} It operates ${operates[control.frequency]} (${control.nature}, ${control.automation}), performed by ${nameOf(control.performerId)}${reviewer}. Evidence: ${sentence(continueSentence(control.evidenceExpected))}`,
    );
    lines.push('');
  });
  lines.push('5. Independent review');
  lines.push(
    reviewers.length > 0
      ? `${reviewers.map((person) => person.name).join(' and ')} ${reviewers.length === 1 ? 'acts' : 'act'} as independent reviewer: sampling the change, access and monitoring populations, recording findings and following them to closure.`
      : 'No independent reviewer is engaged yet. Until one is, the compensating controls that rely on independent review do not operate.',
  );
  lines.push('');
  lines.push('6. Acceptance of residual risk');
  lines.push(
    `${owners.map((person) => person.name).join(' and ') || 'Management'} accepts the residual risk of the limitation in a signed risk acceptance, countersigned by the independent reviewer and renewed at least every twelve months, or sooner if the conditions it names change (for example, a second engineer is hired).`,
  );
  return lines.join('\n');
};

interface PolicyRow {
  version: number;
  text: string;
  generated: number;
  matrix_fingerprint: string;
  created_at: string;
  created_by_name: string;
}

const toVersion = (row: PolicyRow): PolicyVersion => ({
  version: row.version,
  text: row.text,
  generated: row.generated === 1,
  matrixFingerprint: row.matrix_fingerprint,
  createdAt: row.created_at,
  createdByName: row.created_by_name,
});

export const listPolicyVersions = (db: Database.Database): PolicyVersion[] =>
  (db.prepare('SELECT * FROM policy_versions ORDER BY version DESC').all() as PolicyRow[]).map(toVersion);

export const savePolicyVersion = (workspace: Workspace, actor: Actor, text: string, generated: boolean, fingerprint: string, justification?: string): PolicyVersion =>
  workspace.change(actor, (tx) => {
    const last = tx.db.prepare('SELECT coalesce(max(version), 0) AS v FROM policy_versions').get() as { v: number };
    const version: PolicyVersion = { version: last.v + 1, text, generated, matrixFingerprint: fingerprint, createdAt: tx.now.toISOString(), createdByName: actor.name };
    tx.db
      .prepare('INSERT INTO policy_versions (version, text, generated, matrix_fingerprint, created_at, created_by_id, created_by_name) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(version.version, text, generated ? 1 : 0, fingerprint, version.createdAt, actor.id, actor.name);
    tx.record({ action: 'policy.saved', entityType: 'policy', entityId: `v${version.version}`, before: null, after: version, justification: justification ?? null });
    return version;
  });
