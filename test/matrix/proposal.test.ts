/**
 * The guided builder, as a solo founder on GitHub + GitHub Actions + AWS + Terraform goes through it:
 * answers saved step by step, a proposal with reasons, the proposal accepted, and a matrix an auditor
 * recognises as the classic solo matrix.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sodRequirements } from '../../shared/catalog/index.js';
import type { MatrixControl, MatrixView, ProposedRequirement, ToolingAnswers } from '../../shared/domain/matrix.js';
import type { Person } from '../../shared/domain/people.js';
import {
  CallFailed,
  CLASSIC_SIX,
  addPerson,
  createHarness,
  githubAwsTerraform,
  isOneSentence,
  soloOrganisation,
  type Harness,
} from './harness.js';

let harness: Harness;
let reviewer: Person;

beforeEach(async () => {
  harness = await createHarness();
  reviewer = await addPerson(harness, 'Rita Adeyemi', 'external_reviewer');
});
afterEach(() => harness.dispose());

const runWizard = async (tooling: ToolingAnswers, organisation = soloOrganisation(harness.owner.id)): Promise<ProposedRequirement[]> => {
  await harness.call('matrix.wizard.save', { step: 'organisation', answers: {} });
  await harness.call('matrix.wizard.save', { step: 'tooling', answers: { organisation } });
  await harness.call('matrix.wizard.save', { step: 'proposal', answers: { organisation, tooling } });
  return harness.call('matrix.propose', {});
};

const controlsOf = (matrix: MatrixView, catalogId: string): MatrixControl[] => {
  const requirement = matrix.requirements.find((row) => row.catalogId === catalogId);
  if (!requirement) throw new Error(`${catalogId} is not in the matrix`);
  return requirement.controls.map((link) => {
    const control = matrix.controls.find((candidate) => candidate.id === link.controlId);
    if (!control) throw new Error(`${catalogId} links to a control that is not in the matrix`);
    return control;
  });
};
const catalogIdsOf = (matrix: MatrixView, catalogId: string) => controlsOf(matrix, catalogId).map((control) => control.catalogId);
const controlByCatalogId = (matrix: MatrixView, catalogId: string): MatrixControl => {
  const control = matrix.controls.find((candidate) => candidate.catalogId === catalogId);
  if (!control) throw new Error(`${catalogId} is not in the matrix`);
  return control;
};
const proposedControl = (proposal: ProposedRequirement[], requirementId: string, controlId: string) => {
  const control = proposal.find((row) => row.catalogId === requirementId)?.controls.find((candidate) => candidate.catalogId === controlId);
  if (!control) throw new Error(`${controlId} is not proposed for ${requirementId}`);
  return control;
};

describe('solo founder on GitHub + GitHub Actions + AWS + Terraform', () => {
  it('asks for the answers before proposing anything', async () => {
    const result = await harness.attempt('matrix.propose', {});
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('CONFLICT');
      expect(result.error.message).toMatch(/Organisation and Tooling/);
    }
  });

  it('proposes every catalog requirement, each with a one-sentence reason', async () => {
    const proposal = await runWizard(githubAwsTerraform);
    expect(proposal.map((row) => row.catalogId)).toEqual(sodRequirements.map((requirement) => requirement.id));
    for (const row of proposal) {
      expect(row.include, row.catalogId).toBe(true);
      expect(isOneSentence(row.why), `${row.catalogId}: ${row.why}`).toBe(true);
      expect(row.why, row.catalogId).toContain('Sam Okafor holds both duties');
      for (const control of row.controls) {
        expect(control.include).toBe(true);
        expect(isOneSentence(control.why), `${row.catalogId}/${control.catalogId}: ${control.why}`).toBe(true);
      }
    }
  });

  it('ends, once accepted, with the classic solo matrix: expected controls, criteria and evidence', async () => {
    const proposal = await runWizard(githubAwsTerraform);
    const matrix = await harness.call('matrix.applyProposal', { requirements: proposal });

    // All six rows of the classic solo matrix, each with the controls PRODUCT.md names.
    for (const id of CLASSIC_SIX) expect(matrix.requirements.map((row) => row.catalogId)).toContain(id);
    expect(catalogIdsOf(matrix, 'SOD-CODE-REVIEW')).toEqual(expect.arrayContaining(['CC-AUTOMATED-REVIEW', 'CC-PROTECTED-BRANCH']));
    expect(catalogIdsOf(matrix, 'SOD-DEPLOY-APPROVAL')).toEqual(expect.arrayContaining(['CC-CI-PIPELINE', 'CC-PROTECTED-BRANCH']));
    expect(catalogIdsOf(matrix, 'SOD-ACCESS-CHANGE')).toEqual(expect.arrayContaining(['CC-ACCESS-REVIEW', 'CC-EXTERNAL-REVIEW']));
    expect(catalogIdsOf(matrix, 'SOD-CONFIG-CHANGE')).toContain('CC-IAC-DRIFT');
    expect(catalogIdsOf(matrix, 'SOD-MONITORING-REVIEW')).toEqual(expect.arrayContaining(['CC-CENTRAL-LOGGING', 'CC-EXTERNAL-REVIEW']));
    expect(catalogIdsOf(matrix, 'SOD-INCIDENT-TEST')).toContain('CC-TABLETOP');

    // One control row per catalog control, shared by the requirements it compensates for.
    const catalogIds = matrix.controls.map((control) => control.catalogId);
    expect(new Set(catalogIds).size).toBe(catalogIds.length);
    expect(controlByCatalogId(matrix, 'CC-PROTECTED-BRANCH').requirementIds.length).toBeGreaterThanOrEqual(3);

    // Criteria as an auditor reads them.
    for (const id of ['CC-AUTOMATED-REVIEW', 'CC-PROTECTED-BRANCH', 'CC-CI-PIPELINE']) {
      expect(controlByCatalogId(matrix, id).criteria.soc2, id).toContain('CC8.1');
      expect(controlByCatalogId(matrix, id).criteria.iso27001, id).toContain('A.8.32');
    }
    expect(controlByCatalogId(matrix, 'CC-ACCESS-REVIEW').criteria.soc2).toEqual(expect.arrayContaining(['CC6.2', 'CC6.3']));
    expect(controlByCatalogId(matrix, 'CC-ACCESS-REVIEW').criteria.iso27001).toEqual(expect.arrayContaining(['A.5.15', 'A.5.18', 'A.8.2']));
    expect(controlByCatalogId(matrix, 'CC-CENTRAL-LOGGING').criteria.soc2).toContain('CC7.2');
    expect(controlByCatalogId(matrix, 'CC-CENTRAL-LOGGING').criteria.iso27001).toEqual(expect.arrayContaining(['A.8.15', 'A.8.16']));
    expect(controlByCatalogId(matrix, 'CC-EXTERNAL-REVIEW').criteria.soc2).toEqual(expect.arrayContaining(['CC4.1', 'CC4.2']));
    expect(controlByCatalogId(matrix, 'CC-EXTERNAL-REVIEW').criteria.iso27001).toContain('A.5.35');
    expect(controlByCatalogId(matrix, 'CC-IAC-DRIFT').criteria.iso27001).toContain('A.8.9');
    // Every classic row answers segregation of duties itself: SOC 2 CC5.1 and ISO A.5.3.
    for (const id of CLASSIC_SIX) {
      const criteria = controlsOf(matrix, id).flatMap((control) => [...control.criteria.soc2, ...control.criteria.iso27001]);
      expect(criteria, id).toContain('CC5.1');
      expect(criteria, id).toContain('A.5.3');
    }

    // Evidence filtered to the tools this founder runs.
    const allKinds = matrix.controls.flatMap((control) => control.evidenceKinds);
    expect(allKinds.filter((kind) => kind.startsWith('gitlab-'))).toEqual([]);
    expect(allKinds).not.toContain('k8s-audit');
    expect(controlByCatalogId(matrix, 'CC-AUTOMATED-REVIEW').evidenceKinds).toEqual(expect.arrayContaining(['github-prs', 'sarif']));
    expect(controlByCatalogId(matrix, 'CC-PROTECTED-BRANCH').evidenceKinds).toContain('github-protection');
    expect(controlByCatalogId(matrix, 'CC-CI-PIPELINE').evidenceKinds).toEqual(expect.arrayContaining(['github-runs', 'github-deployments']));
    expect(controlByCatalogId(matrix, 'CC-IAC-DRIFT').evidenceKinds).toEqual(expect.arrayContaining(['terraform-plan', 'cloudtrail']));
    expect(controlByCatalogId(matrix, 'CC-CENTRAL-LOGGING').evidenceKinds).toContain('cloudtrail');
    expect(controlByCatalogId(matrix, 'CC-ACCESS-REVIEW').evidenceKinds).toContain('access-snapshot');

    // Who does what: the founder performs, the external reviewer reviews; the external review is theirs.
    for (const control of matrix.controls) {
      expect(control.ownerId, control.catalogId ?? control.id).toBe(harness.owner.id);
      if (control.catalogId === 'CC-EXTERNAL-REVIEW') {
        expect(control.performerId).toBe(reviewer.id);
        expect(control.reviewerId).toBe(harness.owner.id);
      } else {
        expect(control.performerId, control.catalogId ?? control.id).toBe(harness.owner.id);
        expect(control.reviewerId, control.catalogId ?? control.id).toBe(reviewer.id);
      }
      expect(control.status, `${control.catalogId}: ${control.statusReason}`).not.toBe('flagged');
    }
    // Every link carries its one-sentence reason, and the design has no gaps.
    for (const requirement of matrix.requirements) {
      expect(requirement.controls.length, requirement.catalogId ?? requirement.id).toBeGreaterThan(0);
      for (const link of requirement.controls) expect(isOneSentence(link.rationale), link.rationale).toBe(true);
    }
    expect(matrix.gaps.filter((gap) => gap.severity === 'gap')).toEqual([]);
    expect(matrix.catalogVersion).toBe(matrix.wizard?.catalogVersion);
  });

  it('keeps the matrix in catalog order however the proposal is ordered, and keeps custom rows', async () => {
    const custom = await harness.call('matrix.requirement.add', {
      title: 'Refunds are approved by someone other than the person who issues them',
      dutyA: 'Issue refunds',
      dutyB: 'Approve refunds',
      riskStatement: 'Money leaves the company with nobody else aware of it.',
    });
    const proposal = await runWizard(githubAwsTerraform);
    const matrix = await harness.call('matrix.applyProposal', { requirements: [...proposal].reverse() });
    expect(matrix.requirements.map((row) => row.catalogId)).toEqual([...sodRequirements.map((requirement) => requirement.id), null]);
    expect(matrix.requirements.at(-1)?.id).toBe(custom.id);
  });

  it('applying the proposal again replaces the catalog rows instead of duplicating them', async () => {
    const proposal = await runWizard(githubAwsTerraform);
    const first = await harness.call('matrix.applyProposal', { requirements: proposal });
    const second = await harness.call('matrix.applyProposal', { requirements: proposal });
    expect(second.requirements.length).toBe(first.requirements.length);
    expect(second.controls.length).toBe(first.controls.length);
    const links = (matrix: MatrixView) => matrix.requirements.reduce((sum, row) => sum + row.controls.length, 0);
    expect(links(second)).toBe(links(first));
  });

  it('lets the founder change or drop a proposed row before accepting it', async () => {
    const proposal = await runWizard(githubAwsTerraform);
    const edited = proposal.map((row) =>
      row.catalogId === 'SOD-SECRETS'
        ? { ...row, include: false }
        : row.catalogId === 'SOD-INCIDENT-TEST'
          ? { ...row, controls: row.controls.map((control) => (control.catalogId === 'CC-TABLETOP' ? { ...control, frequency: 'quarterly' as const } : control)) }
          : row.catalogId === 'SOD-ACCESS-CHANGE'
            ? { ...row, controls: row.controls.map((control) => (control.catalogId === 'CC-RISK-ACCEPTANCE' ? { ...control, include: false } : control)) }
            : row,
    );
    const matrix = await harness.call('matrix.applyProposal', { requirements: edited });
    expect(matrix.requirements.map((row) => row.catalogId)).not.toContain('SOD-SECRETS');
    expect(matrix.controls.map((control) => control.catalogId)).not.toContain('CC-SECRETS-MANAGER');
    expect(controlByCatalogId(matrix, 'CC-TABLETOP').frequency).toBe('quarterly');
    expect(catalogIdsOf(matrix, 'SOD-ACCESS-CHANGE')).not.toContain('CC-RISK-ACCEPTANCE');
  });
});

describe('answers that change the proposal', () => {
  it('proposes a requirement held by two different people as not needed, naming them', async () => {
    const engineer = await addPerson(harness, 'Eli Novak', 'engineer');
    const organisation = soloOrganisation(harness.owner.id);
    organisation.headcount = 2;
    organisation.dutyHolders['SOD-CODE-REVIEW'] = { holderAId: engineer.id, holderBId: harness.owner.id };
    const proposal = await runWizard(githubAwsTerraform, organisation);

    const codeReview = proposal.find((row) => row.catalogId === 'SOD-CODE-REVIEW');
    expect(codeReview?.include).toBe(false);
    expect(codeReview?.why).toContain('Eli Novak');
    expect(codeReview?.why).toContain('Sam Okafor');
    expect(isOneSentence(codeReview?.why ?? '')).toBe(true);
    expect(codeReview?.controls.every((control) => !control.include)).toBe(true);
    // The other rows are still compensated.
    expect(proposal.filter((row) => row.catalogId !== 'SOD-CODE-REVIEW').every((row) => row.include)).toBe(true);

    const matrix = await harness.call('matrix.applyProposal', { requirements: proposal });
    expect(matrix.requirements.map((row) => row.catalogId)).not.toContain('SOD-CODE-REVIEW');
    expect(matrix.controls.map((control) => control.catalogId)).not.toContain('CC-AUTOMATED-REVIEW');
  });

  it('refuses duty holders who are not in the workspace', async () => {
    const organisation = soloOrganisation(harness.owner.id);
    organisation.dutyHolders['SOD-CODE-REVIEW'] = { holderAId: 'nobody-by-this-id', holderBId: harness.owner.id };
    const result = await harness.attempt('matrix.wizard.save', { step: 'tooling', answers: { organisation } });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('NOT_FOUND');
  });

  it('without infrastructure as code, compensates configuration changes with central logging', async () => {
    const proposal = await runWizard({ ...githubAwsTerraform, iac: 'none' });
    const config = proposal.find((row) => row.catalogId === 'SOD-CONFIG-CHANGE');
    const ids = config?.controls.map((control) => control.catalogId);
    expect(ids).toContain('CC-CENTRAL-LOGGING');
    expect(ids).not.toContain('CC-IAC-DRIFT');
    const matrix = await harness.call('matrix.applyProposal', { requirements: proposal });
    expect(catalogIdsOf(matrix, 'SOD-CONFIG-CHANGE')).toContain('CC-CENTRAL-LOGGING');
    expect(matrix.controls.map((control) => control.catalogId)).not.toContain('CC-IAC-DRIFT');
  });

  it('on GitLab, expects GitLab evidence instead of GitHub evidence', async () => {
    const proposal = await runWizard({ ...githubAwsTerraform, gitHost: 'gitlab', ci: 'gitlab-ci' });
    const kinds = proposal.flatMap((row) => row.controls.flatMap((control) => control.evidenceKinds));
    expect(kinds.filter((kind) => kind.startsWith('github-'))).toEqual([]);
    expect(proposedControl(proposal, 'SOD-CODE-REVIEW', 'CC-AUTOMATED-REVIEW').evidenceKinds).toContain('gitlab-mrs');
    expect(proposedControl(proposal, 'SOD-DEPLOY-APPROVAL', 'CC-CI-PIPELINE').evidenceKinds).toContain('gitlab-pipelines');
    expect(proposedControl(proposal, 'SOD-CODE-REVIEW', 'CC-PROTECTED-BRANCH').why).toContain('GitLab');
    const matrix = await harness.call('matrix.applyProposal', { requirements: proposal });
    expect(matrix.controls.flatMap((control) => control.evidenceKinds).filter((kind) => kind.startsWith('github-'))).toEqual([]);
  });

  it('without AWS or Terraform, does not expect CloudTrail logs or Terraform plans', async () => {
    const proposal = await runWizard({ ...githubAwsTerraform, cloud: 'gcp', iac: 'other', kubernetes: true });
    const kinds = proposal.flatMap((row) => row.controls.flatMap((control) => control.evidenceKinds));
    expect(kinds).not.toContain('cloudtrail');
    expect(kinds).not.toContain('terraform-plan');
    expect(proposedControl(proposal, 'SOD-MONITORING-REVIEW', 'CC-CENTRAL-LOGGING').evidenceKinds).toContain('k8s-audit');
    expect(proposedControl(proposal, 'SOD-CONFIG-CHANGE', 'CC-IAC-DRIFT').evidenceKinds.length).toBeGreaterThan(0);
  });

  it('gives a one-sentence reason for every row and control, whatever the answers', async () => {
    const variants: ToolingAnswers[] = [
      githubAwsTerraform,
      { ...githubAwsTerraform, gitHost: 'gitlab', ci: 'gitlab-ci', iac: 'none', aiReviewer: false },
      { gitHost: 'other', ci: 'none', cloud: 'none', kubernetes: false, iac: 'other', logging: 'none', aiReviewer: false, externalReviewer: false },
      { ...githubAwsTerraform, cloud: 'azure', logging: 'siem', kubernetes: true, externalReviewer: false },
    ];
    for (const tooling of variants) {
      const proposal = await runWizard(tooling);
      for (const row of proposal) {
        expect(isOneSentence(row.why), row.why).toBe(true);
        for (const control of row.controls) expect(isOneSentence(control.why), `${JSON.stringify(tooling)} ${control.catalogId}: ${control.why}`).toBe(true);
      }
    }
  });

  it('rejects a proposal row that is not in the catalog, changing nothing', async () => {
    const proposal = await runWizard(githubAwsTerraform);
    await harness.call('matrix.applyProposal', { requirements: proposal });
    const before = await harness.call('matrix.get', {});
    const bad = proposal.map((row) =>
      row.catalogId === 'SOD-MONITORING-REVIEW' ? { ...row, controls: [...row.controls, { ...row.controls[0]!, catalogId: 'CC-NOT-A-CONTROL' }] } : row,
    );
    await expect(harness.call('matrix.applyProposal', { requirements: bad })).rejects.toBeInstanceOf(CallFailed);
    expect(await harness.call('matrix.get', {})).toEqual(before);
  });
});
