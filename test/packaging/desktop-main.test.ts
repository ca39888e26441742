import { build } from 'esbuild';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../shared/security.js';

/**
 * The Electron main process, bundled as the build does and run against a stand-in for the `electron`
 * module (the real binary cannot be downloaded here): checks the wiring — window security settings,
 * app:// registration, the IPC door into the real core, dialogs, guards, and the lock release on quit.
 */

type Listener = (...args: unknown[]) => unknown;
class Emitter {
  private readonly listeners = new Map<string, Listener[]>();
  on(event: string, listener: Listener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }
  once(event: string, listener: Listener): this {
    return this.on(event, listener);
  }
  emit(event: string, ...args: unknown[]): unknown[] {
    return (this.listeners.get(event) ?? []).map((listener) => listener(...args));
  }
}

const root = fileURLToPath(new URL('../../', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'countersign-main-'));
const distDir = join(scratch, 'dist');

const calls = {
  schemes: [] as unknown[],
  protocolHandlers: new Map<string, (request: Request) => Promise<Response>>(),
  ipcHandlers: new Map<string, Listener>(),
  opened: [] as string[],
  quit: 0,
  sandboxEnabled: false,
  permissionRequest: null as null | Listener,
  permissionCheck: null as null | Listener,
  devicePermission: null as null | Listener,
  dialogOptions: [] as Record<string, unknown>[],
  dialogAnswer: { canceled: true, filePaths: [] as string[], filePath: '' },
  menu: null as unknown,
};

class FakeWebContents extends Emitter {
  openHandler: Listener | null = null;
  setWindowOpenHandler(handler: Listener) {
    this.openHandler = handler;
  }
}

const paths: Record<string, string> = { userData: join(scratch, 'userData'), documents: join(scratch, 'Documents') };
const app = Object.assign(new Emitter(), {
  isPackaged: false,
  getPath: (name: string) => paths[name] ?? join(scratch, name),
  setPath: (name: string, value: string) => void (paths[name] = value),
  getAppPath: () => root,
  enableSandbox: () => void (calls.sandboxEnabled = true),
  requestSingleInstanceLock: () => true,
  whenReady: () => Promise.resolve(),
  isReady: () => true,
  quit: () => {
    calls.quit += 1;
    app.emit('before-quit');
  },
  exit: () => undefined,
  setAboutPanelOptions: () => undefined,
});

class FakeBrowserWindow extends Emitter {
  static all: FakeBrowserWindow[] = [];
  static getAllWindows = () => FakeBrowserWindow.all;
  readonly webContents = new FakeWebContents();
  url = '';
  focused = 0;
  constructor(readonly options: Record<string, unknown>) {
    super();
    FakeBrowserWindow.all.push(this);
    app.emit('web-contents-created', {}, this.webContents);
  }
  loadURL(url: string) {
    this.url = url;
    return Promise.resolve();
  }
  isMinimized = () => false;
  restore = () => undefined;
  show = () => undefined;
  focus = () => void (this.focused += 1);
}

const answerDialog = (...args: unknown[]) => {
  calls.dialogOptions.push(args[args.length - 1] as Record<string, unknown>);
  return Promise.resolve(calls.dialogAnswer);
};

const fakeElectron = {
  app,
  BrowserWindow: FakeBrowserWindow,
  protocol: {
    registerSchemesAsPrivileged: (schemes: unknown[]) => calls.schemes.push(...schemes),
    handle: (scheme: string, handler: (request: Request) => Promise<Response>) => calls.protocolHandlers.set(scheme, handler),
  },
  ipcMain: { handle: (channel: string, handler: Listener) => calls.ipcHandlers.set(channel, handler) },
  session: {
    defaultSession: {
      setPermissionRequestHandler: (handler: Listener) => void (calls.permissionRequest = handler),
      setPermissionCheckHandler: (handler: Listener) => void (calls.permissionCheck = handler),
      setDevicePermissionHandler: (handler: Listener) => void (calls.devicePermission = handler),
    },
  },
  shell: { openExternal: (url: string) => Promise.resolve(void calls.opened.push(url)) },
  dialog: { showOpenDialog: answerDialog, showSaveDialog: answerDialog },
  Menu: { buildFromTemplate: (template: unknown) => ({ template }), setApplicationMenu: (menu: unknown) => void (calls.menu = menu) },
};

