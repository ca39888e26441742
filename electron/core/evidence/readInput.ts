import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { CoreError } from '../errors.js';
import type { ImportInput } from './importers/importer.js';

/** Larger files are refused with a clear message rather than exhausting memory. */
export const MAX_IMPORT_BYTES = 1024 * 1024 * 1024;

/** Where in the text a character offset falls, as an editor shows it. */
export const lineAndColumn = (text: string, offset: number): { line: number; column: number } => {
  let line = 1;
  let lastBreak = -1;
  for (let index = text.indexOf('\n'); index !== -1 && index < offset; index = text.indexOf('\n', index + 1)) {
    line++;
    lastBreak = index;
  }
  return { line, column: offset - lastBreak };
};

/** Parses JSON and, when it is malformed, says where: "line 3, column 14". */
export const parseJsonOrExplain = (text: string, fileName: string): unknown => {
  try {
    return JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (error) {
    const message = (error as Error).message;
    const position = /position (\d+)/.exec(message);
    if (text.trim().length === 0) throw new CoreError('INVALID_INPUT', `${fileName} is empty: expected a JSON export`);
    const where = position ? lineAndColumn(text, Number(position[1])) : null;
    const atEnd = /Unexpected end of JSON input/.test(message);
    throw new CoreError(
      'INVALID_INPUT',
      `${fileName} is not valid JSON${atEnd ? ': it ends too early (truncated?)' : ''}${where ? ` at line ${where.line}, column ${where.column}` : ''}: ${message}`,
    );
  }
};

/** Reads a chosen file for import; refuses folders, missing files and files too large to hold. */
export const readImportFile = (path: string): ImportInput => {
  let size: number;
  try {
    const stats = statSync(path);
    if (stats.isDirectory()) throw new CoreError('INVALID_INPUT', `${path} is a folder: choose the exported file`);
    size = stats.size;
  } catch (error) {
    if (error instanceof CoreError) throw error;
    throw new CoreError('NOT_FOUND', `${path} does not exist or cannot be read`);
  }
  if (size > MAX_IMPORT_BYTES) throw new CoreError('INVALID_INPUT', `${path} is ${Math.round(size / 1024 / 1024)} MiB: the largest file Countersign imports is 1 GiB`);
  const bytes = readFileSync(path);
  return memoryInput(path, bytes);
};

export const memoryInput = (path: string, bytes: Uint8Array): ImportInput => {
  const fileName = basename(path);
  let text: string | undefined;
  let json: { value: unknown } | undefined;
  return {
    path,
    fileName,
    bytes,
    text: () => (text ??= Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8')),
    json() {
      json ??= { value: parseJsonOrExplain(this.text(), fileName) };
      return json.value;
    },
  };
};

/** True when the text starts like JSON: only then do JSON importers look at it. */
export const looksLikeJson = (input: ImportInput): boolean => {
  const start = input.text().replace(/^\uFEFF/, '').trimStart()[0];
  return start === '{' || start === '[';
};
