import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** `npm start` (scripts/start.mjs): the desktop app where Electron can run, else one line and browser mode. */
const root = fileURLToPath(new URL('../../', import.meta.url));
const script = join(root, 'scripts', 'start.mjs');
const dataDir = mkdtempSync(join(tmpdir(), 'countersign-start-'));
const env = { ...process.env, COUNTERSIGN_DATA_DIR: dataDir, COUNTERSIGN_DOCUMENTS_DIR: dataDir, COUNTERSIGN_NO_ELECTRON_DOWNLOAD: '1' };

const status = () => {
  const result = spawnSync(process.execPath, [script, '--electron-status'], { cwd: root, env, encoding: 'utf8', timeout: 120_000 });
  return { code: result.status, report: JSON.parse(result.stdout.trim()) as { available: boolean; reason?: string; electronPath?: string } };
};

/** Starts the script and resolves with everything it printed up to the browser-mode address. */
const startUntilUrl = (args: string[]) =>
  new Promise<{ child: ChildProcess; lines: string[]; url: string }>((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`no address within 30 s; stdout: ${out} stderr: ${err}`)), 30_000);
    child.stderr.on('data', (chunk) => (err += chunk));
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const match = /Open (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/.exec(out);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve({ child, lines: out.trim().split('\n'), url: match[1] });
      }
    });
    child.on('exit', (code) => reject(new Error(`exited (${code}) before printing an address; stdout: ${out} stderr: ${err}`)));
  });

const stop = async (child: ChildProcess, signal: NodeJS.Signals) => {
  await new Promise((resolve) => setTimeout(resolve, 300)); // browser mode installs its handlers after printing
  const ended = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, sig) => resolve({ code, signal: sig })));
  child.kill(signal);
  return ended;
};

beforeAll(() => {
  if (!existsSync(join(root, 'dist', 'server.js'))) spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs'), '--node'], { cwd: root, stdio: 'inherit' });
}, 120_000);
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('scripts/start.mjs', () => {
  it('--electron-status reports, without downloading, whether the desktop app can start', () => {
    const { code, report } = status();
    expect(typeof report.available).toBe('boolean');
    if (report.available) {
      expect(code).toBe(0);
      expect(existsSync(report.electronPath ?? '')).toBe(true);
    } else {
      expect(code).toBe(1);
      expect(report.reason).toMatch(/\w/);
    }
  }, 120_000);

  it('without Electron, says why in one line and serves browser mode', async (context) => {
    const { report } = status();
    if (report.available) context.skip(true, 'Electron can run here, so `npm start` opens the desktop app instead');
    const { child, lines, url } = await startUntilUrl(['--no-download']);
    try {
      expect(lines).toHaveLength(2);
      expect(lines[0]).toMatch(/^Electron is not available on this machine \(.+\); starting browser mode instead\.$/);
      expect(lines[0]).toContain(report.reason);
      expect(lines[1]).toMatch(/^Countersign is running in browser mode\. Open http:\/\/127\.0\.0\.1:\d+\/\?token=/);
      const response = await fetch(url, { redirect: 'manual' });
      expect(response.status).toBe(302);
    } finally {
      expect(await stop(child, 'SIGINT')).toEqual({ code: 0, signal: null });
    }
  }, 60_000);

  it('--browser goes straight to browser mode and passes signals on', async () => {
    const { child, lines } = await startUntilUrl(['--browser']);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^Countersign is running in browser mode\./);
    expect(await stop(child, 'SIGTERM')).toEqual({ code: 0, signal: null });
  }, 60_000);
});

/**
 * A stand-in Electron (ELECTRON_OVERRIDE_DIST_PATH): as ELECTRON_RUN_AS_NODE it is Node, except that
 * with FAKE_WRONG_ABI it refuses the default better-sqlite3 binary as Electron would; as the app it
 * prints what it was given and exits with FAKE_EXIT, writing FAKE_STDERR first.
 */
