// Builds every door: the CLI and browser-mode host (Node ESM), the Electron main and preload (CJS),
// the benchmarks, and (unless --node) the renderer with Vite.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const nodeOnly = process.argv.includes('--node');

const common = { absWorkingDir: root, bundle: true, platform: 'node', target: 'node20', sourcemap: true, logLevel: 'warning' };

await Promise.all([
  build({
    ...common,
    entryPoints: {
      cli: 'electron/hosts/cli/main.ts',
      server: 'electron/hosts/browserMode.ts',
      'bench/audit-chain': 'bench/audit-chain.ts',
      'bench/git-import': 'bench/git-import.ts',
      'bench/pr-import': 'bench/pr-import.ts',
    },
    outdir: 'dist',
    format: 'esm',
    packages: 'external',
    outExtension: { '.js': '.js' },
  }),
  // Electron loads CommonJS most reliably; everything but Electron and the native module is bundled in.
  build({
    ...common,
    entryPoints: { main: 'electron/main/main.ts' },
    outdir: 'dist/electron',
    format: 'cjs',
    outExtension: { '.js': '.cjs' },
    external: ['electron', 'better-sqlite3'],
  }),
  // A sandboxed preload cannot require anything but a few Electron modules: one self-contained file.
  build({
    ...common,
    entryPoints: { preload: 'electron/preload/preload.ts' },
    outdir: 'dist/electron',
    format: 'cjs',
    outExtension: { '.js': '.cjs' },
    external: ['electron'],
  }),
]);

if (!nodeOnly) {
  const { build: viteBuild } = await import('vite');
  rmSync(`${root}/dist/renderer`, { recursive: true, force: true });
  await viteBuild({ configFile: `${root}/vite.config.ts`, logLevel: 'warn' });
}
