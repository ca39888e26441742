import { z } from 'zod';
import { EvidenceException, EvidenceItem, ExceptionSeverity, ImportSummary } from '../domain/evidence.js';
import { EvidenceKind } from '../domain/evidenceKinds.js';
import { Job } from '../domain/jobs.js';
import { FilePath } from '../domain/workspace.js';
import { defineMethod } from './define.js';

const ImportRequest = z.object({
  kind: z.union([EvidenceKind, z.literal('auto')]),
  path: FilePath,
  title: z.string().trim().max(300).optional(),
});

const Page = { offset: z.number().int().min(0).default(0), limit: z.number().int().min(1).max(1000).default(200) };

export const recordTypes = ['commits', 'pull requests', 'reviews', 'CI runs', 'deployments', 'protection settings', 'activity events'] as const;

export const evidenceMethods = {
  'evidence.importers': defineMethod({
    summary: 'The kinds Countersign imports, with the export command to copy and what to know about it.',
    input: z.object({}),
    output: z.array(
      z.object({
        kind: EvidenceKind,
        label: z.string(),
        input: z.enum(['file', 'folder']),
        describes: z.string(),
        command: z.string(),
        notes: z.array(z.string()),
      }),
    ),
    mutates: false,
  }),
  'evidence.import': defineMethod({
    summary: 'Import one evidence file and wait for it (the CLI).',
    input: ImportRequest,
    output: ImportSummary,
    mutates: true,
  }),
  'evidence.startImport': defineMethod({
    summary: 'Start importing one evidence file as a job; poll jobs.get for progress and the summary.',
    input: ImportRequest,
    output: Job,
    mutates: true,
  }),
  'jobs.get': defineMethod({
    summary: 'Progress, and at the end the result, of long work.',
    input: z.object({ id: z.string().min(1) }),
    output: Job,
    mutates: false,
  }),
  'jobs.cancel': defineMethod({
    summary: 'Cancel long work; nothing it was doing is written.',
    input: z.object({ id: z.string().min(1) }),
    output: Job,
    mutates: false,
  }),
  'evidence.list': defineMethod({
    summary: 'A page of evidence items, newest first, with filters.',
    input: z.object({ ...Page, kind: EvidenceKind.optional(), controlId: z.string().optional(), search: z.string().max(200).optional() }),
    output: z.object({ total: z.number().int(), items: z.array(EvidenceItem) }),
    mutates: false,
  }),
  'evidence.get': defineMethod({
    summary: 'One evidence item with its provenance and linked controls.',
    input: z.object({ id: z.string().min(1) }),
    output: EvidenceItem,
    mutates: false,
  }),
  'evidence.records': defineMethod({
    summary: 'A page of the normalised records read out of one evidence item.',
    input: z.object({ id: z.string().min(1), type: z.enum(recordTypes), ...Page }),
    output: z.object({ total: z.number().int(), columns: z.array(z.string()), rows: z.array(z.array(z.union([z.string(), z.number(), z.null()]))) }),
    mutates: false,
  }),
  'exceptions.list': defineMethod({
    summary: 'A page of exceptions, most severe first, with filters by rule, severity and control.',
    input: z.object({
      ...Page,
      rule: z.string().optional(),
      severity: ExceptionSeverity.optional(),
      controlId: z.string().optional(),
      includeResolved: z.boolean().default(false),
    }),
    output: z.object({ total: z.number().int(), items: z.array(EvidenceException), rules: z.array(z.object({ rule: z.string(), open: z.number().int() })) }),
    mutates: false,
  }),
  'exceptions.get': defineMethod({
    summary: 'One exception with the records that prove it.',
    input: z.object({ id: z.string().min(1) }),
    output: EvidenceException,
    mutates: false,
  }),
} as const;