describe.skipIf(process.platform === 'win32')('scripts/start.mjs with an Electron on disk', () => {
  const fakeDist = join(dataDir, 'fake-electron');
  const cacheDir = join(dataDir, 'cache');
  const withFake = (extra: Record<string, string | undefined>) => {
    const merged: NodeJS.ProcessEnv = { ...env, ELECTRON_OVERRIDE_DIST_PATH: fakeDist, COUNTERSIGN_ELECTRON_CACHE: cacheDir, DISPLAY: ':99', ...extra };
    for (const [key, value] of Object.entries(merged)) if (value === undefined) delete merged[key];
    return merged;
  };
  const run = (extra: Record<string, string | undefined>) =>
    new Promise<{ code: number | null; stdout: string; stderr: string; child: ChildProcess }>((resolve) => {
      const child = spawn(process.execPath, [script], { cwd: root, env: withFake(extra), stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stderr.on('data', (chunk) => (stderr += chunk));
      child.stdout.on('data', (chunk) => {
        stdout += chunk;
        if (/Open http/.test(stdout)) setTimeout(() => child.kill('SIGINT'), 300);
      });
      child.on('exit', (code) => resolve({ code, stdout, stderr, child }));
    });

  beforeAll(() => {
    mkdirSync(fakeDist, { recursive: true });
    writeFileSync(
      join(fakeDist, 'electron'),
      [
        '#!/bin/sh',
        'if [ -n "$ELECTRON_RUN_AS_NODE" ]; then',
        '  case "$2" in *nativeBinding*) ;; *better-sqlite3*) if [ -n "$FAKE_WRONG_ABI" ]; then echo "Error: The module was compiled against a different Node.js version" >&2; exit 1; fi ;; esac',
        `  exec "${process.execPath}" "$@"`,
        'fi',
        'echo "fake electron: $1 sqlite=${COUNTERSIGN_SQLITE_BINDING:-node_modules}"',
        '[ -n "$FAKE_STDERR" ] && echo "$FAKE_STDERR" >&2',
        'exit ${FAKE_EXIT:-0}',
        '',
      ].join('\n'),
    );
    chmodSync(join(fakeDist, 'electron'), 0o755);
  });

  it('launches Electron on the project and waits for it', async () => {
    const { code, stdout } = await run({});
    expect(stdout.trim()).toBe(`fake electron: ${root} sqlite=node_modules`);
    expect(code).toBe(0);
  }, 60_000);

  it('falls back to browser mode, in one line, when no window can show', async () => {
    const { stdout } = await run({ DISPLAY: undefined, WAYLAND_DISPLAY: undefined });
    const lines = stdout.trim().split('\n');
    expect(lines[0]).toBe(
      'Electron is not available on this machine (no graphical display: DISPLAY and WAYLAND_DISPLAY are not set); starting browser mode instead.',
    );
    expect(lines[1]).toMatch(/^Countersign is running in browser mode\. Open /);
  }, 60_000);

  it('falls back to browser mode when Electron dies at once, naming the sandbox problem', async () => {
    const { stdout, stderr } = await run({ FAKE_EXIT: '1', FAKE_STDERR: 'FATAL: The SUID sandbox helper binary was found, but is not configured correctly.' });
    expect(stderr).toContain('SUID sandbox helper');
    const lines = stdout.trim().split('\n');
    expect(lines[1]).toMatch(/^Electron could not start on this machine \(Chromium's sandbox helper is not set up: .+\); starting browser mode instead\.$/);
    expect(lines[2]).toMatch(/^Countersign is running in browser mode\. Open /);
  }, 60_000);

  it('hands Electron a better-sqlite3 built for its ABI when node_modules holds the Node build', async () => {
    const abi = process.versions.modules;
    const sqliteDir = createRequire(join(root, 'package.json')).resolve('better-sqlite3/package.json').replace(/package\.json$/, '');
    const version = (JSON.parse(readFileSync(join(sqliteDir, 'package.json'), 'utf8')) as { version: string }).version;
    const cached = join(cacheDir, `better-sqlite3-${version}-electron-${abi}-${process.platform}-${process.arch}.node`);
    mkdirSync(cacheDir, { recursive: true });
    copyFileSync(join(sqliteDir, 'build', 'Release', 'better_sqlite3.node'), cached);
    const { code, stdout } = await run({ FAKE_WRONG_ABI: '1' });
    expect(stdout.trim()).toBe(`fake electron: ${root} sqlite=${cached}`);
    expect(code).toBe(0);

    const status = spawnSync(process.execPath, [script, '--electron-status'], { cwd: root, env: withFake({ FAKE_WRONG_ABI: '1' }), encoding: 'utf8' });
    expect(JSON.parse(status.stdout)).toEqual({
      available: true,
      electronPath: join(fakeDist, 'electron'),
      env: { COUNTERSIGN_SQLITE_BINDING: cached },
      window: null,
    });
  }, 60_000);
});
