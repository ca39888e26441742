import { z } from 'zod';

/** The hash before the first entry. */
export const GENESIS_HASH = '0'.repeat(64);

export const AuditEntrySummary = z.object({
  seq: z.number().int(),
  at: z.string(),
  actorId: z.string().nullable(),
  actorName: z.string(),
  action: z.string(),
  entityType: z.string(),
  entityId: z.string(),
  justification: z.string().nullable(),
  hash: z.string(),
});
export type AuditEntrySummary = z.infer<typeof AuditEntrySummary>;

export const AuditEntry = AuditEntrySummary.extend({
  before: z.unknown(),
  after: z.unknown(),
  prevHash: z.string(),
});
export type AuditEntry = z.infer<typeof AuditEntry>;

export const ChainVerification = z.object({
  ok: z.boolean(),
  entries: z.number().int(),
  head: z.string(),
  firstBroken: z
    .object({ seq: z.number().int(), reason: z.string() })
    .nullable(),
});
export type ChainVerification = z.infer<typeof ChainVerification>;