type ModuleInternals = typeof Module & {
  _resolveFilename: (request: string, ...rest: unknown[]) => string;
  _cache: Record<string, unknown>;
};
const internals = Module as ModuleInternals;
const originalResolve = internals._resolveFilename;
const fakeId = join(scratch, 'electron-stand-in.cjs');
const signalListeners = { SIGINT: process.listeners('SIGINT'), SIGTERM: process.listeners('SIGTERM') };

const rpc = (url: string, method: string, input: unknown = {}, parent: unknown = null) =>
  calls.ipcHandlers.get('countersign:rpc')?.({ senderFrame: { url, parent } }, method, input) as Promise<{ ok: boolean; value?: never; error?: { code: string } }>;
const APP = 'app://countersign/index.html';

beforeAll(async () => {
  await build({
    absWorkingDir: root,
    entryPoints: { main: 'electron/main/main.ts' },
    outdir: join(distDir, 'electron'),
    outExtension: { '.js': '.cjs' },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['electron', 'better-sqlite3'],
    logLevel: 'error',
  });
  mkdirSync(join(distDir, 'renderer'), { recursive: true });
  writeFileSync(join(distDir, 'renderer', 'index.html'), '<!doctype html><title>Countersign</title>');

  const stand = new Module(fakeId);
  stand.exports = fakeElectron;
  stand.loaded = true;
  internals._cache[fakeId] = stand;
  // The bundle sits in a temp folder: its one other external, better-sqlite3, comes from this checkout.
  const sqlite = createRequire(join(root, 'package.json')).resolve('better-sqlite3');
  internals._resolveFilename = (request, ...rest) =>
    request === 'electron' ? fakeId : request === 'better-sqlite3' ? sqlite : originalResolve(request, ...rest);
  process.env.COUNTERSIGN_DATA_DIR = join(scratch, 'data');
  createRequire(join(distDir, 'electron', 'main.cjs'))(join(distDir, 'electron', 'main.cjs'));
  await new Promise((resolve) => setTimeout(resolve, 20));
}, 60_000);

afterAll(() => {
  app.emit('before-quit');
  internals._resolveFilename = originalResolve;
  delete internals._cache[fakeId];
  delete process.env.COUNTERSIGN_DATA_DIR;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    for (const listener of process.listeners(signal)) if (!signalListeners[signal].includes(listener)) process.off(signal, listener);
  }
  rmSync(scratch, { recursive: true, force: true });
});

