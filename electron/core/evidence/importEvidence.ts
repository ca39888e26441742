import { statSync } from 'node:fs';
import type { EvidenceKind } from '../../../shared/domain/evidenceKinds.js';
import type { ImportSummary } from '../../../shared/domain/evidence.js';
import { CoreError } from '../errors.js';
import { refreshExceptions } from '../exceptions/refresh.js';
import { breathe, throwIfCancelled, type JobControl } from '../jobs/jobs.js';
import { APP_VERSION } from '../version.js';
import type { Actor } from '../workspace/auditChain.js';
import { putBlob, sha256Hex } from '../workspace/blobs.js';
import type { Workspace } from '../workspace/workspace.js';
import { findImporter, importers } from './importers/index.js';
import type { ImportInput, Importer, ParsedEvidence } from './importers/importer.js';
import { memoryInput, readImportFile } from './readInput.js';
import { relinkToMatrix } from './links.js';
import { countRecords, writeRecords } from './records.js';

export interface ImportRequest {
  kind: EvidenceKind | 'auto';
  path: string;
  title?: string | undefined;
}

const isFolder = (path: string): boolean => {
  try {
    return statSync(path).isDirectory();
  } catch {
    throw new CoreError('NOT_FOUND', `${path} does not exist or cannot be read`);
  }
};

const recognisers = (input: ImportInput): Importer[] =>
  importers.filter((importer) => {
    if (importer.input !== 'file') return false;
    try {
      return importer.recognises(input);
    } catch {
      return false;
    }
  });

/** Picks the importer, refusing a file of the wrong kind with what it looks like instead. */
const chooseImporter = (request: ImportRequest): { importer: Importer; input: ImportInput } => {
  const folder = isFolder(request.path);
  if (request.kind === 'auto') {
    if (folder) {
      const git = findImporter('git');
      if (!git) throw new CoreError('UNSUPPORTED', 'Importing a Git repository is not available in this version');
      return { importer: git, input: memoryInput(request.path, new Uint8Array()) };
    }
    const input = readImportFile(request.path);
    const [first] = recognisers(input);
    if (!first) {
      throw new CoreError(
        'INVALID_INPUT',
        `${input.fileName} does not look like any export Countersign imports. Choose its kind in the list to see what that kind expects.`,
      );
    }
    return { importer: first, input };
  }

  const importer = findImporter(request.kind);
  if (!importer) throw new CoreError('UNSUPPORTED', `Importing ${request.kind} is not available in this version of Countersign`);
  if (importer.input === 'folder') {
    if (!folder) throw new CoreError('INVALID_INPUT', `${request.path} is a file: ${request.kind} imports a repository folder`);
    return { importer, input: memoryInput(request.path, new Uint8Array()) };
  }
  const input = readImportFile(request.path);
  if (!importer.recognises(input)) {
    const other = recognisers(input).find((candidate) => candidate.kind !== importer.kind);
    throw new CoreError(
      'INVALID_INPUT',
      other
        ? `${input.fileName} is not ${importer.describes}: it looks like ${other.describes}. Import it as ${other.kind}.`
        : `${input.fileName} is not ${importer.describes}, and it does not look like any other export Countersign imports.`,
    );
  }
  return { importer, input };
};

const nextEvidenceId = (workspace: Workspace): string => {
  const row = workspace.db.prepare("SELECT coalesce(max(CAST(substr(id, 4) AS INTEGER)), 0) AS n FROM evidence_items").get() as { n: number };
  return `EV-${String(row.n + 1).padStart(4, '0')}`;
};

/**
 * Imports one evidence file: read and parse it (cancellable, with progress), then store the file, its
 * provenance, its records, its links to the matrix and the refreshed exceptions in one transaction.
 * A failure or a cancel leaves the workspace exactly as it was.
 */
