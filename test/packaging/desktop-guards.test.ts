import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Session, type CoreContext } from '../../electron/core/context.js';
import { createPathPlatform } from '../../electron/core/platform/pathPlatform.js';
import { APP_ENTRY_URL, createAppRequestHandler, isAppUrl, resolveAppPath } from '../../electron/main/appProtocol.js';
import { externalUrlToOpen, isNavigationAllowed, isPermissionGranted, senderRefusal } from '../../electron/main/guards.js';
import { handleRpc } from '../../electron/main/rpc.js';
import { CONTENT_SECURITY_POLICY } from '../../shared/security.js';

/** The desktop shell's security decisions, tested without Electron. */

let dir: string;
let rendererDir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'countersign-shell-'));
  rendererDir = join(dir, 'renderer');
  mkdirSync(join(rendererDir, 'assets'), { recursive: true });
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Countersign</title>');
  writeFileSync(join(rendererDir, 'assets', 'index-abc.js'), 'console.log("app")');
  writeFileSync(join(dir, 'secret.txt'), 'TOP SECRET');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('app:// path resolution', () => {
  const resolveIn = (url: string) => resolveAppPath('/srv/app/renderer', url);

  it('maps the origin and its files into the renderer folder', () => {
    expect(resolveIn('app://countersign/')).toEqual({ ok: true, file: join('/srv/app/renderer', 'index.html'), fallback: false });
    expect(resolveIn(APP_ENTRY_URL)).toMatchObject({ ok: true, file: join('/srv/app/renderer', 'index.html') });
    expect(resolveIn('app://countersign/assets/index-abc.js?v=1#x')).toMatchObject({ ok: true, file: join('/srv/app/renderer', 'assets', 'index-abc.js') });
    expect(resolveIn('app://countersign/assets/a%20b.css')).toMatchObject({ ok: true, file: join('/srv/app/renderer', 'assets', 'a b.css') });
  });

  it('serves the app for a path without an extension (routes live in the page)', () => {
    expect(resolveIn('app://countersign/audit')).toMatchObject({ ok: true, file: join('/srv/app/renderer', 'index.html'), fallback: true });
  });

  it.each([
    ['encoded slashes', 'app://countersign/..%2f..%2fetc%2fpasswd'],
    ['encoded dots and slashes', 'app://countersign/assets/%2e%2e%2f%2e%2e%2f%2e%2e%2fsecret.txt'],
    ['backslashes', 'app://countersign/..\\..\\secret.txt'],
    ['encoded backslashes', 'app://countersign/%5c..%5c..%5csecret.txt'],
    ['a Windows drive', 'app://countersign/C:/Windows/win.ini'],
    ['another host', 'app://evil/index.html'],
    ['a look-alike host', 'app://countersign.evil.example/index.html'],
    ['credentials', 'app://user:pass@countersign/index.html'],
    ['a port', 'app://countersign:8080/index.html'],
    ['another scheme', 'file:///etc/passwd'],
    ['http', 'http://countersign/index.html'],
  ])('refuses %s', (_name, url) => {
    expect(resolveIn(url)).toMatchObject({ ok: false, status: 403 });
  });

  it.each([
    ['a NUL byte', 'app://countersign/index.html%00.png'],
    ['broken percent-encoding', 'app://countersign/%E0%A4%A'],
    ['not a URL', 'not a url'],
  ])('rejects %s as a bad request', (_name, url) => {
    expect(resolveIn(url)).toMatchObject({ ok: false, status: 400 });
  });

  it('keeps plain dot segments inside the folder (the URL parser removes them first)', () => {
    const resolved = resolveIn('app://countersign/../../../etc/passwd');
    expect(resolved.ok && resolved.file.startsWith(`/srv/app/renderer${sep}`)).toBe(true);
  });
});

describe('the app:// handler', () => {
  const get = (url: string, method = 'GET') => createAppRequestHandler(rendererDir)(new Request(url, { method }));

  it('serves files with the CSP and a type the browser will execute', async () => {
    const page = await get(APP_ENTRY_URL);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await page.text()).toContain('<title>Countersign</title>');

    const script = await get('app://countersign/assets/index-abc.js');
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(script.headers.get('x-content-type-options')).toBe('nosniff');
    expect(script.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
  });

  it('never serves a file outside the renderer folder', async () => {
    for (const url of ['app://countersign/..%2fsecret.txt', 'app://countersign/assets/..%5c..%5csecret.txt', 'app://countersign/%2e%2e/secret.txt']) {
      const response = await get(url);
      expect(response.status, url).not.toBe(200);
      expect(await response.text(), url).not.toContain('TOP SECRET');
      expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    }
  });

  it('answers 404 for a missing file, 405 for anything but GET and HEAD', async () => {
    expect((await get('app://countersign/assets/missing.js')).status).toBe(404);
    expect((await get('app://countersign/assets/', 'GET')).status).toBe(200); // extensionless: the app
    expect((await get(APP_ENTRY_URL, 'POST')).status).toBe(405);
    const head = await get(APP_ENTRY_URL, 'HEAD');
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });

  it('says plainly when the UI is not built', async () => {
    const response = await createAppRequestHandler(join(dir, 'nothing-here'))(new Request(APP_ENTRY_URL));
    expect(response.status).toBe(500);
    expect(await response.text()).toContain('npm run build');
  });
});

