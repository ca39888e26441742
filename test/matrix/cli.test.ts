/**
 * `countersign matrix` as a founder, a CI pipeline or an auditor runs it, and the demo workspace a
 * newcomer opens first. The CLI is bundled from source into a temporary folder exactly as
 * scripts/build.mjs bundles dist/cli.js, so the test neither needs nor disturbs a shared build.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MatrixView } from '../../shared/domain/matrix.js';
import { CLASSIC_SIX, parseCsv } from './harness.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
let dir = '';
let cli = '';

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'countersign-cli-'));
  cli = join(dir, 'cli.js');
  await build({
    absWorkingDir: root,
    entryPoints: ['electron/hosts/cli/main.ts'],
    outfile: cli,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    packages: 'external',
    logLevel: 'silent',
  });
  // Bare imports (better-sqlite3, commander, zod...) resolve from the project's own node_modules.
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'), 'dir');
}, 60_000);
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

const countersign = (...args: string[]): Run => {
  const result = spawnSync(process.execPath, [cli, ...args], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, COUNTERSIGN_DATA_DIR: join(dir, 'app-data'), COUNTERSIGN_DOCUMENTS_DIR: dir, NO_COLOR: '1' },
    timeout: 30_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
};

const init = (name: string): string => {
  const file = join(dir, `${name}.countersign`);
  const run = countersign('init', file, '--org', 'Solo Labs Ltd', '--framework', 'soc2', '--framework', 'iso27001', '--period-start', '2026-01-01', '--period-end', '2026-12-31', '--tz', 'UTC', '--owner', 'Sam Okafor');
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  return file;
};

const auditEntries = (file: string): number => {
  const run = countersign('audit', 'verify', file, '--json');
  expect(run.status).toBe(0);
  return (JSON.parse(run.stdout) as { ok: boolean; entries: number }).entries;
};

describe('countersign matrix', () => {
  it('prints a hint on an empty matrix', () => {
    const file = init('empty');
    const run = countersign('matrix', file);
    expect(run.status).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/matrix is empty/i);
    expect(run.stdout).toContain('--apply-template solo');

    const json = countersign('matrix', file, '--json');
    expect(json.status).toBe(0);
    const matrix = JSON.parse(json.stdout) as MatrixView;
    expect(matrix.requirements).toEqual([]);
  });

  it('builds the solo matrix, prints it as JSON and writes one CSV row per requirement-control pair', () => {
    const file = init('solo');
    const before = auditEntries(file);
    const out = join(dir, 'solo-matrix.csv');
    const run = countersign('matrix', file, '--apply-template', 'solo', '--csv', out, '--json');
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);

    const matrix = JSON.parse(run.stdout) as MatrixView;
    expect(matrix.requirements.length).toBeGreaterThanOrEqual(6);
    for (const id of CLASSIC_SIX) expect(matrix.requirements.map((requirement) => requirement.catalogId)).toContain(id);
    for (const requirement of matrix.requirements) expect(requirement.controls.length).toBeGreaterThan(0);

    expect(existsSync(out)).toBe(true);
    const records = parseCsv(readFileSync(out, 'utf8').replace(/^\uFEFF/, ''));
    const [header, ...data] = records;
    expect(header?.[0]).toBe('Requirement ID');
    const pairs = matrix.requirements.reduce((sum, requirement) => sum + requirement.controls.length, 0);
    expect(data).toHaveLength(pairs);

    // The template went through the core: the trail grew and still verifies.
    expect(auditEntries(file)).toBeGreaterThan(before);
    // Printed again without the template, read-only, the matrix is the same.
    const again = countersign('matrix', file, '--json');
    expect(again.status).toBe(0);
    expect((JSON.parse(again.stdout) as MatrixView).requirements).toEqual(matrix.requirements);
  });

  it('prints the human table with the controls, their criteria and the gap check', () => {
    const file = init('human');
    const out = join(dir, 'human.csv');
    const run = countersign('matrix', file, '--apply-template', 'solo', '--csv', out);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('SOD-CODE-REVIEW');
    expect(run.stdout).toContain('Automated or AI code review required on every pull request');
    expect(run.stdout).toContain('CC8.1');
    expect(run.stdout).toMatch(/Gap check:/);
    expect(run.stdout).toMatch(/Wrote \d+ rows to /);
  });

  it('refuses an unknown template with exit 2 and a one-line reason, changing nothing', () => {
    const file = init('nope');
    const before = auditEntries(file);
    const run = countersign('matrix', file, '--apply-template', 'nope');
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    const reason = run.stderr.trimEnd();
    expect(reason.split('\n')).toHaveLength(1);
    expect(reason).toContain('nope');
    expect(reason).toContain('solo');
    expect(auditEntries(file)).toBe(before);
  });

  it('says in one line when the CSV cannot be written', () => {
    const file = init('unwritable');
    const run = countersign('matrix', file, '--csv', join(dir, 'no-such-folder', 'matrix.csv'));
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain('matrix.csv');
  });

  it('refuses a file that does not exist with exit 2 and a one-line reason', () => {
    const run = countersign('matrix', join(dir, 'missing.countersign'));
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain('missing.countersign');
  });
});

describe('the demo workspace', () => {
  it('has a complete matrix with no gaps, flagged only where its evidence has open exceptions', () => {
    const file = join(dir, 'demo.countersign');
    const written = countersign('demo', file);
    expect(written.stderr).toBe('');
    expect(written.status).toBe(0);

    const run = countersign('matrix', file, '--json');
    expect(run.status).toBe(0);
    const matrix = JSON.parse(run.stdout) as MatrixView;
    for (const id of CLASSIC_SIX) expect(matrix.requirements.map((requirement) => requirement.catalogId)).toContain(id);
    for (const requirement of matrix.requirements) expect(requirement.controls.length, requirement.title).toBeGreaterThan(0);
    expect(matrix.gaps.filter((gap) => gap.severity === 'gap')).toEqual([]);
    // The demo's evidence holds a few lapses: the controls they test are flagged for that reason alone.
    for (const control of matrix.controls.filter((candidate) => candidate.status === 'flagged')) {
      expect(control.statusReason, control.title).toMatch(/open exception/);
    }
    for (const control of matrix.controls) {
      expect(control.evidenceKinds.length, control.title).toBeGreaterThan(0);
      expect(control.performerId, control.title).not.toBeNull();
      expect(control.reviewerId, control.title).not.toBeNull();
      expect(control.reviewerId, control.title).not.toBe(control.performerId);
    }
    expect(matrix.wizard?.step).toBe('done');

    const human = countersign('matrix', file);
    expect(human.stdout).toContain('Gap check: no gaps.');
    expect(countersign('audit', 'verify', file).status).toBe(0);
  });
});
