import { z } from 'zod';
import { AuditEntry, AuditEntrySummary, ChainVerification } from '../domain/audit.js';
import { defineMethod } from './define.js';

export const auditMethods = {
  'audit.list': defineMethod({
    summary: 'A page of audit entries, newest first, for a virtualized list.',
    input: z.object({
      offset: z.number().int().min(0).default(0),
      limit: z.number().int().min(1).max(1000).default(200),
    }),
    output: z.object({ total: z.number().int(), entries: z.array(AuditEntrySummary) }),
    mutates: false,
  }),
  'audit.entry': defineMethod({
    summary: 'One audit entry with its before and after.',
    input: z.object({ seq: z.number().int().min(1) }),
    output: AuditEntry,
    mutates: false,
  }),
  'audit.verify': defineMethod({
    summary: 'Walk the hash chain and name the first broken entry, if any.',
    input: z.object({}),
    output: ChainVerification,
    mutates: false,
  }),
} as const;
