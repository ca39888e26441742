import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { Session } from '../core/context.js';
import { defaultAppDataDir, defaultDocumentsDir } from '../core/platform/appFolders.js';
import { createPathPlatform } from '../core/platform/pathPlatform.js';
import { startHttpHost } from './http.js';

/** Browser mode: the same UI and core as the desktop app, served on 127.0.0.1 with a per-launch token. */
const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    'data-dir': { type: 'string' },
    'documents-dir': { type: 'string' },
  },
});

const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  process.stderr.write(`countersign: --port must be a port number, not "${values.port}"\n`);
  process.exit(2);
}

const session = new Session();
const host = await startHttpHost({
  ctx: {
    platform: createPathPlatform({
      mode: 'browser',
      appDataDir: values['data-dir'] ?? defaultAppDataDir(),
      documentsDir: values['documents-dir'] ?? defaultDocumentsDir(),
    }),
    session,
    reportUnexpected: (method, error) => console.error(`[countersign] ${method} failed:`, error),
  },
  staticDir: fileURLToPath(new URL('./renderer', import.meta.url)),
  port,
});

process.stdout.write(`Countersign is running in browser mode. Open ${host.launchUrl}\n`);

const shutdown = async () => {
  session.close();
  await host.close();
  process.exit(0);
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