describe('the Electron main process (against a stand-in electron module)', () => {
  it('registers app:// as a privileged standard scheme and enables the sandbox everywhere', () => {
    expect(calls.schemes).toEqual([{ scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true, supportFetchAPI: true }) }]);
    expect(calls.sandboxEnabled).toBe(true);
    expect(paths.userData).toBe(join(scratch, 'data'));
  });

  it('opens one window with the locked-down web preferences on app://countersign', () => {
    expect(FakeBrowserWindow.all).toHaveLength(1);
    const [window] = FakeBrowserWindow.all;
    expect(window?.url).toBe(APP);
    expect(window?.options.webPreferences).toMatchObject({
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
      preload: join(distDir, 'electron', 'preload.cjs'),
    });
  });

  it('serves the renderer on app:// with the CSP', async () => {
    const handler = calls.protocolHandlers.get('app');
    const response = await handler?.(new Request(APP));
    expect(response?.status).toBe(200);
    expect(response?.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect((await handler?.(new Request('app://countersign/..%2f..%2fpackage.json')))?.status).toBe(403);
  });

  it('answers IPC from our page through the core, as a desktop', async () => {
    await expect(rpc(APP, 'app.info')).resolves.toMatchObject({ ok: true, value: { mode: 'desktop', nativeDialogs: true } });
    await expect(rpc('https://evil.example/', 'app.info')).resolves.toMatchObject({ ok: false, error: { code: 'UNSUPPORTED' } });
    await expect(rpc(APP, 'app.info', {}, {})).resolves.toMatchObject({ ok: false });
    await expect(rpc(APP, 'nope')).resolves.toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });
  });

  it('asks for workspace files with native dialogs filtered to *.countersign', async () => {
    calls.dialogAnswer = { canceled: false, filePaths: [], filePath: join(scratch, 'Documents', 'Acme') };
    await expect(rpc(APP, 'dialog.chooseWorkspaceToCreate', { suggestedName: 'Acme Ltd' })).resolves.toEqual({
      ok: true,
      value: { status: 'chosen', path: join(scratch, 'Documents', 'Acme.countersign') },
    });
    expect(calls.dialogOptions.at(-1)).toMatchObject({
      defaultPath: join(scratch, 'Documents', 'Acme Ltd.countersign'),
      filters: [{ name: 'Countersign workspace (*.countersign)', extensions: ['countersign'] }],
    });
    calls.dialogAnswer = { canceled: false, filePaths: ['/somewhere/Acme.countersign'], filePath: '' };
    await expect(rpc(APP, 'dialog.chooseWorkspaceToOpen')).resolves.toEqual({ ok: true, value: { status: 'chosen', path: '/somewhere/Acme.countersign' } });
    calls.dialogAnswer = { canceled: true, filePaths: [], filePath: '' };
    await expect(rpc(APP, 'dialog.chooseWorkspaceToOpen')).resolves.toEqual({ ok: true, value: { status: 'cancelled' } });
  });

  it('denies navigation away, new windows, webviews and permissions; https links go to the browser', () => {
    const contents = FakeBrowserWindow.all[0]!.webContents;
    const navigate = (event: string, url: string, extra: Record<string, unknown> = {}) => {
      let prevented = false;
      contents.emit(event, { url, ...extra, preventDefault: () => (prevented = true) });
      return prevented;
    };
    expect(navigate('will-navigate', 'https://example.com/docs')).toBe(true);
    expect(navigate('will-navigate', 'file:///etc/passwd')).toBe(true);
    expect(navigate('will-navigate', 'app://countersign/index.html')).toBe(false);
    expect(navigate('will-frame-navigate', 'https://example.com/', { isMainFrame: false })).toBe(true);
    expect(navigate('will-redirect', 'https://example.com/')).toBe(true);
    expect(navigate('will-attach-webview', 'about:blank')).toBe(true);
    expect(contents.openHandler?.({ url: 'https://www.iso.org/standard/27001' })).toEqual({ action: 'deny' });
    expect(contents.openHandler?.({ url: 'http://insecure.example/' })).toEqual({ action: 'deny' });
    expect(calls.opened).toEqual(['https://example.com/docs', 'https://www.iso.org/standard/27001']);

    let granted: boolean | null = null;
    calls.permissionRequest?.(contents, 'media', (answer: boolean) => (granted = answer), {});
    expect(granted).toBe(false);
    expect(calls.permissionCheck?.(contents, 'clipboard-read', APP, {})).toBe(false);
    expect(calls.devicePermission?.({})).toBe(false);
  });

  it('has an application menu with developer tools in a development build', () => {
    expect(JSON.stringify(calls.menu)).toContain('toggleDevTools');
  });

  it('focuses the existing window on a second launch', () => {
    const [window] = FakeBrowserWindow.all;
    const before = window!.focused;
    app.emit('second-instance', {}, [], root);
    expect(window!.focused).toBe(before + 1);
    expect(FakeBrowserWindow.all).toHaveLength(1);
  });

  it('closes the workspace (releasing its lock file) when the app quits', async () => {
    const opened = await rpc(APP, 'workspace.openDemo');
    expect(opened).toMatchObject({ ok: true });
    const demo = (opened.value as unknown as { path: string }).path;
    expect(existsSync(`${demo}.lock`)).toBe(true);
    app.emit('window-all-closed');
    expect(existsSync(`${demo}.lock`)).toBe(false);
    await expect(rpc(APP, 'workspace.current')).resolves.toEqual({ ok: true, value: null });
    if (process.platform !== 'darwin') expect(calls.quit).toBeGreaterThan(0);
  });
});
