import { findCriterion, frameworkCriteria, type FrameworkCriterion } from '../../../shared/catalog/index.js';
import type { ControlStatus, MatrixView, ToolingAnswers, WizardStep } from '../../../shared/domain/matrix.js';
import type { Person } from '../../../shared/domain/people.js';
import type { Framework } from '../../../shared/domain/workspace.js';

export const stepLabels: Record<WizardStep, string> = {
  organisation: 'Organisation',
  tooling: 'Tooling',
  proposal: 'Proposal',
  gaps: 'Gap check',
  done: 'Done',
};

export interface Choice<V extends string> {
  value: V;
  label: string;
  hint?: string;
}

export const gitHostChoices: Choice<ToolingAnswers['gitHost']>[] = [
  { value: 'github', label: 'GitHub' },
  { value: 'gitlab', label: 'GitLab' },
  { value: 'other', label: 'Another Git host', hint: 'Bitbucket, Gitea, a self-hosted server…' },
];

export const ciChoices: Choice<ToolingAnswers['ci']>[] = [
  { value: 'github-actions', label: 'GitHub Actions' },
  { value: 'gitlab-ci', label: 'GitLab CI/CD' },
  { value: 'other', label: 'Another CI service', hint: 'CircleCI, Buildkite, Jenkins…' },
  { value: 'none', label: 'No CI yet' },
];

export const cloudChoices: Choice<ToolingAnswers['cloud']>[] = [
  { value: 'aws', label: 'AWS' },
  { value: 'gcp', label: 'Google Cloud' },
  { value: 'azure', label: 'Microsoft Azure' },
  { value: 'none', label: 'None of these', hint: 'A smaller host, or no cloud account.' },
];

export const iacChoices: Choice<ToolingAnswers['iac']>[] = [
  { value: 'terraform', label: 'Terraform', hint: 'Or OpenTofu.' },
  { value: 'other', label: 'Another IaC tool', hint: 'Pulumi, CloudFormation, CDK…' },
  { value: 'none', label: 'No infrastructure as code', hint: 'Changes are made in the console or by hand.' },
];

export const loggingChoices: Choice<ToolingAnswers['logging']>[] = [
  { value: 'cloud-native', label: 'The cloud’s own logging and alerting', hint: 'For example CloudTrail with CloudWatch alarms.' },
  { value: 'siem', label: 'A log platform or SIEM', hint: 'Datadog, Elastic, Splunk, Sentinel…' },
  { value: 'none', label: 'No central logging yet' },
];

export const yesNoChoices: Choice<'yes' | 'no'>[] = [
  { value: 'yes', label: 'Yes' },
  { value: 'no', label: 'No' },
];

export const frameworkOrder: Framework[] = ['soc2', 'iso27001'];

/** "CC8.1 — Changes authorised, designed, tested, approved and implemented". */
export const criterionLabel = (framework: Framework, id: string): string => {
  const criterion = findCriterion(framework, id);
  return criterion ? `${criterion.id} — ${criterion.title}` : id;
};

export const criterionTitle = (framework: Framework, id: string): string => findCriterion(framework, id)?.title ?? id;

/** The criteria the matrix's controls map to, in catalog order (unknown ids last). */
export const criteriaInUse = (matrix: MatrixView, frameworks: Framework[] = frameworkOrder): FrameworkCriterion[] => {
  const used = new Set<string>();
  for (const control of matrix.controls) {
    for (const framework of frameworks) for (const id of control.criteria[framework]) used.add(`${framework}:${id}`);
  }
  const known = frameworkCriteria.filter((criterion) => used.has(`${criterion.framework}:${criterion.id}`));
  const unknown = [...used]
    .filter((key) => !known.some((criterion) => `${criterion.framework}:${criterion.id}` === key))
    .map((key) => {
      const [framework, id] = key.split(':') as [Framework, string];
      return { framework, id, title: id };
    });
  return [...known, ...unknown];
};

export const statusClass: Record<ControlStatus, string> = {
  not_ready: 'status-not-ready',
  ready: 'status-ready',
  flagged: 'status-flagged',
  not_applicable: 'status-na',
};

/** A glyph beside the label, so status never rests on colour alone. */
export const statusGlyph: Record<ControlStatus, string> = {
  not_ready: '○',
  ready: '✓',
  flagged: '!',
  not_applicable: '–',
};

export const personName = (people: Person[], id: string | null | undefined, none = 'Nobody named'): string =>
  id ? (people.find((person) => person.id === id)?.name ?? 'Someone no longer listed') : none;

export const ownerOf = (people: Person[]): Person | undefined => people.find((person) => person.role === 'owner') ?? people[0];

export const capitalise = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

/** The frameworks the matrix is shown for: the builder's answer, else the workspace's (in catalog order). */
export const frameworksShown = (matrix: MatrixView, workspaceFrameworks: Framework[] | undefined): Framework[] => {
  const chosen = matrix.wizard?.answers.organisation?.frameworks ?? workspaceFrameworks ?? frameworkOrder;
  const shown = frameworkOrder.filter((framework) => chosen.includes(framework));
  return shown.length > 0 ? shown : frameworkOrder;
};
