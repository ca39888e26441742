import { existsSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EvidenceKind } from '../../../shared/domain/evidenceKinds.js';
import { importEvidence } from '../evidence/importEvidence.js';
import { demoChangeExports } from './demoEvidence.js';
import { CoreError } from '../errors.js';
import { listPeople, addPerson, updatePerson } from '../people/people.js';
import { applyProposal, readMatrix, saveWizard } from '../matrix/matrix.js';
import { draftPolicy, matrixFingerprint, savePolicyVersion } from '../matrix/policy.js';
import { proposeMatrix, soloTemplateAnswers } from '../matrix/propose.js';
import { Workspace } from '../workspace/workspace.js';

/**
 * The demo workspace: a solo founder's first year of SOC 2 and ISO 27001 preparation, so a newcomer
 * sees a populated product. Each capability adds its part here as it lands.
 */
export const demoProfile = {
  organisation: 'Brightline Analytics Ltd',
  frameworks: ['soc2', 'iso27001'] as ('soc2' | 'iso27001')[],
  periodStart: '2026-01-01',
  periodEnd: '2026-12-31',
  timeZone: 'Europe/London',
};

/** A clock that steps through the demo's history so entries carry believable dates. */
const steppingClock = (startIso: string, stepMinutes: number) => {
  let next = new Date(startIso).getTime();
  return {
    now: () => {
      const at = new Date(next);
      next += stepMinutes * 60_000;
      return at;
    },
    jumpTo: (iso: string) => {
      next = new Date(iso).getTime();
    },
  };
};

const noProgress = { signal: new AbortController().signal, progress: () => undefined };

/** Late in the period the founder exports a year of GitHub evidence and imports it, as a person would. */
const importDemoEvidence = async (workspace: Workspace, founder: { id: string; name: string }): Promise<void> => {
  const exports = demoChangeExports();
  const folder = mkdtempSync(join(tmpdir(), 'countersign-demo-'));
  try {
    const files: { kind: EvidenceKind; name: string; title: string; content: unknown }[] = [
      { kind: 'github-protection', name: 'main-protection.json', title: 'Branch protection of main (brightline/analytics-api)', content: exports.protection },
      { kind: 'github-prs', name: 'merged-prs-2026.json', title: 'Merged pull requests 2026 (brightline/analytics-api)', content: exports.pullRequests },
      { kind: 'github-runs', name: 'ci-runs-2026.json', title: 'CI runs 2026 (brightline/analytics-api)', content: exports.runs },
      { kind: 'github-deployments', name: 'deployments-2026.json', title: 'Production deployments 2026', content: exports.deployments },
    ];
    for (const file of files) {
      const path = join(folder, file.name);
      writeFileSync(path, JSON.stringify(file.content, null, 2));
      await importEvidence(workspace, founder, { kind: file.kind, path, title: file.title }, noProgress);
    }
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
};

export const writeDemoWorkspace = async (path: string, options: { replace?: boolean } = {}): Promise<void> => {
  if (existsSync(path) && !options.replace) throw new CoreError('ALREADY_EXISTS', `${path} already exists`);
  const temp = `${path}.writing-${process.pid}`;
  for (const suffix of ['', '-wal', '-shm', '.lock']) rmSync(`${temp}${suffix}`, { force: true });

  const clock = steppingClock('2026-01-05T09:12:00Z', 47);
  const { workspace, owner } = Workspace.create(
    temp,
    demoProfile,
    { name: 'Maya Chen', email: 'maya@brightline.example' },
    { isDemo: true, now: clock.now },
  );
  try {
    const founder = { id: owner.id, name: owner.name };
    addPerson(workspace, founder, {
      name: 'Priya Raman',
      email: 'priya@ashgrove-security.example',
      role: 'external_reviewer',
      justification: 'Fractional CISO engaged for quarterly independent review (engagement letter signed 2026-01-04)',
    });
    const contractor = addPerson(workspace, founder, {
      name: 'Leo Martins',
      email: 'leo@contractor.example',
      role: 'engineer',
      justification: 'Contract engineer for the data pipeline, January to March',
    });
    addPerson(workspace, founder, {
      name: 'Hannah Keller',
      email: 'hkeller@kellerward-cpa.example',
      role: 'auditor',
      justification: 'SOC 2 Type II auditor named in the engagement letter',
    });
    updatePerson(workspace, founder, {
      id: contractor.id,
      email: 'leo.martins@contractor.example',
      justification: 'Contractor changed email address',
    });
    buildDemoMatrix(workspace, founder);
    clock.jumpTo('2026-11-16T10:05:00Z');
    await importDemoEvidence(workspace, founder);
  } finally {
    workspace.close();
  }
  for (const suffix of ['-wal', '-shm', '.lock']) rmSync(`${path}${suffix}`, { force: true });
  renameSync(temp, path);
};

/** The founder goes through the guided builder as a newcomer would and saves the policy it writes. */
const buildDemoMatrix = (workspace: Workspace, founder: { id: string; name: string }): void => {
  const people = listPeople(workspace.db);
  const { organisation, tooling } = soloTemplateAnswers(people, demoProfile.frameworks);
  // The contractor writes code for the data pipeline but the founder still reviews and merges alone.
  saveWizard(workspace, founder, 'tooling', { organisation });
  saveWizard(workspace, founder, 'proposal', { organisation, tooling });
  applyProposal(workspace, founder, proposeMatrix(organisation, tooling, people));
  saveWizard(workspace, founder, 'done', { organisation, tooling });
  const matrix = readMatrix(workspace.db);
  savePolicyVersion(workspace, founder, draftPolicy(workspace.profile(), matrix, people), true, matrixFingerprint(matrix), 'First statement generated from the matrix');
};
