import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, normalize, sep } from 'node:path';
import type { CoreContext } from '../core/context.js';
import { dispatch } from '../core/dispatch.js';
import { fail } from '../../shared/result.js';
import { CONTENT_SECURITY_POLICY, mediaTypeFor, SECURITY_HEADERS } from '../../shared/security.js';

/**
 * Browser mode's door: serves the built renderer and POST /rpc/:method on 127.0.0.1 only.
 * A random token per launch (a cookie after the first visit), and Host and Origin checks against
 * DNS rebinding and cross-site requests; everything else gets 403.
 */
export interface HttpHost {
  url: string;
  /** The URL to open: it carries the token once, which the host swaps for a cookie. */
  launchUrl: string;
  token: string;
  close(): Promise<void>;
}

export interface HttpHostOptions {
  ctx: CoreContext;
  staticDir: string;
  port?: number;
  maxBodyBytes?: number;
}

const COOKIE = 'countersign_token';
const TOKEN_HEADER = 'x-countersign-token';

export { CONTENT_SECURITY_POLICY };


const sameToken = (given: string | undefined, token: string): boolean => {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
};

const cookieToken = (request: IncomingMessage): string | undefined => {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === COOKIE) return value.join('=');
  }
  return undefined;
};


const refuse = (response: ServerResponse, reason: string): void => {
  response.writeHead(403, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' });
  response.end(`Forbidden: ${reason}\n`);
};

class BodyTooLarge extends Error {}

/** Reads the body; past the limit it keeps draining without storing, so the host can still answer 413. */
const readBody = (request: IncomingMessage, limit: number): Promise<string> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
    });
    request.on('end', () => (size > limit ? reject(new BodyTooLarge(`the request is larger than ${limit} bytes`)) : resolve(Buffer.concat(chunks).toString('utf8'))));
    request.on('error', reject);
  });

export const startHttpHost = async (options: HttpHostOptions): Promise<HttpHost> => {
  const token = randomBytes(32).toString('base64url');
  const maxBody = options.maxBodyBytes ?? 16 * 1024 * 1024;
  let allowedHosts: Set<string> = new Set();

  const sendJson = (response: ServerResponse, body: unknown) => {
    response.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': 'application/json; charset=utf-8' });
    response.end(JSON.stringify(body));
  };

  const serveStatic = (pathname: string, response: ServerResponse) => {
    let decoded: string;
    try {
      decoded = decodeURIComponent(pathname);
    } catch {
      response.writeHead(400, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' });
      response.end('Bad request: the path is not valid URL encoding\n');
      return;
    }
    const relative = normalize(decoded).replace(/^([/\\])+/, '');
    let file = join(options.staticDir, relative);
    if (!file.startsWith(options.staticDir + sep) && file !== options.staticDir) return refuse(response, 'outside the app');
    // The renderer routes in the page (hash routes), so anything that is not a file is the app itself.
    if (!existsSync(file) || statSync(file).isDirectory()) file = join(options.staticDir, 'index.html');
    if (!existsSync(file)) {
      response.writeHead(500, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' });
      response.end('The Countersign UI is not built. Run `npm run build`.\n');
      return;
    }
    response.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': mediaTypeFor(file) });
    createReadStream(file).pipe(response);
  };

  const server = createServer(async (request, response) => {
    try {
      const host = request.headers.host ?? '';
      if (!allowedHosts.has(host)) return refuse(response, 'unexpected Host header');
      const origin = request.headers.origin;
      if (origin !== undefined && !allowedHosts.has(origin.replace(/^http:\/\//, ''))) return refuse(response, 'requests from other sites are not accepted');
      const url = new URL(request.url ?? '/', `http://${host}`);

      const urlToken = url.searchParams.get('token') ?? undefined;
      if (request.method === 'GET' && urlToken !== undefined) {
        if (!sameToken(urlToken, token)) return refuse(response, 'the token is not the one this launch printed');
        url.searchParams.delete('token');
        response.writeHead(302, {
          ...SECURITY_HEADERS,
          'Set-Cookie': `${COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`,
          Location: `${url.pathname}${url.search}`,
        });
        return response.end();
      }
      const given = (request.headers[TOKEN_HEADER] as string | undefined) ?? cookieToken(request);
      if (!sameToken(given, token)) return refuse(response, 'open the address that `npm start` printed (it carries this launch’s token)');

      if (url.pathname.startsWith('/rpc/')) {
        if (request.method !== 'POST') return refuse(response, 'use POST for /rpc');
        if (!(request.headers['content-type'] ?? '').startsWith('application/json')) return refuse(response, 'send application/json');
        let input: unknown;
        try {
          const body = await readBody(request, maxBody);
          input = body ? JSON.parse(body) : {};
        } catch (error) {
          if (error instanceof BodyTooLarge) {
            response.writeHead(413, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8', Connection: 'close' });
            return response.end(`Payload too large: ${error.message}\n`);
          }
          return sendJson(response, fail('INVALID_INPUT', `The request body is not valid JSON: ${(error as Error).message}`));
        }
        let method: string;
        try {
          method = decodeURIComponent(url.pathname.slice('/rpc/'.length));
        } catch {
          return sendJson(response, fail('UNKNOWN_METHOD', 'The method name is not valid URL encoding'));
        }
        return sendJson(response, await dispatch(options.ctx, method, input));
      }
      if (request.method !== 'GET' && request.method !== 'HEAD') return refuse(response, 'method not allowed');
      return serveStatic(url.pathname, response);
    } catch (error) {
      if (!response.headersSent) response.writeHead(500, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' });
      response.end(`Internal error: ${(error as Error).message}\n`);
    }
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  allowedHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    launchUrl: `${url}/?token=${token}`,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
};
