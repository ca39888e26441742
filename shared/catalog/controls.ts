import type { EvidenceKind } from '../domain/evidenceKinds.js';
import type { Framework } from '../domain/workspace.js';

export const controlNatures = ['preventive', 'detective'] as const;
export type ControlNature = (typeof controlNatures)[number];
export const controlAutomations = ['automated', 'manual'] as const;
export type ControlAutomation = (typeof controlAutomations)[number];
/** How often a control operates; drives sample sizes and review cadence. */
export const controlFrequencies = ['per-change', 'continuous', 'daily', 'weekly', 'monthly', 'quarterly', 'annual'] as const;
export type ControlFrequency = (typeof controlFrequencies)[number];

export const controlFrequencyLabels: Record<ControlFrequency, string> = {
  'per-change': 'On every change',
  continuous: 'Continuous',
  daily: 'Daily',
  weekly: 'Weekly',
  monthly: 'Monthly',
  quarterly: 'Quarterly',
  annual: 'Annual',
};

export interface CompensatingControl {
  id: string;
  title: string;
  description: string;
  nature: ControlNature;
  automation: ControlAutomation;
  frequency: ControlFrequency;
  evidenceKinds: readonly EvidenceKind[];
  /** What an auditor should be able to see, in words. */
  evidenceExpected: string;
  criteria: Readonly<Record<Framework, readonly string[]>>;
}

