import { z } from 'zod';

/** The import kinds of the CLI contract; each is also the evidence kind a control can expect. */
export const evidenceKinds = [
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
] as const;
export const EvidenceKind = z.enum(evidenceKinds);
export type EvidenceKind = z.infer<typeof EvidenceKind>;

export const evidenceKindLabels: Record<EvidenceKind, string> = {
  git: 'Git history',
  'github-prs': 'GitHub pull requests',
  'github-protection': 'GitHub branch protection / rulesets',
  'github-runs': 'GitHub Actions runs',
  'github-deployments': 'GitHub deployments',
  'gitlab-mrs': 'GitLab merge requests',
  'gitlab-pipelines': 'GitLab pipelines',
  junit: 'Test results (JUnit XML)',
  sarif: 'Security scan results (SARIF)',
  cloudtrail: 'AWS CloudTrail logs',
  'k8s-audit': 'Kubernetes audit logs',
  authlog: 'Host auth logs',
  'terraform-plan': 'Terraform plans',
  'access-snapshot': 'Access snapshots',
  document: 'Documents',
};
