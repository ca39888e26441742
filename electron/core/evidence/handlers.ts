import type { Handlers } from '../handlerTypes.js';
import { getException, listExceptions } from '../exceptions/exceptionQueries.js';
import { requireActor, requireWorkspace } from '../session.js';
import { getEvidence, listEvidence, listEvidenceRecords } from './evidenceQueries.js';
import { importEvidence } from './importEvidence.js';
import { importers } from './importers/index.js';

const noControl = { signal: new AbortController().signal, progress: () => undefined };

export const evidenceHandlers = {
  'evidence.importers': () =>
    importers.map((importer) => ({
      kind: importer.kind,
      label: importer.label,
      input: importer.input,
      describes: importer.describes,
      command: importer.howToExport.command,
      notes: [...importer.howToExport.notes],
    })),
  'evidence.import': (input, ctx) => importEvidence(requireWorkspace(ctx), requireActor(ctx), input, noControl),
  'evidence.startImport': (input, ctx) => {
    const workspace = requireWorkspace(ctx);
    const actor = requireActor(ctx);
    return ctx.session.jobs.start('import', (control) => importEvidence(workspace, actor, input, control));
  },
  'jobs.get': (input, ctx) => ctx.session.jobs.get(input.id),
  'jobs.cancel': (input, ctx) => ctx.session.jobs.cancel(input.id),
  'evidence.list': (input, ctx) => listEvidence(requireWorkspace(ctx).db, input),
  'evidence.get': (input, ctx) => getEvidence(requireWorkspace(ctx).db, input.id),
  'evidence.records': (input, ctx) => listEvidenceRecords(requireWorkspace(ctx).db, input.id, input.type, input.offset, input.limit),
  'exceptions.list': (input, ctx) => listExceptions(requireWorkspace(ctx).db, input),
  'exceptions.get': (input, ctx) => getException(requireWorkspace(ctx).db, input.id),
} satisfies Handlers<
  | 'evidence.importers'
  | 'evidence.import'
  | 'evidence.startImport'
  | 'jobs.get'
  | 'jobs.cancel'
  | 'evidence.list'
  | 'evidence.get'
  | 'evidence.records'
  | 'exceptions.list'
  | 'exceptions.get'
>;
