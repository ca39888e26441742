import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Session, type CoreContext } from '../../electron/core/context.js';
import { createPathPlatform } from '../../electron/core/platform/pathPlatform.js';
import { startHttpHost, type HttpHost } from '../../electron/hosts/http.js';
import { makeFileTempDir } from '../support/tempDir.js';
import { testOwner, testProfile } from '../support/workspaces.js';

interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

const SECRET = 'TOP-SECRET-FILE-OUTSIDE-THE-APP';
const INDEX = '<!doctype html><title>Countersign</title><div id="root"></div>';

let host: HttpHost;
let ctx: CoreContext;
let root: string;
let port: number;

/** A raw request with node:http, so the test controls every header, Host included. */
const send = (options: { method?: string; path: string; headers?: Record<string, string>; body?: string | Buffer }): Promise<Reply> =>
  new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: '127.0.0.1', port, method: options.method ?? 'GET', path: options.path, headers: { Host: `127.0.0.1:${port}`, ...options.headers }, setHost: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });

const withToken = () => ({ 'X-Countersign-Token': host.token });
const withCookie = () => ({ Cookie: `countersign_token=${host.token}` });
const rpc = (method: string, body: unknown, headers: Record<string, string> = {}) =>
  send({ method: 'POST', path: `/rpc/${method}`, headers: { 'Content-Type': 'application/json', ...withToken(), ...headers }, body: JSON.stringify(body) });

beforeAll(async () => {
  root = makeFileTempDir('http');
  const staticDir = join(root, 'renderer');
  mkdirSync(join(staticDir, 'assets'), { recursive: true });
  writeFileSync(join(staticDir, 'index.html'), INDEX);
  writeFileSync(join(staticDir, 'assets', 'app.js'), 'console.log("app")');
  writeFileSync(join(root, 'secret.txt'), SECRET);
  writeFileSync(join(root, 'package.json'), `{"name":"${SECRET}"}`);
  ctx = { platform: createPathPlatform({ mode: 'browser', appDataDir: join(root, 'app-data'), documentsDir: root }), session: new Session() };
  host = await startHttpHost({ ctx, staticDir, port: 0, maxBodyBytes: 64 * 1024 });
  port = Number(new URL(host.url).port);
});

afterAll(async () => {
  await host?.close();
  ctx?.session.close();
});

