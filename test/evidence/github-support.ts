/** Shared by the github-* importer tests: the fixtures, the shared samples, and a parse without a workspace. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ImportContext, Importer, ParsedEvidence } from '../../electron/core/evidence/importers/importer.js';
import { memoryInput } from '../../electron/core/evidence/readInput.js';

export const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'github');
export const SAMPLES = '/work/shared/samples';
export const BUNDLE = join(SAMPLES, 'github_rest_pygithub_replay_bundle.json');
export const GITLAB_MR = join(SAMPLES, 'gitlab_get_merge_request_go-gitlab.json');

export const fixture = (name: string): string => join(FIXTURES, name);

/** The workspace period of test/matrix/harness.ts. */
export const context = (overrides: Partial<ImportContext> = {}): ImportContext => ({
  periodStart: '2026-01-01',
  periodEnd: '2026-12-31',
  timeZone: 'Europe/London',
  signal: new AbortController().signal,
  progress: () => undefined,
  ...overrides,
});

export const inputOf = (path: string) => memoryInput(path, readFileSync(path));
export const inputFromText = (name: string, text: string) => memoryInput(`/tmp/${name}`, Buffer.from(text, 'utf8'));

export const parseWith = (importer: Importer, path: string, ctx: ImportContext = context()): Promise<ParsedEvidence> => importer.parse(inputOf(path), ctx);

/** One response of the shared bundle, written to `dir` as `gh api <path>` would have written it. */
export const splitFromBundle = (dir: string, key: string, name: string): string => {
  const bundle = JSON.parse(readFileSync(BUNDLE, 'utf8')) as Record<string, unknown>;
  if (!(key in bundle)) throw new Error(`the bundle has no ${key}`);
  const path = join(dir, name);
  writeFileSync(path, `${JSON.stringify(bundle[key], null, 2)}\n`);
  return path;
};
