#!/usr/bin/env node
// `npm start`: opens the desktop app where Electron can run here, and otherwise says why in one line
// and starts browser mode (the same UI and core on 127.0.0.1), which prints the address to open.
//
//   node scripts/start.mjs                  desktop app, or browser mode with a one-line reason
//   node scripts/start.mjs --browser        browser mode, always
//   node scripts/start.mjs --no-download    never try to fetch the Electron binary
//   node scripts/start.mjs --electron-status
//        prints {"available":bool,"reason"?,"electronPath"?,"env"?,"window"} as JSON and exits
//        (0 available, 1 not). It never downloads Electron, and it leaves the display to the caller
//        ("window" is null or why no window could show here). The Electron end-to-end tests use it.
// Other arguments (--port, --data-dir, --documents-dir) go to browser mode.
//
// Electron 45 has no install script: its binary is fetched on first use. node_modules/electron's
// index.js fetches it synchronously on `require`, with no time limit, so this script never requires
// it: it reads path.txt and dist/ itself, and runs install.js in a child with a time limit.
//
// node_modules holds better-sqlite3 built for Node (the tests need that). Electron needs a build for
// its own ABI: this script prepares one in node_modules/.cache/countersign (a prebuilt binary, else a
// build against Electron's headers) and hands its path to the app in COUNTERSIGN_SQLITE_BINDING.
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const requireFromRoot = createRequire(join(root, 'package.json'));

const OWN_FLAGS = new Set(['--browser', '--no-download', '--electron-status']);
const args = process.argv.slice(2);
const forceBrowser = args.includes('--browser');
const statusOnly = args.includes('--electron-status');
const mayDownload = !statusOnly && !args.includes('--no-download') && process.env.COUNTERSIGN_NO_ELECTRON_DOWNLOAD !== '1';
const browserArgs = args.filter((arg) => !OWN_FLAGS.has(arg));
const downloadSeconds = Number(process.env.COUNTERSIGN_ELECTRON_DOWNLOAD_TIMEOUT ?? 180);

/** Thrown to fall back to browser mode; the message is the reason, in words for the user. */
class Unavailable extends Error {}

const firstLine = (text) =>
  (text ?? '')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .find((line) => line && !line.startsWith('at ')) ?? '';

const executableInside = (platform = process.platform) => {
  if (platform === 'darwin' || platform === 'mas') return 'Electron.app/Contents/MacOS/Electron';
  if (platform === 'win32') return 'electron.exe';
  if (platform === 'linux' || platform === 'freebsd' || platform === 'openbsd') return 'electron';
  return null;
};

/** node_modules/electron, read without running it. */
const electronPackage = () => {
  let packageFile;
  try {
    packageFile = requireFromRoot.resolve('electron/package.json');
  } catch {
    throw new Unavailable('the electron package is not installed: run `npm ci`');
  }
  const dir = dirname(packageFile);
  return { dir, version: JSON.parse(readFileSync(packageFile, 'utf8')).version };
};

/** The Electron executable if it is on disk (the same checks as the package's own install.js). */
const findElectronBinary = ({ dir, version }) => {
  const inside = existsSync(join(dir, 'path.txt')) ? readFileSync(join(dir, 'path.txt'), 'utf8').trim() : executableInside();
  if (!inside) throw new Unavailable(`Electron has no build for ${process.platform}`);
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const binary = join(override || join(dir, 'dist'), inside);
  if (!existsSync(binary)) return null;
  if (!override) {
    const installed = existsSync(join(dir, 'dist', 'version')) ? readFileSync(join(dir, 'dist', 'version'), 'utf8').trim().replace(/^v/, '') : '';
    if (installed !== version) return null;
  }
  return binary;
};