describe('who may call the API over IPC', () => {
  it('accepts only the top frame of our own app:// page', () => {
    expect(senderRefusal({ url: APP_ENTRY_URL, parent: null })).toBeNull();
    expect(senderRefusal({ url: 'app://countersign/index.html#/audit', parent: null })).toBeNull();
  });

  it.each([
    ['a page that is gone', null],
    ['a sub-frame of our page', { url: APP_ENTRY_URL, parent: {} }],
    ['a file:// page', { url: 'file:///home/me/evil.html', parent: null }],
    ['a web page', { url: 'https://evil.example/', parent: null }],
    ['browser mode address', { url: 'http://127.0.0.1:4000/', parent: null }],
    ['another app:// host', { url: 'app://evil/index.html', parent: null }],
    ['a data: URL', { url: 'data:text/html,<script>1</script>', parent: null }],
    ['an empty URL', { url: '', parent: null }],
  ])('refuses %s', (_name, frame) => {
    expect(senderRefusal(frame)).toMatch(/./);
  });

  it('isAppUrl is exact about the origin', () => {
    expect(isAppUrl('app://countersign/')).toBe(true);
    expect(isAppUrl('app://countersign.example/')).toBe(false);
    expect(isAppUrl('app://countersign@evil/')).toBe(false);
    expect(isAppUrl(undefined)).toBe(false);
  });
});

describe('links, navigation and permissions', () => {
  it('opens only https links in the external browser', () => {
    expect(externalUrlToOpen('https://www.aicpa-cima.com/soc')).toBe('https://www.aicpa-cima.com/soc');
    for (const url of ['http://example.com/', 'javascript:alert(1)', 'file:///etc/passwd', 'smb://host/share', 'https://user:pw@example.com/', 'app://countersign/', 'nonsense']) {
      expect(externalUrlToOpen(url), url).toBeNull();
    }
  });

  it('lets the window navigate only within the app', () => {
    expect(isNavigationAllowed('app://countersign/index.html')).toBe(true);
    expect(isNavigationAllowed('https://example.com/')).toBe(false);
    expect(isNavigationAllowed('file:///etc/passwd')).toBe(false);
  });

  it('denies every permission', () => {
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'fullscreen']) {
      expect(isPermissionGranted(permission)).toBe(false);
    }
  });
});

describe('the IPC handler', () => {
  const context = (): CoreContext => ({
    platform: createPathPlatform({ mode: 'browser', appDataDir: join(dir, 'data'), documentsDir: dir }),
    session: new Session(),
  });
  const ours = { url: APP_ENTRY_URL, parent: null };

  it('answers our page with the Result of dispatch', async () => {
    const result = await handleRpc(context(), ours, 'app.info', {});
    expect(result).toMatchObject({ ok: true, value: { mode: 'browser' } });
  });

  it('refuses any other sender as data, without running the method', async () => {
    const ctx = context();
    const result = await handleRpc(ctx, { url: 'https://evil.example/', parent: null }, 'workspace.openDemo', {});
    expect(result).toMatchObject({ ok: false, error: { code: 'UNSUPPORTED' } });
    expect(ctx.session.workspace).toBeNull();
  });

  it('turns a bad method or input into an error Result, never a throw', async () => {
    await expect(handleRpc(context(), ours, 42, {})).resolves.toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });
    await expect(handleRpc(context(), ours, 'no.such.method', {})).resolves.toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });
    await expect(handleRpc(context(), ours, 'audit.entry', { seq: 'one' })).resolves.toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    const broken: CoreContext = {
      ...context(),
      platform: { ...context().platform, chooseWorkspaceToOpen: () => Promise.reject(new Error('dialog crashed')) },
    };
    await expect(handleRpc(broken, ours, 'dialog.chooseWorkspaceToOpen', {})).resolves.toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
  });
});
