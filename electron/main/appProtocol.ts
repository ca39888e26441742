import { readFile, stat } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import { mediaTypeFor, SECURITY_HEADERS } from '../../shared/security.js';

/**
 * The desktop app's own origin, app://countersign, and how a request on it maps to a file of the
 * built renderer. Nothing here imports Electron, so the mapping and its refusals are unit-tested.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'countersign';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

export { mediaTypeFor };

/** True for a URL on our own origin (app://countersign), with no user, password or port. */
export const isAppUrl = (url: string | null | undefined): boolean => {
  if (!url) return false;
  try {
    const parsed = new URL(url);
    return parsed.protocol === `${APP_SCHEME}:` && parsed.hostname === APP_HOST && parsed.port === '' && parsed.username === '' && parsed.password === '';
  } catch {
    return false;
  }
};

export type AppPathResolution =
  | { ok: true; file: string; fallback: boolean }
  | { ok: false; status: 400 | 403 | 404; reason: string };

/**
 * Maps an app:// request to a file inside `rootDir`, or refuses it. `..` segments (also encoded ones,
 * and backslashes), NUL bytes, other schemes and other hosts are refused; the result always lies
 * inside rootDir. A path without an extension is the app itself (the renderer routes in the page).
 */
export const resolveAppPath = (rootDir: string, requestUrl: string): AppPathResolution => {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return { ok: false, status: 400, reason: 'not a URL' };
  }
  if (!isAppUrl(url.href)) return { ok: false, status: 403, reason: 'not the Countersign app origin' };
  let pathname: string;
  try {
    pathname = decodeURIComponent(url.pathname);
  } catch {
    return { ok: false, status: 400, reason: 'the path is not valid percent-encoding' };
  }
  if (pathname.includes('\0')) return { ok: false, status: 400, reason: 'the path holds a NUL byte' };
  const segments = pathname.split(/[/\\]+/).filter((segment) => segment !== '' && segment !== '.');
  if (segments.some((segment) => segment === '..')) return { ok: false, status: 403, reason: 'the path leaves the app folder' };
  if (segments.some((segment) => segment.includes(':'))) return { ok: false, status: 403, reason: 'the path names a drive or stream' };

  const root = resolve(rootDir);
  if (segments.length === 0) return { ok: true, file: join(root, 'index.html'), fallback: false };
  const file = resolve(root, ...segments);
  if (!file.startsWith(root + sep)) return { ok: false, status: 403, reason: 'the path leaves the app folder' };
  const last = segments[segments.length - 1] ?? '';
  if (extname(last) === '') return { ok: true, file: join(root, 'index.html'), fallback: true };
  return { ok: true, file, fallback: false };
};


const textResponse = (status: number, text: string): Response =>
  new Response(`${text}\n`, { status, headers: { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' } });

/**
 * The app:// handler (for protocol.handle): serves the built renderer from rootDir with the CSP
 * header on every response. Only GET and HEAD.
 */
export const createAppRequestHandler =
  (rootDir: string) =>
  async (request: Request): Promise<Response> => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return textResponse(405, 'Method not allowed');
    const resolved = resolveAppPath(rootDir, request.url);
    if (!resolved.ok) return textResponse(resolved.status, `Refused: ${resolved.reason}`);
    try {
      const info = await stat(resolved.file);
      if (!info.isFile()) return textResponse(404, 'Not found');
      const body = request.method === 'HEAD' ? null : new Uint8Array(await readFile(resolved.file));
      return new Response(body, {
        status: 200,
        headers: { ...SECURITY_HEADERS, 'Content-Type': mediaTypeFor(resolved.file), 'Content-Length': String(info.size) },
      });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR') return textResponse(500, `Could not read the file: ${(error as Error).message}`);
      if (resolved.file === join(resolve(rootDir), 'index.html')) {
        return textResponse(500, 'The Countersign UI is not built. Run `npm run build`.');
      }
      return textResponse(404, 'Not found');
    }
  };