/** Electron 45's first-start download (node_modules/electron/install.js), with a time limit. */
const downloadElectron = (electron) =>
  new Promise((resolveDownload, reject) => {
    const child = spawn(process.execPath, [join(electron.dir, 'install.js')], { cwd: electron.dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    // Said only when the download is really under way: offline, it fails in well under a second.
    const notice = setTimeout(() => say(`Downloading Electron ${electron.version} for its first start (up to ${downloadSeconds} s)...`), 2500);
    const limit = setTimeout(() => {
      child.kill('SIGTERM');
      reject(new Unavailable(`Electron ${electron.version} is not downloaded, and downloading it did not finish within ${downloadSeconds} s`));
    }, downloadSeconds * 1000);
    child.on('error', (error) => reject(new Unavailable(`Electron ${electron.version} is not downloaded, and its installer could not run: ${error.message}`)));
    child.on('close', (code) => {
      clearTimeout(notice);
      clearTimeout(limit);
      if (code === 0) return resolveDownload();
      const why = firstLine(output).replace(/^(Type|HTTP|Request)?Error:\s*/, '') || `exit code ${code}`;
      const hint = /fetch failed|ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ETIMEDOUT|ENETUNREACH/.test(output) ? ', no network?' : '';
      reject(new Unavailable(`Electron ${electron.version} is not downloaded, and downloading it failed: ${why}${hint}`));
    });
  });

/** Why Electron could not show a window here, or null. */
const windowProblem = () => {
  if (['linux', 'freebsd', 'openbsd'].includes(process.platform)) {
    if (!process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) return 'no graphical display: DISPLAY and WAYLAND_DISPLAY are not set';
  }
  return null;
};

/** Progress notes: on stdout for a person, on stderr when stdout carries the JSON status. */
const say = (line) => (statusOnly ? process.stderr : process.stdout).write(`${line}\n`);

/** Runs the Electron binary as plain Node (no window, no display needed). */
const runAsNode = (binary, code, timeout = 60_000) => {
  const env = { ...process.env, ELECTRON_RUN_AS_NODE: '1' };
  return spawnSync(binary, ['-e', code], { env, encoding: 'utf8', timeout, windowsHide: true });
};

const sqliteOpens = (binary, sqliteDir, nativeBinding) => {
  const options = nativeBinding ? `, { nativeBinding: ${JSON.stringify(nativeBinding)} }` : '';
  const result = runAsNode(binary, `const Database = require(${JSON.stringify(sqliteDir)}); new Database(':memory:'${options}).close();`);
  return result.status === 0 ? null : firstLine(result.stderr) || result.error?.message || `exit code ${result.status}`;
};

/** The one line of a failed tool's output that says what went wrong. */
const summarize = (output) => {
  const lines = (output ?? '').split(/\r?\n/).map((line) => line.trim()).filter(Boolean);
  const gypStack = lines.findIndex((line) => line.startsWith('gyp ERR! stack Error:'));
  if (gypStack >= 0) {
    const message = [];
    for (const line of lines.slice(gypStack)) {
      if (!line.startsWith('gyp ERR! stack ') || /^gyp ERR! stack\s+at /.test(line)) break;
      message.push(line.slice('gyp ERR! stack '.length));
    }
    return message.join(' ').slice(0, 240);
  }
  const picked =
    lines.find((line) => /\berror\b/i.test(line) && !/^gyp ERR! (cwd|command|node|System|not ok)/.test(line)) ??
    lines.at(-1) ??
    '';
  return picked.slice(0, 240);
};

const run = (command, commandArgs, options) => {
  const result = spawnSync(command, commandArgs, { encoding: 'utf8', windowsHide: true, ...options });
  if (result.status === 0) return null;
  return result.error?.message ?? (summarize(`${result.stderr}\n${result.stdout}`) || `exit code ${result.status}`);
};

/**
 * The better-sqlite3 binary Electron should load: null when node_modules already holds an Electron
 * build (after `npm run rebuild:electron`), else a cached Electron build, made on first start.
 */
const prepareSqliteForElectron = (binary, electron) => {
  let sqliteDir;
  try {
    sqliteDir = dirname(requireFromRoot.resolve('better-sqlite3/package.json'));
  } catch {
    throw new Unavailable('better-sqlite3 is not installed: run `npm ci`');
  }
  if (sqliteOpens(binary, sqliteDir, null) === null) return null;

  const abi = runAsNode(binary, 'process.stdout.write(process.versions.modules)').stdout?.trim() || 'unknown';
  const sqliteVersion = JSON.parse(readFileSync(join(sqliteDir, 'package.json'), 'utf8')).version;
  const cacheDir = process.env.COUNTERSIGN_ELECTRON_CACHE || join(root, 'node_modules', '.cache', 'countersign');
  const cached = join(cacheDir, `better-sqlite3-${sqliteVersion}-electron-${abi}-${process.platform}-${process.arch}.node`);
  if (existsSync(cached) && sqliteOpens(binary, sqliteDir, cached) === null) return cached;

  say(`Preparing better-sqlite3 ${sqliteVersion} for Electron ${electron.version} (first start only)...`);
  const scratch = mkdtempSync(join(tmpdir(), 'countersign-sqlite-'));
  try {
    const copy = join(scratch, 'better-sqlite3');
    cpSync(sqliteDir, copy, {
      recursive: true,
      filter: (source) => {
        const inside = relative(sqliteDir, source).split(sep)[0];
        return inside !== 'build' && inside !== 'node_modules';
      },
    });
    const built = join(copy, 'build', 'Release', 'better_sqlite3.node');
    const env = { ...process.env };
    delete env.npm_config_nodedir; // a Node headers folder must not stand in for Electron's headers
    const problems = [];

    // 1. better-sqlite3's own prebuilt binary for this Electron ABI.
    try {
      const prebuild = createRequire(join(sqliteDir, 'package.json')).resolve('prebuild-install/bin.js');
      const failed = run(process.execPath, [prebuild, '--runtime', 'electron', '--target', electron.version, '--arch', process.arch, '--platform', process.platform], { cwd: copy, env, timeout: 180_000 });
      if (failed) problems.push(`no prebuilt binary (${failed})`);
    } catch (error) {
      problems.push(`no prebuild-install (${error.message})`);
    }

    // 2. A build against Electron's headers (needs a C++ toolchain, as any native module does).
    if (!existsSync(built)) {
      let nodeGyp = process.env.npm_config_node_gyp;
      try {
        nodeGyp ||= requireFromRoot.resolve('node-gyp/bin/node-gyp.js');
      } catch {
        nodeGyp = undefined;
      }
      if (!nodeGyp) problems.push('node-gyp is not available');
      else {
        const failed = run(
          process.execPath,
          [nodeGyp, 'rebuild', '--release', '--runtime=electron', `--target=${electron.version}`, `--arch=${process.arch}`, '--dist-url=https://electronjs.org/headers'],
          { cwd: copy, env, timeout: 900_000 },
        );
        if (failed) problems.push(`building it failed (${failed})`);
      }
    }
    if (!existsSync(built)) throw new Unavailable(`better-sqlite3 could not be prepared for Electron ${electron.version}: ${problems.join('; ')}`);

    mkdirSync(dirname(cached), { recursive: true });
    copyFileSync(built, cached);
    const stillFails = sqliteOpens(binary, sqliteDir, cached);
    if (stillFails) {
      rmSync(cached, { force: true });
      throw new Unavailable(`the better-sqlite3 build for Electron ${electron.version} does not load: ${stillFails}`);
    }
    return cached;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
};

/** Everything the desktop app needs, or Unavailable with the reason. */
const prepareElectron = async () => {
  const electron = electronPackage();
  let binary = findElectronBinary(electron);
  if (!binary) {
    if (!mayDownload) throw new Unavailable(`the Electron ${electron.version} binary is not downloaded: node_modules/electron/dist is missing`);
    await downloadElectron(electron);
    binary = findElectronBinary(electron);
    if (!binary) throw new Unavailable(`Electron ${electron.version} was downloaded but its executable is missing`);
  }
  if (!statusOnly) {
    const problem = windowProblem();
    if (problem) throw new Unavailable(problem);
  }
  const sqliteBinding = prepareSqliteForElectron(binary, electron);
  return { binary, env: sqliteBinding ? { COUNTERSIGN_SQLITE_BINDING: sqliteBinding } : {} };
};

/** Runs a child with the terminal, passes our signals on, and resolves with how it ended. */
const runChild = (command, commandArgs, env, { watchStderr } = {}) =>
  new Promise((resolveRun) => {
    const child = spawn(command, commandArgs, { cwd: root, env, stdio: ['inherit', 'inherit', watchStderr ? 'pipe' : 'inherit'], windowsHide: false });
    let stderr = '';
    if (watchStderr) {
      child.stderr.on('data', (chunk) => {
        process.stderr.write(chunk);
        if (stderr.length < 64_000) stderr += chunk;
      });
    }
    const forward = (signal) => () => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    };
    const handlers = ['SIGINT', 'SIGTERM', 'SIGHUP'].map((signal) => [signal, forward(signal)]);
    for (const [signal, handler] of handlers) process.on(signal, handler);
    child.on('error', (error) => {
      for (const [signal, handler] of handlers) process.off(signal, handler);
      resolveRun({ code: 1, signal: null, stderr: error.message });
    });
    child.on('close', (code, signal) => {
      for (const [signal_, handler] of handlers) process.off(signal_, handler);
      resolveRun({ code, signal, stderr });
    });
  });

const exitLike = ({ code, signal }) => {
  if (signal) {
    process.kill(process.pid, signal);
    return;
  }
  process.exit(code ?? 1);
};

const startBrowserMode = async () => {
  const server = join(root, 'dist', 'server.js');
  if (!existsSync(server)) {
    process.stderr.write('countersign: dist/server.js is missing: run `npm run build` first (or use `npm start`).\n');
    process.exit(2);
  }
  exitLike(await runChild(process.execPath, [server, ...browserArgs], process.env));
};

const startDesktop = async ({ binary, env }) => {
  const childEnv = { ...process.env, ...env };
  delete childEnv.ELECTRON_RUN_AS_NODE;
  const startedAt = Date.now();
  const ended = await runChild(binary, [root], childEnv, { watchStderr: true });
  // Electron that dies at once never showed a window (a broken sandbox helper, a missing library):
  // the same UI still runs in browser mode.
  if (ended.code !== 0 && ended.signal === null && Date.now() - startedAt < 15_000) {
    const why = /Running as root without --no-sandbox/.test(ended.stderr)
      ? "it runs as root, where Chromium's sandbox will not start; run it as a normal user"
      : /SUID sandbox helper/.test(ended.stderr)
        ? "Chromium's sandbox helper is not set up: node_modules/electron/dist/chrome-sandbox must be owned by root with mode 4755"
        : `Electron exited with code ${ended.code} right after starting`;
    process.stdout.write(`Electron could not start on this machine (${why}); starting browser mode instead.\n`);
    return startBrowserMode();
  }
  exitLike(ended);
};

if (statusOnly) {
  try {
    const ready = await prepareElectron();
    process.stdout.write(`${JSON.stringify({ available: true, electronPath: ready.binary, env: ready.env, window: windowProblem() })}\n`);
    process.exit(0);
  } catch (error) {
    if (!(error instanceof Unavailable)) throw error;
    process.stdout.write(`${JSON.stringify({ available: false, reason: error.message, window: windowProblem() })}\n`);
    process.exit(1);
  }
} else if (forceBrowser) {
  await startBrowserMode();
} else {
  let ready = null;
  try {
    ready = await prepareElectron();
  } catch (error) {
    if (!(error instanceof Unavailable)) throw error;
    process.stdout.write(`Electron is not available on this machine (${error.message}); starting browser mode instead.\n`);
  }
  if (ready) await startDesktop(ready);
  else await startBrowserMode();
}