export const compensatingControls: readonly CompensatingControl[] = [
  {
    id: 'CC-AUTOMATED-REVIEW',
    title: 'Automated or AI code review required on every pull request',
    description:
      'Every change reaches the default branch through a pull request that an automated reviewer (AI review and static analysis) must pass; its findings are resolved or justified before merge.',
    nature: 'preventive',
    automation: 'automated',
    frequency: 'per-change',
    evidenceKinds: ['github-prs', 'gitlab-mrs', 'sarif', 'git'],
    evidenceExpected: 'Pull request records with the automated review on each, security scan results, merge history.',
    criteria: { soc2: ['CC8.1', 'CC5.1'], iso27001: ['A.8.25', 'A.8.32', 'A.5.3'] },
  },
  {
    id: 'CC-PROTECTED-BRANCH',
    title: 'Protected default branch with required status checks',
    description:
      'The default branch accepts changes only through pull requests with required status checks; force pushes and deletion are blocked and administrators are not exempt.',
    nature: 'preventive',
    automation: 'automated',
    frequency: 'continuous',
    evidenceKinds: ['github-protection', 'git'],
    evidenceExpected: 'Branch protection or ruleset settings over the period, and a history with no direct pushes.',
    criteria: { soc2: ['CC8.1', 'CC6.1'], iso27001: ['A.8.32', 'A.8.9', 'A.5.3'] },
  },
  {
    id: 'CC-CI-PIPELINE',
    title: 'CI/CD pipeline with tests, security scanning and a manual promotion gate',
    description:
      'Every change runs tests and security scans in CI; production deployments happen only from the pipeline after green checks and a deliberate promotion step.',
    nature: 'preventive',
    automation: 'automated',
    frequency: 'per-change',
    evidenceKinds: ['github-runs', 'gitlab-pipelines', 'github-deployments', 'junit', 'sarif'],
    evidenceExpected: 'CI run history tied to each merged commit, test and scan results, deployment records with their promotion.',
    criteria: { soc2: ['CC8.1'], iso27001: ['A.8.25', 'A.8.32'] },
  },
  {
    id: 'CC-IAC-DRIFT',
    title: 'Infrastructure as code applied only by the pipeline, with drift detection',
    description:
      'Infrastructure changes are made in code, reviewed through pull requests and applied by the pipeline identity; a scheduled plan detects drift from manual changes.',
    nature: 'detective',
    automation: 'automated',
    frequency: 'daily',
    evidenceKinds: ['terraform-plan', 'git', 'cloudtrail'],
    evidenceExpected: 'IaC commit history, drift-detection plans, and cloud logs showing changes made by the pipeline role.',
    criteria: { soc2: ['CC8.1', 'CC7.2'], iso27001: ['A.8.9', 'A.8.32'] },
  },
  {
    id: 'CC-CENTRAL-LOGGING',
    title: 'Centralised logging with alerts and retention',
    description:
      'Cloud, cluster and host logs are collected centrally where the operator cannot alter them; alerts fire on failed-login bursts, privilege changes, new accounts, console changes outside the pipeline and off-hours activity; logs are kept for at least 90 days (12 months preferred).',
    nature: 'detective',
    automation: 'automated',
    frequency: 'continuous',
    evidenceKinds: ['cloudtrail', 'k8s-audit', 'authlog', 'document'],
    evidenceExpected: 'Log populations covering the whole period, alert rules and thresholds, alerts with their triage.',
    criteria: { soc2: ['CC7.2', 'CC4.1'], iso27001: ['A.8.15', 'A.8.16', 'A.5.3'] },
  },
  {
    id: 'CC-EXTERNAL-REVIEW',
    title: 'Quarterly external review by a fractional CISO',
    description:
      'An independent reviewer inspects the change, access and monitoring populations each quarter, samples them, records findings and follows them to closure.',
    nature: 'detective',
    automation: 'manual',
    frequency: 'quarterly',
    evidenceKinds: ['document'],
    evidenceExpected: 'Signed reviewer session records with scope, samples, findings and remediation.',
    criteria: { soc2: ['CC4.1', 'CC4.2', 'CC5.1'], iso27001: ['A.5.35', 'A.5.3'] },
  },
  {
    id: 'CC-ACCESS-REVIEW',
    title: 'Quarterly access self-review countersigned by the external reviewer',
    description:
      'Each quarter the owner reviews every account and permission from an access snapshot, records keep/revoke decisions, and the external reviewer countersigns; the owner’s own access is decided by the reviewer.',
    nature: 'detective',
    automation: 'manual',
    frequency: 'quarterly',
    evidenceKinds: ['access-snapshot', 'document'],
    evidenceExpected: 'Access snapshots, review decisions with the reviewer’s countersignature, proof that revocations happened.',
    criteria: { soc2: ['CC6.2', 'CC6.3'], iso27001: ['A.5.15', 'A.5.18', 'A.8.2'] },
  },
  {
    id: 'CC-TABLETOP',
    title: 'Annual tabletop exercise run by an external facilitator',
    description: 'Once a year an outside facilitator runs an incident scenario against the response plan; findings update the plan.',
    nature: 'detective',
    automation: 'manual',
    frequency: 'annual',
    evidenceKinds: ['document'],
    evidenceExpected: 'Exercise record: facilitator, scenario, participants, findings and plan updates.',
    criteria: { soc2: ['CC7.4', 'CC4.1'], iso27001: ['A.5.24', 'A.5.35'] },
  },
  {
    id: 'CC-SECRETS-MANAGER',
    title: 'Secrets manager with short-lived access',
    description:
      'Secrets live in a managed vault; production uses short-lived credentials issued to workloads; human access to secrets is logged and alerts on use.',
    nature: 'preventive',
    automation: 'automated',
    frequency: 'continuous',
    evidenceKinds: ['cloudtrail', 'document'],
    evidenceExpected: 'Vault configuration, access logs for secret reads, rotation records.',
    criteria: { soc2: ['CC6.1'], iso27001: ['A.5.17', 'A.8.2'] },
  },
  {
    id: 'CC-RISK-ACCEPTANCE',
    title: 'Documented and signed acceptance of the residual risk',
    description:
      'Management documents why duties cannot be segregated, the risks that creates, the compensating controls and the residual rating, signs it, and has the external reviewer countersign; it is renewed at least yearly.',
    nature: 'preventive',
    automation: 'manual',
    frequency: 'annual',
    evidenceKinds: ['document'],
    evidenceExpected: 'The signed risk acceptance with its countersignature and renewal history.',
    criteria: { soc2: ['CC5.1'], iso27001: ['6.1.3', 'A.5.3'] },
  },
];
