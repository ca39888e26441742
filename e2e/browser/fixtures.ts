import { test as base, expect, type Page } from '@playwright/test';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * Browser-mode fixtures: each test gets its own `node dist/server.js` on a free port, with its own
 * app-data and documents folders in a temp dir, so tests never share a session or a recent list.
 * Nothing is built here: the test command builds first.
 */

const ROOT = resolve(import.meta.dirname, '..', '..');
/** The built browser-mode entry; COUNTERSIGN_SERVER points elsewhere (e.g. a copy of dist/ while others rebuild). */
const SERVER = process.env.COUNTERSIGN_SERVER ?? join(ROOT, 'dist', 'server.js');
export const SCREENS_DIR = join(ROOT, 'test-results', 'screens');

export interface CountersignServer {
  /** http://127.0.0.1:PORT */
  origin: string;
  /** The URL the server printed, carrying this launch's token. */
  launchUrl: string;
  dataDir: string;
  documentsDir: string;
  /** Everything the server wrote to stdout and stderr so far. */
  output(): string;
}

const LAUNCH_LINE = /Open (http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)/;

const startServer = async (dataDir: string, documentsDir: string): Promise<{ child: ChildProcessWithoutNullStreams; server: CountersignServer }> => {
  const child = spawn(process.execPath, [SERVER, '--port', '0', '--data-dir', dataDir, '--documents-dir', documentsDir], {
    cwd: ROOT,
    stdio: 'pipe',
  });
  let output = '';
  const launchUrl = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`dist/server.js printed no launch URL within 20 s:\n${output}`)), 20_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const match = LAUNCH_LINE.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolveUrl(match[1]);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`dist/server.js exited with code ${code} before printing its URL (was it built? run node scripts/build.mjs):\n${output}`));
    });
  });
  return {
    child,
    server: { origin: new URL(launchUrl).origin, launchUrl, dataDir, documentsDir, output: () => output },
  };
};

const stopServer = async (child: ChildProcessWithoutNullStreams): Promise<void> => {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
};

interface Fixtures {
  server: CountersignServer;
  /** A page opened at the launch URL (the token is now a cookie) and showing the start screen. */
  app: Page;
}

export const test = base.extend<Fixtures>({
  server: async ({}, use) => {
    const root = realpathSync(mkdtempSync(join(tmpdir(), 'countersign-e2e-')));
    const dataDir = join(root, 'app-data');
    const documentsDir = join(root, 'documents');
    mkdirSync(dataDir);
    mkdirSync(documentsDir);
    const { child, server } = await startServer(dataDir, documentsDir);
    try {
      await use(server);
    } finally {
      await stopServer(child);
      rmSync(root, { recursive: true, force: true });
    }
  },
  app: async ({ page, server }, use) => {
    await page.goto(server.launchUrl);
    await expect(page.getByRole('heading', { name: 'Welcome to Countersign' })).toBeVisible();
    await use(page);
  },
});

export { expect };

/** Writes test-results/screens/<name>.png, the folder the test run keeps. */
export const screenshot = async (page: Page, name: string): Promise<void> => {
  mkdirSync(SCREENS_DIR, { recursive: true });
  // Let the progress bar and focus settle so the picture shows the screen at rest.
  await page.waitForTimeout(250);
  await page.screenshot({ path: join(SCREENS_DIR, `${name}.png`) });
};
