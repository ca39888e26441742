import type { EvidenceKind } from '../../../../shared/domain/evidenceKinds.js';
import type { NormalisedRecords } from '../records.js';

/** What an import knows about its surroundings: the period, the time zone, progress and cancel. */
export interface ImportContext {
  periodStart: string;
  periodEnd: string;
  timeZone: string;
  signal: AbortSignal;
  /** Fraction 0..1 of the reading and parsing done, with what is happening in words. */
  progress(fraction: number, message: string): void;
}

/** A file read into memory once, with its JSON parsed lazily (and errors reported with line and column). */
export interface ImportInput {
  /** The path the person chose: a file, or for `git` a repository folder. */
  path: string;
  fileName: string;
  bytes: Uint8Array;
  text(): string;
  json(): unknown;
}

export interface ParsedEvidence {
  title: string;
  /** The bytes stored as evidence (for `git`, the captured log), its name and media type. */
  fileName: string;
  mediaType: string;
  bytes: Uint8Array;
  sourceSystem: string;
  collectionMethod: string;
  filters: string | null;
  /** When the source produced the data, if the file says. */
  collectedAt: string | null;
  periodStart: string | null;
  periodEnd: string | null;
  records: NormalisedRecords;
  warnings: string[];
}

export interface ExportInstructions {
  /** The command to copy, with placeholders such as OWNER/REPO. */
  command: string;
  /** What a person must know, e.g. "gh's default limit is 30: keep --limit 10000". */
  notes: string[];
}

export interface Importer {
  kind: EvidenceKind;
  label: string;
  /** What the dialog asks for: a file, or (git) a folder. */
  input: 'file' | 'folder';
  howToExport: ExportInstructions;
  /** True when parsed JSON (or text, for text formats) has this kind's shape. Used to detect and to refuse the wrong kind. */
  recognises(input: ImportInput): boolean;
  /** What this kind's files look like, for "this file looks like …" messages. */
  describes: string;
  parse(input: ImportInput, ctx: ImportContext): Promise<ParsedEvidence>;
}