export const importEvidence = async (workspace: Workspace, actor: Actor, request: ImportRequest, control: JobControl): Promise<ImportSummary> => {
  const profile = workspace.profile();
  control.progress(0.02, 'Reading the file…');
  const { importer, input } = chooseImporter(request);
  await breathe();
  throwIfCancelled(control.signal);

  let parsed: ParsedEvidence;
  try {
    parsed = await importer.parse(input, {
      periodStart: profile.periodStart,
      periodEnd: profile.periodEnd,
      timeZone: profile.timeZone,
      signal: control.signal,
      progress: (fraction, message) => control.progress(0.05 + fraction * 0.8, message),
    });
  } catch (error) {
    if (error instanceof CoreError) throw error;
    throw new CoreError('INVALID_INPUT', `${input.fileName} could not be read as ${importer.describes}: ${(error as Error).message}`);
  }
  throwIfCancelled(control.signal);
  control.progress(0.88, 'Saving…');

  const sha256 = sha256Hex(parsed.bytes);
  const existing = workspace.db.prepare('SELECT id, record_count, records_by_type, period_start, period_end FROM evidence_items WHERE kind = ? AND sha256 = ?').get(importer.kind, sha256) as
    | { id: string; record_count: number; records_by_type: string; period_start: string | null; period_end: string | null }
    | undefined;
  if (existing) {
    const linked = workspace.db.prepare('SELECT control_id FROM evidence_controls WHERE evidence_id = ?').all(existing.id) as { control_id: string }[];
    return {
      kind: importer.kind,
      records: existing.record_count,
      evidenceId: existing.id,
      sha256,
      alreadyImported: true,
      recordsByType: JSON.parse(existing.records_by_type) as Record<string, number>,
      periodStart: existing.period_start,
      periodEnd: existing.period_end,
      linkedControls: linked.map((row) => row.control_id),
      exceptions: { total: 0, new: 0 },
      warnings: [`These exact bytes were imported before as ${existing.id}: nothing new was written.`],
    };
  }

  const summary = workspace.change(actor, (tx) => {
    const evidenceId = nextEvidenceId(workspace);
    const blob = putBlob(tx.db, parsed.bytes, tx.now, sha256);
    const recordCount = countRecords(parsed.records);
    const provenance = {
      sourceSystem: parsed.sourceSystem,
      collectionMethod: parsed.collectionMethod,
      filters: parsed.filters,
      collectedAt: parsed.collectedAt ?? tx.now.toISOString(),
      periodStart: parsed.periodStart,
      periodEnd: parsed.periodEnd,
      importedAt: tx.now.toISOString(),
      importedBy: actor.name,
      importerVersion: APP_VERSION,
      recordCount,
    };
    const title = request.title?.trim() || parsed.title;
    tx.db
      .prepare(
        `INSERT INTO evidence_items (id, title, kind, file_name, media_type, size, sha256, source_system, collection_method, filters, collected_at,
           period_start, period_end, imported_at, imported_by_id, imported_by_name, importer_version, record_count, records_by_type)
         VALUES (@id, @title, @kind, @fileName, @mediaType, @size, @sha256, @sourceSystem, @collectionMethod, @filters, @collectedAt,
           @periodStart, @periodEnd, @importedAt, @importedById, @importedBy, @importerVersion, @recordCount, '{}')`,
      )
      .run({ id: evidenceId, title, kind: importer.kind, fileName: parsed.fileName, mediaType: parsed.mediaType, size: blob.size, sha256, importedById: actor.id, ...provenance });
    const recordsByType = writeRecords(tx.db, evidenceId, parsed.records);
    tx.db.prepare('UPDATE evidence_items SET records_by_type = ? WHERE id = ?').run(JSON.stringify(recordsByType), evidenceId);

    const exceptions = refreshExceptions(tx.db, profile, tx.now);
    relinkToMatrix(tx.db);
    const controls = tx.db.prepare('SELECT control_id AS id FROM evidence_controls WHERE evidence_id = ?').all(evidenceId) as { id: string }[];

    tx.record({
      action: 'evidence.imported',
      entityType: 'evidence',
      entityId: evidenceId,
      before: null,
      after: { title, kind: importer.kind, fileName: parsed.fileName, sha256, size: blob.size, provenance, recordsByType, linkedControls: controls.map((row) => row.id) },
    });
    if (exceptions.new > 0 || exceptions.noLongerDetected > 0) {
      tx.record({ action: 'exceptions.refreshed', entityType: 'exceptions', entityId: evidenceId, before: null, after: exceptions });
    }
    return {
      kind: importer.kind,
      records: recordCount,
      evidenceId,
      sha256,
      alreadyImported: false,
      recordsByType,
      periodStart: parsed.periodStart,
      periodEnd: parsed.periodEnd,
      linkedControls: controls.map((row) => row.id),
      exceptions: { total: exceptions.total, new: exceptions.new },
      warnings: parsed.warnings,
    } satisfies ImportSummary;
  });
  control.progress(1, 'Imported');
  return summary;
};
