import { resolve } from 'node:path';
import type { Command } from 'commander';
import { EXIT, print, withCore, type OutputOptions } from './runner.js';

export const registerAuditCommands = (program: Command): void => {
  const audit = program.command('audit').description('the hash-chained audit trail');
  audit
    .command('verify')
    .description('walk the audit chain; exit 1 names the first broken entry')
    .argument('<file>', 'the workspace file')
    .option('--json', 'print one JSON document: {ok, entries, head, firstBroken}')
    .action(async (file: string, options: OutputOptions) => {
      const verification = await withCore(async (core) => {
        await core.call('workspace.open', { path: resolve(file), readOnly: true });
        return core.call('audit.verify', {});
      });
      print(options, verification, () =>
        verification.ok
          ? `OK: ${verification.entries} entries, head ${verification.head}`
          : `BROKEN at entry ${verification.firstBroken?.seq}: ${verification.firstBroken?.reason}`,
      );
      if (!verification.ok) process.exitCode = EXIT.problemFound;
    });
};
