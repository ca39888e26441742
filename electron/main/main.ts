import { app, BrowserWindow, ipcMain, Menu, protocol, session as electronSession, shell, type WebContents } from 'electron';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { RPC_CHANNEL } from '../../shared/bridge.js';
import { Session, type CoreContext } from '../core/context.js';
import { useSqliteNativeBinding } from '../core/workspace/database.js';
import { APP_VERSION } from '../core/version.js';
import { APP_ENTRY_URL, APP_SCHEME, createAppRequestHandler } from './appProtocol.js';
import { createElectronPlatform } from './electronPlatform.js';
import { externalUrlToOpen, isNavigationAllowed, isPermissionGranted } from './guards.js';
import { buildApplicationMenu } from './menu.js';
import { handleRpc } from './rpc.js';

/**
 * The desktop door: one window showing the renderer from app://countersign, one IPC channel into the
 * core's dispatch, and everything else a web page could ask for denied.
 * Built to dist/electron/main.cjs; the preload and the renderer sit beside it in dist/.
 */

const distDir = resolve(__dirname, '..');
const rendererDir = join(distDir, 'renderer');
const preloadPath = join(distDir, 'electron', 'preload.cjs');
const iconPath = join(app.getAppPath(), 'assets', 'icon.png');

// `npm start` runs Electron over a node_modules built for Node; start.mjs hands over an Electron build.
if (!app.isPackaged) useSqliteNativeBinding(process.env.COUNTERSIGN_SQLITE_BINDING);

// Tests and side-by-side installs keep their own data (and their own single-instance lock).
if (process.env.COUNTERSIGN_DATA_DIR) app.setPath('userData', resolve(process.env.COUNTERSIGN_DATA_DIR));

protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true, codeCache: true } },
]);
app.enableSandbox();

let mainWindow: BrowserWindow | null = null;
const session = new Session();

const closeWorkspace = (): void => {
  try {
    session.close();
  } catch (error) {
    console.error('[countersign] closing the workspace failed:', error);
  }
};

const openExternally = (url: string): void => {
  const safe = externalUrlToOpen(url);
  if (safe) void shell.openExternal(safe);
};

/** Applied to every web contents the app ever creates, the window's and any other. */
const lockDown = (contents: WebContents): void => {
  contents.on('will-navigate', (event) => {
    if (isNavigationAllowed(event.url)) return;
    event.preventDefault();
    openExternally(event.url);
  });
  contents.on('will-frame-navigate', (event) => {
    if (event.isMainFrame && isNavigationAllowed(event.url)) return;
    event.preventDefault();
  });
  contents.on('will-redirect', (event) => {
    if (!isNavigationAllowed(event.url)) event.preventDefault();
  });
  contents.setWindowOpenHandler(({ url }) => {
    openExternally(url);
    return { action: 'deny' };
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
};

const createWindow = (): BrowserWindow => {
  const window = new BrowserWindow({
    width: 1360,
    height: 860,
    minWidth: 960,
    minHeight: 600,
    title: 'Countersign',
    show: false,
    backgroundColor: '#f6f5f1',
    ...(process.platform === 'linux' && existsSync(iconPath) ? { icon: iconPath } : {}),
    webPreferences: {
      preload: preloadPath,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      devTools: !app.isPackaged,
    },
  });
  window.once('ready-to-show', () => window.show());
  window.on('closed', () => {
    if (mainWindow === window) mainWindow = null;
  });
  void window.loadURL(APP_ENTRY_URL);
  return window;
};

const focusWindow = (): void => {
  if (!mainWindow) {
    mainWindow = createWindow();
    return;
  }
  if (mainWindow.isMinimized()) mainWindow.restore();
  mainWindow.show();
  mainWindow.focus();
};

const start = async (): Promise<void> => {
  await app.whenReady();

  const ctx: CoreContext = {
    platform: createElectronPlatform(() => mainWindow),
    session,
    reportUnexpected: (method, error) => console.error(`[countersign] ${method} failed:`, error),
  };

  protocol.handle(APP_SCHEME, createAppRequestHandler(rendererDir));

  const browserSession = electronSession.defaultSession;
  browserSession.setPermissionRequestHandler((_contents, permission, callback) => callback(isPermissionGranted(permission)));
  browserSession.setPermissionCheckHandler((_contents, permission) => isPermissionGranted(permission));
  browserSession.setDevicePermissionHandler(() => false);

  ipcMain.handle(RPC_CHANNEL, (event, method: unknown, input: unknown) => handleRpc(ctx, event.senderFrame, method, input));

  app.setAboutPanelOptions({ applicationName: 'Countersign', applicationVersion: APP_VERSION });
  Menu.setApplicationMenu(buildApplicationMenu());

  mainWindow = createWindow();
};

if (!app.requestSingleInstanceLock()) {
  // Another Countersign is running with the same data folder: it gets focus (second-instance), we leave.
  app.quit();
} else {
  app.on('second-instance', () => {
    if (app.isReady()) focusWindow();
  });
  app.on('web-contents-created', (_event, contents) => lockDown(contents));
  app.on('activate', () => {
    if (app.isReady() && BrowserWindow.getAllWindows().length === 0) focusWindow();
  });
  app.on('window-all-closed', () => {
    closeWorkspace();
    if (process.platform !== 'darwin') app.quit();
  });
  // Releases the workspace lock file however the app ends: menu, window close, Ctrl+C in the terminal.
  app.on('before-quit', closeWorkspace);
  process.on('SIGINT', () => app.quit());
  process.on('SIGTERM', () => app.quit());

  start().catch((error: unknown) => {
    console.error('[countersign] the app could not start:', error);
    closeWorkspace();
    app.exit(1);
  });
}
