/**
 * The control catalog is data an auditor reads through the matrix: every id must be unique, every
 * mapping must resolve to a real criterion, every evidence kind must be one the CLI can import, and
 * the proposal engine must never suggest a control the catalog does not hold.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  CATALOG_VERSION,
  compensatingControls,
  controlAutomations,
  controlFrequencies,
  controlNatures,
  criterionKey,
  findCatalogControl,
  findCatalogRequirement,
  findCriterion,
  frameworkCriteria,
  riskKinds,
  sodRequirements,
} from '../../shared/catalog/index.js';
import { EvidenceKind, evidenceKindLabels, evidenceKinds } from '../../shared/domain/evidenceKinds.js';
import { ToolingAnswers, type OrganisationAnswers } from '../../shared/domain/matrix.js';
import { frameworks } from '../../shared/domain/workspace.js';
import type { Person } from '../../shared/domain/people.js';
import { proposeMatrix } from '../../electron/core/matrix/propose.js';

const duplicates = (values: readonly string[]): string[] => values.filter((value, index) => values.indexOf(value) !== index);

/** The requirements and controls issue 3 asks the catalog to hold at least. */
const REQUIRED_REQUIREMENTS = {
  'SOD-CODE-REVIEW': 'code written by one person and reviewed by another',
  'SOD-DEPLOY-APPROVAL': 'deployment approved by someone other than the developer',
  'SOD-ACCESS-CHANGE': 'access changes reviewed by a manager',
  'SOD-CONFIG-CHANGE': 'configuration changes authorised by an admin',
  'SOD-MONITORING-REVIEW': 'monitoring reviewed by a security team',
  'SOD-INCIDENT-TEST': 'incident response tested by an independent party',
  'SOD-ACCESS-PROVISIONING': 'access provisioning vs access review',
  'SOD-LOG-ADMIN': 'log administration vs log review',
  'SOD-SECRETS': 'secrets administration vs use',
};
const REQUIRED_CONTROLS = [
  'CC-AUTOMATED-REVIEW',
  'CC-PROTECTED-BRANCH',
  'CC-CI-PIPELINE',
  'CC-IAC-DRIFT',
  'CC-CENTRAL-LOGGING',
  'CC-EXTERNAL-REVIEW',
  'CC-ACCESS-REVIEW',
  'CC-TABLETOP',
  'CC-SECRETS-MANAGER',
  'CC-RISK-ACCEPTANCE',
];
const REQUIRED_SOC2 = ['CC4.1', 'CC4.2', 'CC5.1', 'CC6.1', 'CC6.2', 'CC6.3', 'CC7.2', 'CC8.1'];
const REQUIRED_ISO = ['A.5.3', 'A.5.15', 'A.5.18', 'A.5.35', 'A.8.2', 'A.8.9', 'A.8.15', 'A.8.16', 'A.8.25', 'A.8.32'];

describe('catalog identity', () => {
  it('carries a version a workspace can record', () => {
    expect(CATALOG_VERSION).toMatch(/^\d{4}\.\d+$/);
  });

  it('gives every requirement, control and criterion a unique id', () => {
    expect(duplicates(sodRequirements.map((requirement) => requirement.id))).toEqual([]);
    expect(duplicates(compensatingControls.map((control) => control.id))).toEqual([]);
    expect(duplicates(frameworkCriteria.map(criterionKey))).toEqual([]);
    // A requirement and a control never share an id either: the CSV and the CLI print both in one column family.
    expect(duplicates([...sodRequirements.map((r) => r.id), ...compensatingControls.map((c) => c.id)])).toEqual([]);
  });

  it('finds every entry by its id', () => {
    for (const requirement of sodRequirements) expect(findCatalogRequirement(requirement.id)).toBe(requirement);
    for (const control of compensatingControls) expect(findCatalogControl(control.id)).toBe(control);
    for (const criterion of frameworkCriteria) expect(findCriterion(criterion.framework, criterion.id)).toBe(criterion);
    expect(findCatalogControl('CC-NOT-IN-CATALOG')).toBeUndefined();
  });

  it('gives every criterion a framework, an id in the auditors’ spelling and a title', () => {
    for (const criterion of frameworkCriteria) {
      expect(frameworks).toContain(criterion.framework);
      expect(criterion.id).toMatch(criterion.framework === 'soc2' ? /^CC\d\.\d+$/ : /^(A\.[5-8]\.\d+|\d+\.\d+(\.\d+)?)$/);
      expect(criterion.title.trim().length).toBeGreaterThan(0);
    }
  });
});

