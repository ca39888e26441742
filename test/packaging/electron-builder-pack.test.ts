import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';

/**
 * electron-builder really packs the app from electron-builder.yml, offline: `--linux dir` with a
 * stand-in unpacked Electron (electronDist), no native rebuild and no fuses (both need the real
 * binary). Checks what ends up in app.asar and that the native module is unpacked beside it.
 */
const root = fileURLToPath(new URL('../../', import.meta.url));
const requireFromRoot = createRequire(join(root, 'package.json'));
const scratch = mkdtempSync(join(tmpdir(), 'countersign-pack-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const built = existsSync(join(root, 'dist', 'electron', 'main.cjs')) && existsSync(join(root, 'dist', 'renderer', 'index.html'));

describe.skipIf(process.platform !== 'linux')('electron-builder --linux dir (offline)', () => {
  it('packs main, preload and renderer into app.asar and unpacks better_sqlite3.node', (context) => {
    if (!built) context.skip(true, 'dist/ is not built: run `node scripts/build.mjs` (the test command does) first');
    const electronDist = join(scratch, 'electron-dist');
    mkdirSync(electronDist);
    writeFileSync(join(electronDist, 'electron'), '#!/bin/sh\n');
    chmodSync(join(electronDist, 'electron'), 0o755);
    writeFileSync(join(electronDist, 'version'), `v${(JSON.parse(readFileSync(requireFromRoot.resolve('electron/package.json'), 'utf8')) as { version: string }).version}`);
    writeFileSync(join(electronDist, 'chrome-sandbox'), '');

    const config = parse(readFileSync(join(root, 'electron-builder.yml'), 'utf8')) as Record<string, unknown>;
    delete config.electronFuses;
    const output = join(scratch, 'release');
    const configFile = join(scratch, 'electron-builder.json');
    writeFileSync(configFile, JSON.stringify({ ...config, npmRebuild: false, electronDist, directories: { output } }));

    const cli = requireFromRoot.resolve('electron-builder/cli.js');
    const result = spawnSync(process.execPath, [cli, '--config', configFile, '--linux', 'dir', '--publish', 'never'], {
      cwd: root,
      encoding: 'utf8',
      timeout: 240_000,
      env: { ...process.env, ELECTRON_BUILDER_CACHE: join(scratch, 'cache') },
    });
    expect(result.status, `${result.stdout}\n${result.stderr}`).toBe(0);

    const resources = join(output, 'linux-unpacked', 'resources');
    const { listPackage } = requireFromRoot('@electron/asar') as { listPackage: (archive: string, options: object) => string[] };
    const files = listPackage(join(resources, 'app.asar'), { isPack: false }).map((file) => file.replaceAll('\\', '/'));
    expect(files).toEqual(
      expect.arrayContaining([
        '/package.json',
        '/dist/electron/main.cjs',
        '/dist/electron/preload.cjs',
        '/dist/renderer/index.html',
        '/assets/icon.png',
        '/node_modules/better-sqlite3/lib/index.js',
      ]),
    );
    expect(files.filter((file) => file.endsWith('.map'))).toEqual([]);
    expect(files.filter((file) => file.startsWith('/node_modules/better-sqlite3/src/') || file.startsWith('/node_modules/better-sqlite3/deps/'))).toEqual([]);
    expect(existsSync(join(resources, 'app.asar.unpacked', 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node'))).toBe(true);
    expect(existsSync(join(output, 'linux-unpacked', 'countersign'))).toBe(true);
  }, 300_000);
});
