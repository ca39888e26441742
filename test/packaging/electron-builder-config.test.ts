import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Ajv, type ErrorObject } from 'ajv';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

/**
 * electron-builder.yml, checked offline against electron-builder's own JSON schema (the one it
 * validates with before building), so a misspelled or misplaced key fails here and not on the
 * release machine.
 */
const root = fileURLToPath(new URL('../../', import.meta.url));
const read = (path: string) => readFileSync(`${root}${path}`, 'utf8');

const schema = JSON.parse(read('node_modules/app-builder-lib/scheme.json')) as object;
const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
const config = parse(read('electron-builder.yml')) as Record<string, unknown> & {
  linux: { target: string[]; category: string; maintainer: string };
  mac: { target: string; category: string };
  win: { target: string };
  directories: { output: string };
  asarUnpack: string[];
  files: string[];
  icon: string;
};
const packageJson = JSON.parse(read('package.json')) as {
  main: string;
  productName: string;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  scripts: Record<string, string>;
};

const describeErrors = (errors: ErrorObject[] | null | undefined) =>
  (errors ?? []).map((error) => `${error.instancePath || '/'} ${error.message} ${JSON.stringify(error.params)}`).join('\n');

describe('electron-builder.yml', () => {
  it('is valid for electron-builder 26 (its own scheme.json)', () => {
    const valid = validate(config);
    expect(describeErrors(validate.errors)).toBe('');
    expect(valid).toBe(true);
  });

  it('a misspelled key is refused by the same check', () => {
    const { asarUnpack, ...rest } = config;
    expect(validate({ ...rest, asarUnpak: asarUnpack })).toBe(false);
    expect(describeErrors(validate.errors)).toContain('"additionalProperty":"asarUnpak"');
    expect(validate({ ...config, linux: { ...config.linux, catgory: 'Office' } })).toBe(false);
    expect(validate({ ...config, mac: { ...config.mac, target: 42 } })).toBe(false);
  });

  it("passes electron-builder's own validateConfiguration, which refuses the misspelling too", async () => {
    const require = createRequire(`${root}package.json`);
    const { validateConfiguration } = require('app-builder-lib/out/util/config/config.js') as {
      validateConfiguration: (config: unknown, logger: unknown) => Promise<void>;
    };
    const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };
    await expect(validateConfiguration(structuredClone(config), new DebugLogger(false))).resolves.toBeUndefined();
    await expect(validateConfiguration({ ...structuredClone(config), asarUnpak: ['**/*.node'] }, new DebugLogger(false))).rejects.toThrow(
      /does not match the API schema/,
    );
  });

  it('builds the installers the project promises, with the native module outside the asar', () => {
    expect(config.productName).toBe('Countersign');
    expect(config.appId).toMatch(/^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)+$/);
    expect(config.directories.output).toBe('release');
    expect(config.linux.target).toEqual(expect.arrayContaining(['AppImage', 'deb']));
    expect(config.linux.category).toBe('Office');
    expect(config.linux.maintainer).toMatch(/<[^>]+@[^>]+>/);
    expect(config.mac.target).toBe('dmg');
    expect(config.mac.category).toBe('public.app-category.business');
    expect(config.win.target).toBe('nsis');
    expect(config.asarUnpack).toContain('**/*.node');
    expect(config.files).toEqual(expect.arrayContaining(['dist/electron/**', 'dist/renderer/**', 'package.json']));
    expect(() => readFileSync(`${root}${config.icon}`)).not.toThrow();
  });
});

describe('package.json, as electron-builder and `npm start` read it', () => {
  it('points main at the bundled Electron main process', () => {
    expect(packageJson.main).toBe('dist/electron/main.cjs');
    expect(packageJson.productName).toBe('Countersign');
  });

  it('pins Electron exactly to 45.3.4 (45 fetches its binary on first start, so `npm ci` works offline)', () => {
    expect(packageJson.devDependencies.electron).toBe('45.3.4');
    expect(packageJson.dependencies.electron).toBeUndefined();
  });

  it('keeps better-sqlite3 on 12.x, pinned (13.x crashes on Node 20)', () => {
    expect(packageJson.dependencies['better-sqlite3']).toMatch(/^12\.\d+\.\d+$/);
  });

  it('has the scripts the README promises', () => {
    expect(packageJson.scripts.start).toContain('scripts/start.mjs');
    expect(packageJson.scripts.dist).toContain('electron-builder');
    expect(packageJson.scripts.dist).toContain('electron-builder.yml');
  });
});