describe('requirements', () => {
  it('covers at least the nine requirements of issue 3, six of them the classic solo rows', () => {
    for (const id of Object.keys(REQUIRED_REQUIREMENTS)) expect(findCatalogRequirement(id), id).toBeDefined();
    expect(sodRequirements.filter((requirement) => requirement.classicSolo).map((requirement) => requirement.id)).toEqual([
      'SOD-CODE-REVIEW',
      'SOD-DEPLOY-APPROVAL',
      'SOD-ACCESS-CHANGE',
      'SOD-CONFIG-CHANGE',
      'SOD-MONITORING-REVIEW',
      'SOD-INCIDENT-TEST',
    ]);
  });

  it('names two different conflicting duties, the risks if combined and a one-sentence risk statement', () => {
    for (const requirement of sodRequirements) {
      const [dutyA, dutyB] = requirement.conflictingDuties;
      expect(dutyA.trim(), requirement.id).not.toBe('');
      expect(dutyB.trim(), requirement.id).not.toBe('');
      expect(dutyA.toLowerCase(), requirement.id).not.toBe(dutyB.toLowerCase());
      expect(requirement.risks.length, requirement.id).toBeGreaterThan(0);
      for (const risk of requirement.risks) expect(riskKinds).toContain(risk);
      expect(requirement.riskStatement, requirement.id).toMatch(/^[A-Z].+\.$/);
    }
  });
});

describe('controls', () => {
  it('covers at least the ten controls of issue 3', () => {
    for (const id of REQUIRED_CONTROLS) expect(findCatalogControl(id), id).toBeDefined();
  });

  it('describes each control with a nature, automation, frequency, evidence and expected evidence', () => {
    for (const control of compensatingControls) {
      expect(controlNatures, control.id).toContain(control.nature);
      expect(controlAutomations, control.id).toContain(control.automation);
      expect(controlFrequencies, control.id).toContain(control.frequency);
      expect(control.title.trim(), control.id).not.toBe('');
      expect(control.description.trim(), control.id).not.toBe('');
      expect(control.evidenceExpected.trim(), control.id).not.toBe('');
      expect(control.evidenceKinds.length, `${control.id} names an evidence source`).toBeGreaterThan(0);
      expect(duplicates(control.evidenceKinds), control.id).toEqual([]);
    }
  });

  it('names only evidence kinds the CLI can import (or documents)', () => {
    for (const control of compensatingControls) {
      for (const kind of control.evidenceKinds) {
        expect(EvidenceKind.safeParse(kind).success, `${control.id}: ${kind}`).toBe(true);
        expect(evidenceKindLabels[kind], `${control.id}: ${kind} has a label`).toBeTruthy();
      }
    }
    // The import kinds of the CLI contract (DESIGN.md) plus documents, no more, no fewer.
    expect([...evidenceKinds].sort()).toEqual(
      [
        'git',
        'github-prs',
        'github-protection',
        'github-runs',
        'github-deployments',
        'gitlab-mrs',
        'gitlab-pipelines',
        'junit',
        'sarif',
        'cloudtrail',
        'k8s-audit',
        'authlog',
        'terraform-plan',
        'access-snapshot',
        'document',
      ].sort(),
    );
  });

  it('maps every control to criteria that exist for its framework, in both frameworks', () => {
    for (const control of compensatingControls) {
      for (const framework of frameworks) {
        const ids = control.criteria[framework];
        expect(ids.length, `${control.id} maps to ${framework}`).toBeGreaterThan(0);
        expect(duplicates(ids), control.id).toEqual([]);
        for (const id of ids) expect(findCriterion(framework, id), `${control.id} -> ${framework}:${id}`).toBeDefined();
      }
    }
  });

  it('maps each criterion the standards section names to at least one control', () => {
    const mapped = (framework: 'soc2' | 'iso27001', id: string) => compensatingControls.filter((control) => control.criteria[framework].includes(id));
    for (const id of REQUIRED_SOC2) expect(mapped('soc2', id).length, `SOC 2 ${id}`).toBeGreaterThan(0);
    for (const id of REQUIRED_ISO) expect(mapped('iso27001', id).length, `ISO 27001 ${id}`).toBeGreaterThan(0);
    // Change management sits on the code-review controls, segregation of duties on the controls that replace it.
    expect(findCatalogControl('CC-AUTOMATED-REVIEW')?.criteria.soc2).toContain('CC8.1');
    expect(findCatalogControl('CC-PROTECTED-BRANCH')?.criteria.soc2).toContain('CC8.1');
    expect(findCatalogControl('CC-ACCESS-REVIEW')?.criteria.soc2).toEqual(expect.arrayContaining(['CC6.2', 'CC6.3']));
    expect(findCatalogControl('CC-EXTERNAL-REVIEW')?.criteria.iso27001).toContain('A.5.35');
    expect(findCatalogControl('CC-CENTRAL-LOGGING')?.criteria.iso27001).toEqual(expect.arrayContaining(['A.8.15', 'A.8.16']));
  });

  it('says what issue 3 asks each control to promise', () => {
    const text = (id: string) => {
      const control = findCatalogControl(id);
      return `${control?.title} ${control?.description}`.toLowerCase();
    };
    expect(text('CC-PROTECTED-BRANCH')).toMatch(/status checks/);
    expect(text('CC-PROTECTED-BRANCH')).toMatch(/force push/);
    expect(text('CC-PROTECTED-BRANCH')).toMatch(/administrators are not exempt|admins not exempt/);
    expect(text('CC-CI-PIPELINE')).toMatch(/tests/);
    expect(text('CC-CI-PIPELINE')).toMatch(/security scan/);
    expect(text('CC-CI-PIPELINE')).toMatch(/promotion/);
    expect(text('CC-IAC-DRIFT')).toMatch(/pipeline/);
    expect(text('CC-IAC-DRIFT')).toMatch(/drift/);
    for (const alert of [/failed.login/, /privilege change/, /new accounts/, /console changes outside the pipeline/, /off-hours/, /retention|kept for/]) {
      expect(text('CC-CENTRAL-LOGGING')).toMatch(alert);
    }
    expect(text('CC-EXTERNAL-REVIEW')).toMatch(/quarter/);
    expect(text('CC-ACCESS-REVIEW')).toMatch(/countersign/);
    expect(text('CC-TABLETOP')).toMatch(/outside facilitator|external facilitator/);
    expect(text('CC-SECRETS-MANAGER')).toMatch(/short-lived/);
    expect(findCatalogControl('CC-EXTERNAL-REVIEW')?.frequency).toBe('quarterly');
    expect(findCatalogControl('CC-ACCESS-REVIEW')?.frequency).toBe('quarterly');
    expect(findCatalogControl('CC-TABLETOP')?.frequency).toBe('annual');
  });
});