describe('browser-mode HTTP host', () => {
  it('listens on 127.0.0.1 only, on the port it was given (0: a free one)', () => {
    expect(host.url).toBe(`http://127.0.0.1:${port}`);
    expect(port).toBeGreaterThan(0);
    expect(host.launchUrl).toBe(`${host.url}/?token=${host.token}`);
    expect(host.token.length).toBeGreaterThanOrEqual(32);
  });

  describe('the token', () => {
    it('a request without the token is 403', async () => {
      const reply = await send({ path: '/' });
      expect(reply.status).toBe(403);
      expect(reply.body).not.toContain('Countersign</title>');
      expect((await send({ method: 'POST', path: '/rpc/app.info', headers: { 'Content-Type': 'application/json' }, body: '{}' })).status).toBe(403);
    });

    it('a wrong token is 403, in the URL, the header or the cookie', async () => {
      const wrong = `${host.token.slice(0, -1)}${host.token.endsWith('A') ? 'B' : 'A'}`;
      expect((await send({ path: `/?token=${wrong}` })).status).toBe(403);
      expect((await send({ path: '/?token=short' })).status).toBe(403);
      expect((await send({ path: '/?token=' })).status).toBe(403);
      expect((await send({ path: '/', headers: { Cookie: `countersign_token=${wrong}` } })).status).toBe(403);
      expect((await rpc('app.info', {}, { 'X-Countersign-Token': wrong })).status).toBe(403);
    });

    it('?token=right is a 302 that swaps it for an HttpOnly SameSite=Strict cookie and drops it from the address', async () => {
      const reply = await send({ path: `/?token=${host.token}&view=audit` });
      expect(reply.status).toBe(302);
      expect(reply.headers.location).toBe('/?view=audit');
      const cookie = reply.headers['set-cookie']?.[0] ?? '';
      expect(cookie).toContain(`countersign_token=${host.token}`);
      expect(cookie).toMatch(/;\s*HttpOnly/i);
      expect(cookie).toMatch(/;\s*SameSite=Strict/i);
      expect(cookie).toMatch(/;\s*Path=\//);
    });

    it('with the cookie, the app is served (200) with the CSP and other protective headers', async () => {
      const reply = await send({ path: '/', headers: withCookie() });
      expect(reply.status).toBe(200);
      expect(reply.body).toBe(INDEX);
      expect(reply.headers['content-type']).toMatch(/^text\/html/);
      const csp = reply.headers['content-security-policy'] ?? '';
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toMatch(/unsafe-eval/);
      expect(reply.headers['x-content-type-options']).toBe('nosniff');
      expect(reply.headers['referrer-policy']).toBe('no-referrer');

      const script = await send({ path: '/assets/app.js', headers: withCookie() });
      expect(script.status).toBe(200);
      expect(script.headers['content-type']).toMatch(/^text\/javascript/);
      // Client-side routes fall back to the app.
      expect((await send({ path: '/audit/trail', headers: withCookie() })).body).toBe(INDEX);
    });
  });

  describe('RPC', () => {
    it('POST /rpc/app.info with the token header is a Result with the app info', async () => {
      const reply = await rpc('app.info', {});
      expect(reply.status).toBe(200);
      expect(reply.headers['content-type']).toMatch(/^application\/json/);
      expect(JSON.parse(reply.body)).toEqual({ ok: true, value: { version: expect.any(String), mode: 'browser', nativeDialogs: false } });
    });

    it('the cookie works for RPC too, and our own Origin is accepted', async () => {
      const reply = await send({
        method: 'POST',
        path: '/rpc/app.info',
        headers: { 'Content-Type': 'application/json; charset=utf-8', ...withCookie(), Origin: `http://127.0.0.1:${port}` },
        body: '{}',
      });
      expect(reply.status).toBe(200);
      expect(JSON.parse(reply.body).ok).toBe(true);
    });

    it('malformed JSON is an INVALID_INPUT Result, not a crash', async () => {
      const reply = await send({ method: 'POST', path: '/rpc/app.info', headers: { 'Content-Type': 'application/json', ...withToken() }, body: '{"oops": ' });
      expect(reply.status).toBe(200);
      const result = JSON.parse(reply.body);
      expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
      expect(result.error.message).toMatch(/JSON/);
    });

    it('an empty body counts as {} and unknown methods are UNKNOWN_METHOD', async () => {
      const empty = await send({ method: 'POST', path: '/rpc/app.info', headers: { 'Content-Type': 'application/json', ...withToken() } });
      expect(JSON.parse(empty.body)).toMatchObject({ ok: true });
      expect(JSON.parse((await rpc('workspace.destroy', {})).body)).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });
      expect(JSON.parse((await rpc('people.add', { name: '' })).body)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    });

    it('a body over the size limit is refused without bringing the host down', async () => {
      const huge = JSON.stringify({ suggestedName: 'x'.repeat(200 * 1024) });
      const outcome = await rpc('dialog.chooseWorkspaceToCreate', JSON.parse(huge)).then(
        (reply) => reply,
        (error: Error) => error,
      );
      if (!(outcome instanceof Error)) {
        expect(outcome.status === 413 || JSON.parse(outcome.body).ok === false).toBe(true);
      }
      expect((await rpc('app.info', {})).status).toBe(200);
    });

    it('drives the core end to end: create a workspace and verify its trail over HTTP', async () => {
      const path = join(root, 'over-http.countersign');
      const created = JSON.parse((await rpc('workspace.create', { path, profile: testProfile, owner: testOwner })).body);
      expect(created).toMatchObject({ ok: true, value: { path, organisation: testProfile.organisation } });
      const verified = JSON.parse((await rpc('audit.verify', {})).body);
      expect(verified).toMatchObject({ ok: true, value: { ok: true, entries: created.value.auditEntries, head: created.value.headHash } });
      expect(JSON.parse((await rpc('workspace.close', {})).body)).toEqual({ ok: true, value: { closed: true } });
    });

    it('GET on /rpc is refused', async () => {
      expect((await send({ path: '/rpc/app.info', headers: withToken() })).status).toBe(403);
    });
  });

  describe('Host, Origin and content type checks', () => {
    it("a wrong Host header (DNS rebinding) is 403, even with the token", async () => {
      for (const hostHeader of [`evil.example:${port}`, 'evil.example', `127.0.0.1:${port + 1}`, `127.0.0.1`, '']) {
        const reply = await send({ path: '/', headers: { ...withCookie(), Host: hostHeader } });
        expect(reply.status, hostHeader).toBe(403);
        const call = await rpc('app.info', {}, { Host: hostHeader });
        expect(call.status, hostHeader).toBe(403);
      }
      expect((await send({ path: '/', headers: { ...withCookie(), Host: `localhost:${port}` } })).status).toBe(200);
    });

    it('another Origin is 403, even with the token', async () => {
      for (const origin of ['http://evil.example', `http://evil.example:${port}`, 'null', `https://127.0.0.1:${port}`, `http://127.0.0.1:${port}.evil.example`]) {
        expect((await rpc('app.info', {}, { Origin: origin })).status, origin).toBe(403);
        expect((await send({ path: '/', headers: { ...withCookie(), Origin: origin } })).status, origin).toBe(403);
      }
    });

    it('a non-JSON content type is 403 (a cross-site form cannot post)', async () => {
      for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
        const reply = await send({ method: 'POST', path: '/rpc/app.info', headers: { 'Content-Type': type, ...withToken() }, body: '{}' });
        expect(reply.status, type).toBe(403);
      }
      const none = await send({ method: 'POST', path: '/rpc/app.info', headers: withToken(), body: '{}' });
      expect(none.status).toBe(403);
    });

    it('other methods on static paths are refused', async () => {
      for (const method of ['PUT', 'DELETE', 'POST']) {
        expect((await send({ method, path: '/index.html', headers: withCookie() })).status, method).toBe(403);
      }
    });
  });

  describe('static files', () => {
    it('path traversal does not leak files outside the app folder', async () => {
      const attempts = [
        '/../package.json',
        '/../secret.txt',
        '/..%2fsecret.txt',
        '/%2e%2e/secret.txt',
        '/%2e%2e%2fsecret.txt',
        '/assets/../../secret.txt',
        '/assets/..%2f..%2fsecret.txt',
        '//../secret.txt',
        '/..\\secret.txt',
        '/..%5csecret.txt',
        '/%252e%252e/secret.txt',
        `/${'../'.repeat(10)}etc/passwd`,
        `/${'..%2f'.repeat(10)}etc%2fpasswd`,
        `/${join(root, 'secret.txt')}`,
        `http://127.0.0.1:${port}/../secret.txt`,
      ];
      for (const path of attempts) {
        const reply = await send({ path, headers: withCookie() });
        expect(reply.body, path).not.toContain(SECRET);
        expect(reply.body, path).not.toMatch(/root:.*:0:0:/);
        expect([200, 400, 403, 404], path).toContain(reply.status);
        if (reply.status === 200) expect(reply.body, path).toBe(INDEX);
      }
    });

    it('malformed percent-encoding is refused and the host keeps working', async () => {
      const reply = await send({ path: '/%E0%A4%A', headers: withCookie() });
      expect(reply.status).toBeGreaterThanOrEqual(400);
      expect(reply.body).not.toContain(SECRET);
      const call = await rpc('%E0%A4%A', {});
      expect(call.status === 200 ? JSON.parse(call.body).ok : false).toBe(false);
      expect((await send({ path: '/', headers: withCookie() })).status).toBe(200);
    });
  });
});
