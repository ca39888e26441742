import { z } from 'zod';
import { EvidenceKind } from '../domain/evidenceKinds.js';
import {
  ControlAutomation,
  ControlFrequency,
  ControlNature,
  CriteriaMap,
  MatrixControl,
  MatrixRequirement,
  MatrixView,
  PolicyVersion,
  ProposedRequirement,
  RiskAcceptanceId,
  WizardAnswers,
  WizardState,
  WizardStep,
} from '../domain/matrix.js';
import { defineMethod } from './define.js';

const Justification = z.string().trim().max(2000).optional();
const Text = (label: string, max = 2000) => z.string().trim().min(1, `Enter ${label}`).max(max);
const PersonRef = z.string().min(1).nullable();

export const matrixMethods = {
  'matrix.get': defineMethod({
    summary: 'The compensating-control matrix with each control’s status and the gap check.',
    input: z.object({}),
    output: MatrixView,
    mutates: false,
  }),
  'matrix.wizard.save': defineMethod({
    summary: 'Save the guided builder’s answers and the step reached, so it can be resumed.',
    input: z.object({ step: WizardStep, answers: WizardAnswers }),
    output: WizardState,
    mutates: true,
  }),
  'matrix.propose': defineMethod({
    summary: 'Propose matrix rows from the saved answers, each with a one-sentence reason.',
    input: z.object({}),
    output: z.array(ProposedRequirement),
    mutates: false,
  }),
  'matrix.applyProposal': defineMethod({
    summary: 'Write the accepted proposal into the matrix (catalog rows are replaced, custom rows kept).',
    input: z.object({ requirements: z.array(ProposedRequirement).min(1), justification: Justification }),
    output: MatrixView,
    mutates: true,
  }),
  'matrix.applyTemplate': defineMethod({
    summary: 'Build the solo-founder matrix without the wizard.',
    input: z.object({ template: z.literal('solo'), justification: Justification }),
    output: MatrixView,
    mutates: true,
  }),
  'matrix.requirement.add': defineMethod({
    summary: 'Add a custom segregation-of-duties requirement.',
    input: z.object({
      title: Text('a title', 300),
      dutyA: Text('the first duty', 200),
      dutyB: Text('the conflicting duty', 200),
      riskStatement: Text('the risk if one person holds both'),
      holderAId: PersonRef.default(null),
      holderBId: PersonRef.default(null),
      justification: Justification,
    }),
    output: MatrixRequirement,
    mutates: true,
  }),
  'matrix.requirement.update': defineMethod({
    summary: 'Change a requirement, who holds its duties, or the risk acceptance that covers it.',
    input: z.object({
      id: z.string().min(1),
      title: Text('a title', 300).optional(),
      dutyA: Text('the first duty', 200).optional(),
      dutyB: Text('the conflicting duty', 200).optional(),
      riskStatement: Text('the risk').optional(),
      holderAId: PersonRef.optional(),
      holderBId: PersonRef.optional(),
      coveredByAcceptance: RiskAcceptanceId.nullable().optional(),
      justification: Justification,
    }),
    output: MatrixRequirement,
    mutates: true,
  }),
  'matrix.requirement.remove': defineMethod({
    summary: 'Drop a requirement from the matrix (its controls stay if other requirements use them).',
    input: z.object({ id: z.string().min(1), justification: Text('why it is dropped') }),
    output: MatrixView,
    mutates: true,
  }),
  'matrix.control.add': defineMethod({
    summary: 'Add a control to a requirement: from the catalog, or a custom one.',
    input: z.object({
      requirementId: z.string().min(1),
      catalogId: z.string().min(1).optional(),
      custom: z
        .object({
          title: Text('a title', 300),
          description: Text('what the control does'),
          nature: ControlNature,
          automation: ControlAutomation,
          frequency: ControlFrequency,
          evidenceKinds: z.array(EvidenceKind).min(1, 'Name at least one evidence source'),
          evidenceExpected: Text('the evidence expected'),
          criteria: CriteriaMap,
        })
        .optional(),
      rationale: z.string().trim().max(1000).default(''),
      justification: Justification,
    }).refine((input) => Boolean(input.catalogId) !== Boolean(input.custom), { message: 'Give either a catalog control or a custom control', path: ['catalogId'] }),
    output: MatrixView,
    mutates: true,
  }),
  'matrix.control.update': defineMethod({
    summary: 'Change a control: who owns, performs and reviews it, how often, its evidence, or mark it not applicable.',
    input: z.object({
      id: z.string().min(1),
      title: Text('a title', 300).optional(),
      description: Text('what the control does').optional(),
      frequency: ControlFrequency.optional(),
      evidenceKinds: z.array(EvidenceKind).optional(),
      evidenceExpected: z.string().trim().max(2000).optional(),
      criteria: CriteriaMap.optional(),
      ownerId: PersonRef.optional(),
      performerId: PersonRef.optional(),
      reviewerId: PersonRef.optional(),
      notApplicableReason: z.string().trim().max(2000).nullable().optional(),
      justification: Justification,
    }),
    output: MatrixControl,
    mutates: true,
  }),
  'matrix.control.unlink': defineMethod({
    summary: 'Take a control off a requirement (a control used nowhere else is removed).',
    input: z.object({ requirementId: z.string().min(1), controlId: z.string().min(1), justification: Justification }),
    output: MatrixView,
    mutates: true,
  }),
  'matrix.csv': defineMethod({
    summary: 'The matrix as CSV, one row per requirement-control pair.',
    input: z.object({}),
    output: z.object({ csv: z.string(), rows: z.number().int() }),
    mutates: false,
  }),
  'policy.list': defineMethod({
    summary: 'Every version of the segregation-of-duties and change-management statement, newest first.',
    input: z.object({}),
    output: z.array(PolicyVersion),
    mutates: false,
  }),
  'policy.draft': defineMethod({
    summary: 'Generate the statement from the matrix as it is run today (not saved).',
    input: z.object({}),
    output: z.object({ text: z.string(), matrixFingerprint: z.string() }),
    mutates: false,
  }),
  'policy.save': defineMethod({
    summary: 'Save the statement as a new version.',
    input: z.object({
      text: Text('the statement', 100_000),
      generated: z.boolean(),
      /** The fingerprint policy.draft returned: a statement drafted from an older matrix stays marked as such. */
      matrixFingerprint: z.string().regex(/^[0-9a-f]{64}$/).optional(),
      justification: Justification,
    }),
    output: PolicyVersion,
    mutates: true,
  }),
} as const;
