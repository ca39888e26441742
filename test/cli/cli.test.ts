import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeFileTempDir, makeTempDir } from '../support/tempDir.js';
import { NOBODY } from '../support/unprivileged.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const bin = join(root, 'bin', 'countersign.mjs');
const packageVersion = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;

let dataDir: string;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

const countersign = (args: string[], options: SpawnSyncOptions = {}): Run => {
  const result = spawnSync(process.execPath, [bin, ...args], {
    cwd: root,
    encoding: 'utf8',
    timeout: 60_000,
    ...options,
    env: { ...process.env, COUNTERSIGN_DATA_DIR: dataDir, NO_COLOR: '1', ...options.env },
  });
  if (result.error) throw result.error;
  return { code: result.status, stdout: String(result.stdout), stderr: String(result.stderr) };
};

const json = (run: Run): Record<string, unknown> => {
  expect(run.code, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as Record<string, unknown>;
};

/** Exit 2 with exactly one line on stderr, nothing on stdout. Returns that line. */
const expectBadInput = (run: Run): string => {
  expect(run.code, `stdout: ${run.stdout}\nstderr: ${run.stderr}`).toBe(2);
  const lines = run.stderr.trimEnd().split('\n');
  expect(lines, run.stderr).toHaveLength(1);
  expect(lines[0]!.length).toBeGreaterThan(10);
  expect(run.stdout).toBe('');
  return lines[0]!;
};

const initArgs = (file: string) => [
  'init',
  file,
  '--org',
  'Acme Widgets Ltd',
  '--framework',
  'soc2',
  '--framework',
  'iso27001',
  '--period-start',
  '2026-01-01',
  '--period-end',
  '2026-12-31',
  '--tz',
  'Europe/Berlin',
  '--owner',
  'Ada Founder',
  '--owner-email',
  'ada@acme.example',
];

beforeAll(() => {
  const build = spawnSync(process.execPath, ['scripts/build.mjs', '--node'], { cwd: root, encoding: 'utf8', timeout: 120_000 });
  expect(build.status, build.stderr).toBe(0);
  dataDir = join(makeFileTempDir('cli-data'), 'app-data');
}, 180_000);

// Each test starts the CLI a few times; on a busy machine that is slow, never a reason to fail.
describe('countersign CLI', { timeout: 120_000 }, () => {
  it('--version and --help exit 0', () => {
    const version = countersign(['--version']);
    expect(version.code).toBe(0);
    expect(version.stdout.trim()).toBe(packageVersion);
    const help = countersign(['--help']);
    expect(help.code).toBe(0);
    for (const command of ['init', 'demo', 'info', 'audit']) expect(help.stdout).toContain(command);
  });

  it('init with --org, repeated --framework, the period and --tz creates the workspace', () => {
    const dir = makeTempDir('cli');
    const file = join(dir, 'acme.countersign');
    const summary = json(countersign([...initArgs(file), '--json']));
    expect(summary).toMatchObject({
      path: file,
      organisation: 'Acme Widgets Ltd',
      frameworks: ['soc2', 'iso27001'],
      periodStart: '2026-01-01',
      periodEnd: '2026-12-31',
      timeZone: 'Europe/Berlin',
      isDemo: false,
      actor: { name: 'Ada Founder', email: 'ada@acme.example', role: 'owner' },
    });
    expect(existsSync(file)).toBe(true);
    expect(existsSync(`${file}.lock`)).toBe(false);
  });

  it('init prints one human line without --json, and resolves a relative path', () => {
    const dir = makeTempDir('cli');
    const run = countersign(['init', 'relative.countersign', '--org', 'Rel Ltd', '--tz', 'UTC'], { cwd: dir });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^Created .*relative\.countersign for Rel Ltd \(SOC 2, \d{4}-01-01 to \d{4}-12-31, UTC\)\.\n$/);
    expect(existsSync(join(dir, 'relative.countersign'))).toBe(true);
  });

  it('info --json describes the workspace and its people', () => {
    const dir = makeTempDir('cli');
    const file = join(dir, 'acme.countersign');
    const created = json(countersign([...initArgs(file), '--json']));
    const info = json(countersign(['info', file, '--json']));
    expect(info).toMatchObject({
      path: file,
      organisation: 'Acme Widgets Ltd',
      frameworks: ['soc2', 'iso27001'],
      timeZone: 'Europe/Berlin',
      auditEntries: created.auditEntries,
      headHash: created.headHash,
      schemaVersion: expect.any(Number),
      people: [expect.objectContaining({ name: 'Ada Founder', role: 'owner' })],
    });
    const human = countersign(['info', file]);
    expect(human.code).toBe(0);
    expect(human.stdout).toContain('Acme Widgets Ltd');
    expect(human.stdout).toContain(String(created.headHash));
  });

  it('demo writes the demo workspace, which then verifies', () => {
    const dir = makeTempDir('cli');
    const file = join(dir, 'demo.countersign');
    const run = countersign(['demo', file]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/demo workspace/);
    const info = json(countersign(['info', file, '--json']));
    expect(info.isDemo).toBe(true);
    const verification = json(countersign(['audit', 'verify', file, '--json']));
    expect(Object.keys(verification).sort()).toEqual(['entries', 'firstBroken', 'head', 'ok']);
    expect(verification).toEqual({ ok: true, entries: info.auditEntries, head: info.headHash, firstBroken: null });
    // The demo refuses to overwrite.
    expect(expectBadInput(countersign(['demo', file]))).toContain(file);
  });

  it('audit verify: exit 0 on a good file, exit 1 naming the first broken entry on a tampered one', () => {
    const dir = makeTempDir('cli');
    const file = join(dir, 'demo.countersign');
    expect(countersign(['demo', file]).code).toBe(0);
    const good = countersign(['audit', 'verify', file]);
    expect(good.code).toBe(0);
    expect(good.stdout).toMatch(/^OK: \d+ entries, head [0-9a-f]{64}\n$/);
    const before = readFileSync(file);

    const db = new Database(file);
    db.exec("DROP TRIGGER audit_log_no_update; UPDATE audit_log SET justification = 'rewritten later' WHERE seq = 3;");
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    expect(readFileSync(file).equals(before)).toBe(false);

    const broken = countersign(['audit', 'verify', file, '--json']);
    expect(broken.code).toBe(1);
    const result = JSON.parse(broken.stdout);
    expect(result).toMatchObject({ ok: false, firstBroken: { seq: 3, reason: expect.stringMatching(/changed/) } });
    expect(result.entries).toBeGreaterThan(3);
    const human = countersign(['audit', 'verify', file]);
    expect(human.code).toBe(1);
    expect(human.stdout).toMatch(/^BROKEN at entry 3: /);
  });

  it('audit verify changes no byte of the file it checks', () => {
    const dir = makeTempDir('cli');
    const file = join(dir, 'demo.countersign');
    expect(countersign(['demo', file]).code).toBe(0);
    const before = readFileSync(file);
    expect(countersign(['audit', 'verify', file]).code).toBe(0);
    expect(readFileSync(file).equals(before)).toBe(true);
    expect(existsSync(`${file}.lock`)).toBe(false);
  });

  describe('exit 2 with a one-line reason', () => {
    it('a file that is not a workspace', () => {
      const dir = makeTempDir('cli');
      const file = join(dir, 'notes.txt');
      writeFileSync(file, 'just some notes\n'.repeat(50));
      for (const args of [['audit', 'verify', file], ['audit', 'verify', file, '--json'], ['info', file]]) {
        const line = expectBadInput(countersign(args));
        expect(line).toContain(file);
        expect(line).toMatch(/not a Countersign workspace/);
      }
    });

    it('a missing file', () => {
      const dir = makeTempDir('cli');
      const file = join(dir, 'missing.countersign');
      const line = expectBadInput(countersign(['audit', 'verify', file]));
      expect(line).toContain(file);
      expect(line).toMatch(/does not exist/);
      expect(existsSync(file)).toBe(false);
    });

    it('an invalid --tz', () => {
      const dir = makeTempDir('cli');
      const file = join(dir, 'x.countersign');
      const line = expectBadInput(countersign(['init', file, '--org', 'X', '--tz', 'Mars/Olympus_Mons']));
      expect(line).toMatch(/time zone/i);
      expect(existsSync(file)).toBe(false);
    });

    it('a period that ends before it starts', () => {
      const dir = makeTempDir('cli');
      const file = join(dir, 'x.countersign');
      const line = expectBadInput(countersign(['init', file, '--org', 'X', '--tz', 'UTC', '--period-start', '2026-12-31', '--period-end', '2026-01-01']));
      expect(line).toMatch(/end after it starts/);
      expect(existsSync(file)).toBe(false);
    });

    it('a date that is not ISO 8601, and an unknown framework', () => {
      const dir = makeTempDir('cli');
      const file = join(dir, 'x.countersign');
      expect(expectBadInput(countersign(['init', file, '--org', 'X', '--tz', 'UTC', '--period-start', '01/02/2026']))).toMatch(/YYYY-MM-DD/);
      expect(expectBadInput(countersign(['init', file, '--org', 'X', '--tz', 'UTC', '--framework', 'pci-dss']))).toMatch(/framework/i);
      expect(existsSync(file)).toBe(false);
    });

    it('an unknown command', () => {
      const line = expectBadInput(countersign(['frobnicate', 'x']));
      expect(line).toMatch(/unknown command/);
    });

    it('a missing required option or argument', () => {
      const dir = makeTempDir('cli');
      expect(expectBadInput(countersign(['init', join(dir, 'x.countersign')]))).toMatch(/--org/);
      expect(expectBadInput(countersign(['audit', 'verify']))).toMatch(/missing required argument/);
    });

    it('init over an existing file, which is left alone', () => {
      const dir = makeTempDir('cli');
      const file = join(dir, 'taken.countersign');
      writeFileSync(file, 'precious');
      expect(expectBadInput(countersign(['init', file, '--org', 'X', '--tz', 'UTC']))).toMatch(/already exists/);
      expect(readFileSync(file, 'utf8')).toBe('precious');
    });

    it('a truncated workspace', () => {
      const dir = makeTempDir('cli');
      const file = join(dir, 'demo.countersign');
      expect(countersign(['demo', file]).code).toBe(0);
      const bytes = readFileSync(file);
      writeFileSync(file, bytes.subarray(0, Math.floor(bytes.length / 2)));
      expect(expectBadInput(countersign(['audit', 'verify', file]))).toMatch(/truncated|damaged/);
    });
  });

  describe('read-only locations (as an unprivileged user; root ignores permission bits)', () => {
    const asNobody = (): SpawnSyncOptions | null => {
      if (process.platform === 'win32' || process.getuid?.() !== 0) {
        console.log('skipped: switching to an unprivileged user needs root on a POSIX system');
        return null;
      }
      return { ...NOBODY, cwd: '/' };
    };

    it('init in a folder the user cannot write: exit 2, one line, nothing written', () => {
      const options = asNobody();
      if (!options) return;
      const dir = makeTempDir('cli-ro');
      chmodSync(dir, 0o755);
      const run = countersign(['init', join(dir, 'x.countersign'), '--org', 'X', '--tz', 'UTC'], options);
      expect(expectBadInput(run)).toMatch(/read-only/);
      expect(existsSync(join(dir, 'x.countersign'))).toBe(false);
    });

    it('audit verify of a workspace in a folder the user cannot write: it verifies, or says in one line why not', () => {
      const options = asNobody();
      if (!options) return;
      const dir = makeTempDir('cli-ro');
      mkdirSync(join(dir, 'share'));
      const file = join(dir, 'share', 'demo.countersign');
      expect(countersign(['demo', file]).code).toBe(0);
      chmodSync(dir, 0o755);
      chmodSync(join(dir, 'share'), 0o755);
      chmodSync(file, 0o644);
      const run = countersign(['audit', 'verify', file, '--json'], options);
      if (run.code === 0) {
        expect(JSON.parse(run.stdout)).toMatchObject({ ok: true });
      } else {
        const line = expectBadInput(run);
        expect(line).toContain(file);
        expect(line).toMatch(/copy it/i);
      }
    });
  });
});
