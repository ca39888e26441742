#!/usr/bin/env node
// The `countersign` command. `npm ci` builds dist/ through the prepare script.
import { existsSync } from 'node:fs';

const cli = new URL('../dist/cli.js', import.meta.url);
if (!existsSync(cli)) {
  process.stderr.write('countersign: the CLI is not built yet; run `npm run build` in the Countersign folder\n');
  process.exit(2);
}
await import(cli.href);
