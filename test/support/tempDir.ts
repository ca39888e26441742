import { chmodSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach } from 'vitest';

const perTest: string[] = [];
const perFile: string[] = [];

/** Gives back write permission everywhere below `dir` so a test that chmod-ed something can still be cleaned up. */
const makeRemovable = (dir: string): void => {
  try {
    chmodSync(dir, 0o700);
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) makeRemovable(path);
    }
  } catch {
    // best effort: rmSync below reports what it cannot remove
  }
};

const make = (label: string, list: string[]): string => {
  const dir = mkdtempSync(join(tmpdir(), `countersign-${label}-`));
  list.push(dir);
  return dir;
};

const remove = (list: string[]): void => {
  for (const dir of list.splice(0)) {
    makeRemovable(dir);
    rmSync(dir, { recursive: true, force: true });
  }
};

/** A fresh folder under the OS temp dir, removed after the current test. */
export const makeTempDir = (label = 'test'): string => make(label, perTest);

/** A fresh folder for a whole test file (made in beforeAll), removed after its last test. */
export const makeFileTempDir = (label = 'test'): string => make(label, perFile);

// Every test file that imports this module cleans up after itself.
afterEach(() => remove(perTest));
afterAll(() => remove(perFile));
