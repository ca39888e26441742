import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';

const root = fileURLToPath(new URL('../..', import.meta.url));
/** Bundles land under node_modules so the child resolves better-sqlite3 and friends from the project. */
const cacheDir = join(root, 'node_modules', '.cache', 'countersign-tests');

export const NOBODY = { uid: 65534, gid: 65534 };

export type UnprivilegedRun = { ran: true; status: number | null; stdout: string; stderr: string } | { ran: false; reason: string };

/**
 * Root ignores permission bits, so a check of what an ordinary user may not write runs `source`
 * (TypeScript, importing project files relative to the repository root) in a child process as
 * user nobody. Where that is impossible (not root, not POSIX) it says why and does not run.
 */
export const runAsNobody = (source: string, label = 'probe'): UnprivilegedRun => {
  if (process.platform === 'win32' || typeof process.getuid !== 'function') return { ran: false, reason: 'this platform has no POSIX users' };
  if (process.getuid() !== 0) return { ran: false, reason: 'switching to an unprivileged user needs root, and this test run is not root' };
  mkdirSync(cacheDir, { recursive: true, mode: 0o755 });
  const outfile = join(cacheDir, `${label}-${process.pid}-${Date.now()}.mjs`);
  try {
    buildSync({
      stdin: { contents: source, resolveDir: root, loader: 'ts', sourcefile: `${label}.ts` },
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      packages: 'external',
      outfile,
      logLevel: 'silent',
    });
    const result = spawnSync(process.execPath, [outfile], { ...NOBODY, cwd: '/', encoding: 'utf8', timeout: 20_000 });
    if (result.error) return { ran: false, reason: `could not start a process as nobody: ${result.error.message}` };
    return { ran: true, status: result.status, stdout: result.stdout, stderr: result.stderr };
  } finally {
    rmSync(outfile, { force: true });
  }
};