describe('what the proposal engine may suggest', () => {
  const proposeSource = readFileSync(new URL('../../electron/core/matrix/propose.ts', import.meta.url), 'utf8');

  it('names only controls and requirements that exist in the catalog', () => {
    // proposeMatrix silently skips an id it cannot find, so read the ids it names from its source.
    const controlIds = [...new Set([...proposeSource.matchAll(/'(CC-[A-Z0-9-]+)'/g)].map((match) => match[1]!))];
    const requirementIds = [...new Set([...proposeSource.matchAll(/'(SOD-[A-Z0-9-]+)'/g)].map((match) => match[1]!))];
    expect(controlIds.length).toBeGreaterThanOrEqual(9);
    for (const id of controlIds) expect(findCatalogControl(id), `propose.ts suggests ${id}`).toBeDefined();
    for (const id of requirementIds) expect(findCatalogRequirement(id), `propose.ts handles ${id}`).toBeDefined();
    // Every catalog requirement has its own suggestions (no requirement falls through to "no control").
    for (const requirement of sodRequirements) expect(requirementIds, requirement.id).toContain(requirement.id);
  });

  it('proposes at least one catalog control for every requirement, whatever the tools', () => {
    const owner: Person = { id: 'p-owner', name: 'Owner', email: null, role: 'owner', createdAt: '2026-01-01T00:00:00.000Z' };
    const reviewer: Person = { id: 'p-reviewer', name: 'Reviewer', email: null, role: 'external_reviewer', createdAt: '2026-01-01T00:00:00.000Z' };
    const organisation: OrganisationAnswers = { headcount: 1, frameworks: ['soc2'], dutyHolders: {} };
    const shape = ToolingAnswers.shape;
    let combinations = 0;
    const problems: string[] = [];
    for (const gitHost of shape.gitHost.options)
      for (const ci of shape.ci.options)
        for (const cloud of shape.cloud.options)
          for (const iac of shape.iac.options)
            for (const logging of shape.logging.options)
              for (const flag of [true, false]) {
                const tools: ToolingAnswers = { gitHost, ci, cloud, iac, logging, kubernetes: flag, aiReviewer: flag, externalReviewer: !flag };
                const proposal = proposeMatrix(organisation, tools, [owner, reviewer]);
                combinations++;
                const where = JSON.stringify(tools);
                if (proposal.map((row) => row.catalogId).join() !== sodRequirements.map((requirement) => requirement.id).join()) problems.push(`${where}: not one row per requirement`);
                for (const row of proposal) {
                  if (row.controls.length === 0) problems.push(`${where}: ${row.catalogId} gets no control`);
                  for (const control of row.controls) {
                    const catalog = findCatalogControl(control.catalogId);
                    if (!catalog) problems.push(`${where}: ${control.catalogId} is not in the catalog`);
                    if (control.frequency !== catalog?.frequency) problems.push(`${where}: ${control.catalogId} frequency ${control.frequency}`);
                    if (control.evidenceKinds.length === 0) problems.push(`${where}: ${control.catalogId} keeps no evidence source`);
                    for (const kind of control.evidenceKinds) {
                      if (!catalog?.evidenceKinds.includes(kind) && kind !== 'document') problems.push(`${where}: ${control.catalogId} invents ${kind}`);
                    }
                  }
                }
              }
    expect(problems).toEqual([]);
    expect(combinations).toBe(3 * 4 * 4 * 3 * 3 * 2);
  });
});
