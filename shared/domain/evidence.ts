import { z } from 'zod';
import { EvidenceKind } from './evidenceKinds.js';

/** The auditor's vocabulary for an evidence item. */
export const evidenceStatuses = ['not_ready', 'ready', 'approved', 'flagged', 'not_applicable'] as const;
export const EvidenceStatus = z.enum(evidenceStatuses);
export type EvidenceStatus = z.infer<typeof EvidenceStatus>;
export const evidenceStatusLabels: Record<EvidenceStatus, string> = {
  not_ready: 'Not ready',
  ready: 'Ready',
  approved: 'Approved',
  flagged: 'Flagged',
  not_applicable: 'Not applicable',
};

/** Where a population came from, as an auditor tests completeness and accuracy. */
export const Provenance = z.object({
  sourceSystem: z.string(),
  /** The command or API endpoint that produced the file. */
  collectionMethod: z.string(),
  filters: z.string().nullable(),
  /** When the source produced the data, where the file says; otherwise when it was imported. */
  collectedAt: z.string(),
  periodStart: z.string().nullable(),
  periodEnd: z.string().nullable(),
  importedAt: z.string(),
  importedBy: z.string(),
  importerVersion: z.string(),
  recordCount: z.number().int(),
});
export type Provenance = z.infer<typeof Provenance>;

export const EvidenceItem = z.object({
  id: z.string(),
  title: z.string(),
  kind: EvidenceKind,
  fileName: z.string(),
  mediaType: z.string(),
  size: z.number().int(),
  sha256: z.string(),
  provenance: Provenance,
  status: EvidenceStatus,
  comments: z.string().nullable(),
  controlIds: z.array(z.string()),
  /** Record counts by type, e.g. { changes: 120, reviews: 80 }. */
  records: z.record(z.string(), z.number().int()),
});
export type EvidenceItem = z.infer<typeof EvidenceItem>;

export const ImportSummary = z.object({
  kind: EvidenceKind,
  records: z.number().int(),
  evidenceId: z.string(),
  sha256: z.string(),
  /** True when these exact bytes were imported before as this kind: nothing new was written. */
  alreadyImported: z.boolean(),
  recordsByType: z.record(z.string(), z.number().int()),
  periodStart: z.string().nullable(),
  periodEnd: z.string().nullable(),
  linkedControls: z.array(z.string()),
  exceptions: z.object({ total: z.number().int(), new: z.number().int() }),
  warnings: z.array(z.string()),
});
export type ImportSummary = z.infer<typeof ImportSummary>;

export const exceptionSeverities = ['high', 'medium', 'low'] as const;
export const ExceptionSeverity = z.enum(exceptionSeverities);
export type ExceptionSeverity = z.infer<typeof ExceptionSeverity>;

export const exceptionStatuses = ['open', 'no_longer_detected'] as const;
export const ExceptionStatus = z.enum(exceptionStatuses);

/** A pointer to the normalised record that proves a finding. */
export const RecordRef = z.object({ type: z.string(), key: z.string(), evidenceId: z.string() });
export type RecordRef = z.infer<typeof RecordRef>;

export const EvidenceException = z.object({
  id: z.string(),
  rule: z.string(),
  severity: ExceptionSeverity,
  /** What it is about, as a person would say it: "PR #12", "commit 1a2b3c4", "branch main". */
  subject: z.string(),
  /** The date in the period it happened (ISO), or null for a standing setting. */
  occurredAt: z.string().nullable(),
  explanation: z.string(),
  evidence: z.array(RecordRef),
  controlIds: z.array(z.string()),
  status: ExceptionStatus,
  firstDetectedAt: z.string(),
});
export type EvidenceException = z.infer<typeof EvidenceException>;
