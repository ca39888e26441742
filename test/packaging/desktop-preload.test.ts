import { build } from 'esbuild';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { methodNames } from '../../shared/contract/index.js';

/**
 * The preload, bundled as the build does, run against a stand-in `electron`: it must be one
 * self-contained file (a sandboxed preload can require nothing else) exposing exactly one function
 * per contract method on window.countersign, each a call on the one IPC channel.
 */
const root = fileURLToPath(new URL('../../', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'countersign-preload-'));
const outfile = join(scratch, 'preload.cjs');

const exposed = new Map<string, unknown>();
const invoked: unknown[][] = [];
let answer: (channel: string, ...args: unknown[]) => Promise<unknown> = async () => ({ ok: true, value: 'pong' });
const standIn = {
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => exposed.set(key, api) },
  ipcRenderer: {
    invoke: (channel: string, ...args: unknown[]) => {
      invoked.push([channel, ...args]);
      return answer(channel, ...args);
    },
  },
};

type ModuleInternals = typeof Module & { _resolveFilename: (request: string, ...rest: unknown[]) => string; _cache: Record<string, unknown> };
const internals = Module as ModuleInternals;
const originalResolve = internals._resolveFilename;
const fakeId = join(scratch, 'electron-stand-in.cjs');

beforeAll(async () => {
  await build({
    absWorkingDir: root,
    entryPoints: ['electron/preload/preload.ts'],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['electron'],
    logLevel: 'error',
  });
  const stand = new Module(fakeId);
  stand.exports = standIn;
  stand.loaded = true;
  internals._cache[fakeId] = stand;
  internals._resolveFilename = (request, ...rest) => (request === 'electron' ? fakeId : originalResolve(request, ...rest));
  createRequire(outfile)(outfile);
}, 60_000);

afterAll(() => {
  internals._resolveFilename = originalResolve;
  delete internals._cache[fakeId];
  rmSync(scratch, { recursive: true, force: true });
});

describe('the preload bridge', () => {
  it('requires nothing but electron (a sandboxed preload can load nothing else)', () => {
    const requires = [...readFileSync(outfile, 'utf8').matchAll(/\brequire\("([^"]+)"\)/g)].map((match) => match[1]);
    expect(new Set(requires)).toEqual(new Set(['electron']));
  });

  it('exposes window.countersign only, with one frozen function per contract method', () => {
    expect([...exposed.keys()]).toEqual(['countersign']);
    const bridge = exposed.get('countersign') as Record<string, unknown>;
    expect(Object.keys(bridge).sort()).toEqual([...methodNames].sort());
    expect(Object.values(bridge).every((fn) => typeof fn === 'function')).toBe(true);
    expect(Object.isFrozen(bridge)).toBe(true);
  });

  it('sends (method, input) on countersign:rpc and returns the Result as it came', async () => {
    const bridge = exposed.get('countersign') as Record<string, (input?: unknown) => Promise<unknown>>;
    await expect(bridge['audit.list']!({ offset: 0, limit: 10 })).resolves.toEqual({ ok: true, value: 'pong' });
    expect(invoked.at(-1)).toEqual(['countersign:rpc', 'audit.list', { offset: 0, limit: 10 }]);
    await bridge['app.info']!();
    expect(invoked.at(-1)).toEqual(['countersign:rpc', 'app.info', {}]);
  });

  it('turns a call that cannot be made into an error Result, never a rejection', async () => {
    answer = async () => {
      throw new Error('An object could not be cloned.');
    };
    const bridge = exposed.get('countersign') as Record<string, (input?: unknown) => Promise<unknown>>;
    await expect(bridge['people.add']!({ name: () => 1 })).resolves.toMatchObject({
      ok: false,
      error: { code: 'INTERNAL', message: expect.stringContaining('could not be cloned') },
    });
  });
});
