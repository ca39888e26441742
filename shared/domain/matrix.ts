import { z } from 'zod';
import { controlAutomations, controlFrequencies, controlNatures } from '../catalog/controls.js';
import { frameworkCriteria } from '../catalog/criteria.js';
import { EvidenceKind } from './evidenceKinds.js';
import { Framework } from './workspace.js';

export const ControlNature = z.enum(controlNatures);
export const ControlAutomation = z.enum(controlAutomations);
export const ControlFrequency = z.enum(controlFrequencies);

/** The auditor's vocabulary for where a control stands. */
export const controlStatuses = ['not_ready', 'ready', 'flagged', 'not_applicable'] as const;
export const ControlStatus = z.enum(controlStatuses);
export type ControlStatus = z.infer<typeof ControlStatus>;
export const controlStatusLabels: Record<ControlStatus, string> = {
  not_ready: 'Not ready',
  ready: 'Ready',
  flagged: 'Flagged',
  not_applicable: 'Not applicable',
};

const knownCriterion = (framework: 'soc2' | 'iso27001') =>
  z.string().refine((id) => frameworkCriteria.some((criterion) => criterion.framework === framework && criterion.id === id), {
    message: `Use a ${framework === 'soc2' ? 'SOC 2' : 'ISO 27001'} criterion from the catalog, such as ${framework === 'soc2' ? 'CC8.1' : 'A.8.32'}`,
  });
/** Criteria are checked against the catalog so the filter by criterion finds every control. */
export const CriteriaMap = z.object({ soc2: z.array(knownCriterion('soc2')), iso27001: z.array(knownCriterion('iso27001')) });
export type CriteriaMap = z.infer<typeof CriteriaMap>;

/** "RA-2026-001": the id of a risk acceptance (its own capability); the matrix links to it by id. */
export const RiskAcceptanceId = z.string().regex(/^RA-\d{4}-\d{3}$/, 'Use a risk acceptance id such as RA-2026-001');

export const MatrixControl = z.object({
  id: z.string(),
  catalogId: z.string().nullable(),
  title: z.string(),
  description: z.string(),
  nature: ControlNature,
  automation: ControlAutomation,
  frequency: ControlFrequency,
  evidenceKinds: z.array(EvidenceKind),
  evidenceExpected: z.string(),
  criteria: CriteriaMap,
  ownerId: z.string().nullable(),
  performerId: z.string().nullable(),
  reviewerId: z.string().nullable(),
  notApplicableReason: z.string().nullable(),
  requirementIds: z.array(z.string()),
  status: ControlStatus,
  statusReason: z.string(),
});
export type MatrixControl = z.infer<typeof MatrixControl>;

export const MatrixRequirement = z.object({
  id: z.string(),
  catalogId: z.string().nullable(),
  title: z.string(),
  dutyA: z.string(),
  dutyB: z.string(),
  riskStatement: z.string(),
  holderAId: z.string().nullable(),
  holderBId: z.string().nullable(),
  coveredByAcceptance: z.string().nullable(),
  position: z.number().int(),
  controls: z.array(z.object({ controlId: z.string(), rationale: z.string() })),
});
export type MatrixRequirement = z.infer<typeof MatrixRequirement>;

export const gapKinds = ['requirement-without-control', 'control-without-evidence', 'self-reviewed-control', 'control-without-performer'] as const;
export const MatrixGap = z.object({
  kind: z.enum(gapKinds),
  severity: z.enum(['gap', 'warning']),
  requirementId: z.string().nullable(),
  controlId: z.string().nullable(),
  message: z.string(),
});
export type MatrixGap = z.infer<typeof MatrixGap>;

// ---- The guided builder -------------------------------------------------------------------------

export const wizardSteps = ['organisation', 'tooling', 'proposal', 'gaps', 'done'] as const;
export const WizardStep = z.enum(wizardSteps);
export type WizardStep = z.infer<typeof WizardStep>;

export const DutyHolders = z.object({ holderAId: z.string().nullable(), holderBId: z.string().nullable() });

export const OrganisationAnswers = z.object({
  headcount: z.number().int().min(1, 'At least one person works here').max(10_000),
  frameworks: z.array(Framework).min(1, 'Choose at least one framework'),
  /** Who holds each side of each conflicting pair today, by catalog requirement id. */
  dutyHolders: z.record(z.string(), DutyHolders),
});
export type OrganisationAnswers = z.infer<typeof OrganisationAnswers>;

export const ToolingAnswers = z.object({
  gitHost: z.enum(['github', 'gitlab', 'other']),
  ci: z.enum(['github-actions', 'gitlab-ci', 'other', 'none']),
  cloud: z.enum(['aws', 'gcp', 'azure', 'none']),
  kubernetes: z.boolean(),
  iac: z.enum(['terraform', 'other', 'none']),
  logging: z.enum(['cloud-native', 'siem', 'none']),
  aiReviewer: z.boolean(),
  externalReviewer: z.boolean(),
});
export type ToolingAnswers = z.infer<typeof ToolingAnswers>;

export const WizardAnswers = z.object({
  organisation: OrganisationAnswers.optional(),
  tooling: ToolingAnswers.optional(),
});
export type WizardAnswers = z.infer<typeof WizardAnswers>;

export const WizardState = z.object({ step: WizardStep, answers: WizardAnswers, updatedAt: z.string(), catalogVersion: z.string() });
export type WizardState = z.infer<typeof WizardState>;

/** One proposed control for one requirement, with the one-sentence reason the builder shows. */
export const ProposedControl = z.object({
  catalogId: z.string(),
  include: z.boolean(),
  why: z.string(),
  evidenceKinds: z.array(EvidenceKind),
  frequency: ControlFrequency,
  ownerId: z.string().nullable(),
  performerId: z.string().nullable(),
  reviewerId: z.string().nullable(),
});
export type ProposedControl = z.infer<typeof ProposedControl>;

export const ProposedRequirement = z.object({
  catalogId: z.string(),
  include: z.boolean(),
  why: z.string(),
  holderAId: z.string().nullable(),
  holderBId: z.string().nullable(),
  controls: z.array(ProposedControl),
});
export type ProposedRequirement = z.infer<typeof ProposedRequirement>;

export const MatrixView = z.object({
  requirements: z.array(MatrixRequirement),
  controls: z.array(MatrixControl),
  gaps: z.array(MatrixGap),
  wizard: WizardState.nullable(),
  catalogVersion: z.string(),
});
export type MatrixView = z.infer<typeof MatrixView>;

export const PolicyVersion = z.object({
  version: z.number().int(),
  text: z.string(),
  generated: z.boolean(),
  matrixFingerprint: z.string(),
  createdAt: z.string(),
  createdByName: z.string(),
});
export type PolicyVersion = z.infer<typeof PolicyVersion>;
