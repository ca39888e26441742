import { _electron as electron, expect, test, type ElectronApplication, type Page } from '@playwright/test';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';
import { AuditTrailPage } from '../pages/AuditTrailPage.js';
import { ShellPage } from '../pages/ShellPage.js';
import { StartPage } from '../pages/StartPage.js';

/**
 * The desktop app itself: Electron, the preload bridge, app:// and IPC into the core.
 * Runs where the Electron binary is on disk and a display exists (DISPLAY, or Xvfb started here);
 * elsewhere every test is skipped with the reason. Nothing here downloads Electron: the check is
 * `node scripts/start.mjs --electron-status`, which also prepares better-sqlite3 for Electron's ABI.
 */

const ROOT = resolve(import.meta.dirname, '..', '..');
const SCREENS_DIR = join(ROOT, 'test-results', 'screens');

interface ElectronStatus {
  available: boolean;
  reason?: string;
  electronPath?: string;
  env?: Record<string, string>;
}

const electronStatus = (): ElectronStatus => {
  const result = spawnSync(process.execPath, [join(ROOT, 'scripts', 'start.mjs'), '--electron-status'], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, COUNTERSIGN_NO_ELECTRON_DOWNLOAD: '1' },
    timeout: 900_000,
  });
  try {
    return JSON.parse(result.stdout.trim()) as ElectronStatus;
  } catch {
    return { available: false, reason: `scripts/start.mjs --electron-status failed: ${result.stderr.trim() || result.error?.message}` };
  }
};

const onPath = (command: string): boolean =>
  (process.env.PATH ?? '').split(delimiter).some((dir) => dir && existsSync(join(dir, command)));

/** How Electron gets a screen: the one we have, Xvfb (what xvfb-run wraps), or none. */
const displayPlan = (): { kind: 'native' } | { kind: 'existing'; display: string } | { kind: 'xvfb' } | { kind: 'none'; reason: string } => {
  if (process.platform === 'win32' || process.platform === 'darwin') return { kind: 'native' };
  if (process.env.DISPLAY) return { kind: 'existing', display: process.env.DISPLAY };
  if (process.env.WAYLAND_DISPLAY) return { kind: 'native' };
  if (onPath('Xvfb')) return { kind: 'xvfb' };
  return {
    kind: 'none',
    reason: 'no display: DISPLAY is not set and Xvfb is not installed (apt-get install xvfb, or run under xvfb-run)',
  };
};

/** Starts Xvfb on a free display number (it reports the number on fd 3). */
const startXvfb = (): Promise<{ child: ChildProcess; display: string }> =>
  new Promise((resolveStart, reject) => {
    const child = spawn('Xvfb', ['-displayfd', '3', '-screen', '0', '1400x960x24', '-nolisten', 'tcp'], { stdio: ['ignore', 'ignore', 'pipe', 'pipe'] });
    let number = '';
    let stderr = '';
    const timer = setTimeout(() => reject(new Error(`Xvfb reported no display within 10 s: ${stderr}`)), 10_000);
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    (child.stdio[3] as NodeJS.ReadableStream).on('data', (chunk: Buffer) => {
      number += chunk.toString();
      if (number.includes('\n')) {
        clearTimeout(timer);
        resolveStart({ child, display: `:${number.trim()}` });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Xvfb exited (${code}): ${stderr}`));
    });
  });

const status = electronStatus();
const display = displayPlan();
const skipReason = !status.available
  ? `Electron is not available on this machine (${status.reason}): run these tests on a machine with internet, where \`npm start\` fetches Electron 45 on its first start`
  : display.kind === 'none'
    ? `Electron cannot show a window here: ${display.reason}`
    : null;
// The list reporter does not print skip reasons: say it once, plainly.
if (skipReason) console.log(`Skipping the Electron end-to-end tests. ${skipReason}.`);

test.describe('desktop app (Electron)', () => {
  test.skip(skipReason !== null, skipReason ?? '');

  let xvfb: ChildProcess | null = null;
  let dataRoot = '';
  let app: ElectronApplication;
  let page: Page;

  test.beforeAll(async () => {
    let displayEnv: Record<string, string> = {};
    if (display.kind === 'xvfb') {
      const started = await startXvfb();
      xvfb = started.child;
      displayEnv = { DISPLAY: started.display };
    } else if (display.kind === 'existing') {
      displayEnv = { DISPLAY: display.display };
    }
    dataRoot = realpathSync(mkdtempSync(join(tmpdir(), 'countersign-electron-')));
    mkdirSync(join(dataRoot, 'documents'));
    const env: Record<string, string> = {};
    for (const [key, value] of Object.entries(process.env)) if (value !== undefined && key !== 'ELECTRON_RUN_AS_NODE') env[key] = value;
    app = await electron.launch({
      executablePath: status.electronPath,
      // Chromium will not start its sandbox as root (CI containers): only then, and only in tests.
      args: [ROOT, ...(process.getuid?.() === 0 ? ['--no-sandbox'] : [])],
      cwd: ROOT,
      env: {
        ...env,
        ...status.env,
        ...displayEnv,
        COUNTERSIGN_DATA_DIR: join(dataRoot, 'app-data'),
        COUNTERSIGN_DOCUMENTS_DIR: join(dataRoot, 'documents'),
      },
      timeout: 60_000,
    });
    page = await app.firstWindow();
  });

  test.afterAll(async () => {
    await app?.close();
    if (xvfb && xvfb.exitCode === null) xvfb.kill('SIGTERM');
    if (dataRoot) rmSync(dataRoot, { recursive: true, force: true });
  });

  test('shows the start screen from app:// with only the bridge exposed', async () => {
    await new StartPage(page).expectShown();
    expect(page.url()).toMatch(/^app:\/\/countersign\/index\.html/);
    const exposed = await page.evaluate(() => ({
      bridge: typeof window.countersign,
      appInfo: typeof window.countersign?.['app.info'],
      require: typeof (globalThis as { require?: unknown }).require,
      process: typeof (globalThis as { process?: unknown }).process,
    }));
    expect(exposed).toEqual({ bridge: 'object', appInfo: 'function', require: 'undefined', process: 'undefined' });
    const info = await page.evaluate(() => window.countersign?.['app.info']({}));
    expect(info).toMatchObject({ ok: true, value: { mode: 'desktop', nativeDialogs: true } });
    // Denied (an https link would go to the default browser instead; plain http is just refused).
    const webWindow = await page.evaluate(() => window.open('http://example.com/') === null);
    expect(webWindow).toBe(true);
    expect(app.windows()).toHaveLength(1);
  });

  test('opens the demo workspace and shows its audit trail, with the chain verified', async () => {
    await new StartPage(page).demoButton.click();
    const shell = new ShellPage(page);
    await shell.expectOpen('Brightline Analytics Ltd');
    await shell.goTo('Audit trail');
    const audit = new AuditTrailPage(page);
    await audit.expectLoaded();
    await expect(audit.summary).toHaveText(/\d+ entries/);
    await audit.verify();
    await expect(audit.verifyResult).toContainText('Chain OK');
    mkdirSync(SCREENS_DIR, { recursive: true });
    await page.screenshot({ path: join(SCREENS_DIR, 'electron-audit-trail.png') });
  });
});
