import { userInfo } from 'node:os';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { frameworkLabels, type Framework } from '../../../shared/domain/workspace.js';
import { writeDemoWorkspace } from '../../core/demo/demoWorkspace.js';
import { BadInput, print, withCore, type OutputOptions } from './runner.js';

const collect = (value: string, previous: string[]) => [...previous, value];

const systemTimeZone = (): string => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

export const registerWorkspaceCommands = (program: Command): void => {
  program
    .command('init')
    .description('create a new workspace file')
    .argument('<file>', 'the workspace file to create (*.countersign)')
    .requiredOption('--org <name>', 'organisation name')
    .option('--framework <soc2|iso27001>', 'framework in scope (repeat for both)', collect, [])
    .option('--period-start <date>', 'observation period start, YYYY-MM-DD (default: 1 January this year)')
    .option('--period-end <date>', 'observation period end, YYYY-MM-DD (default: 31 December this year)')
    .option('--tz <zone>', 'IANA time zone of the period', systemTimeZone())
    .option('--owner <name>', 'the owner / management person (default: your user name)')
    .option('--owner-email <email>', "the owner's email")
    .option('--json', 'print one JSON document')
    .action(async (file: string, options: OutputOptions & { org: string; framework: string[]; periodStart?: string; periodEnd?: string; tz: string; owner?: string; ownerEmail?: string }) => {
      const year = new Date().getUTCFullYear();
      const summary = await withCore((core) =>
        core.call('workspace.create', {
          path: resolve(file),
          profile: {
            organisation: options.org,
            frameworks: (options.framework.length ? options.framework : ['soc2']) as Framework[],
            periodStart: options.periodStart ?? `${year}-01-01`,
            periodEnd: options.periodEnd ?? `${year}-12-31`,
            timeZone: options.tz,
          },
          owner: { name: options.owner ?? userInfo().username, email: options.ownerEmail ?? '' },
        }),
      );
      print(options, summary, () => `Created ${summary.path} for ${summary.organisation} (${summary.frameworks.map((f) => frameworkLabels[f]).join(', ')}, ${summary.periodStart} to ${summary.periodEnd}, ${summary.timeZone}).`);
    });

  program
    .command('demo')
    .description('write the demo workspace (the one the app opens)')
    .argument('<file>', 'where to write it; an existing file is refused')
    .option('--json', 'print one JSON document')
    .action(async (file: string, options: OutputOptions) => {
      const path = resolve(file);
      try {
        await writeDemoWorkspace(path);
      } catch (error) {
        throw new BadInput((error as Error).message);
      }
      const summary = await withCore((core) => core.call('workspace.open', { path, readOnly: true }));
      print(options, summary, () => `Wrote the demo workspace for ${summary.organisation} to ${path} (${summary.auditEntries} audit entries).`);
    });

  program
    .command('info')
    .description('show what a workspace holds')
    .argument('<file>', 'the workspace file')
    .option('--json', 'print one JSON document')
    .action(async (file: string, options: OutputOptions) => {
      const info = await withCore(async (core) => {
        const summary = await core.call('workspace.open', { path: resolve(file), readOnly: true });
        const people = await core.call('people.list', {});
        return { ...summary, people };
      });
      print(options, info, () =>
        [
          `${info.organisation}${info.isDemo ? ' (demo)' : ''}`,
          `  file:        ${info.path}`,
          `  frameworks:  ${info.frameworks.map((f) => frameworkLabels[f]).join(', ')}`,
          `  period:      ${info.periodStart} to ${info.periodEnd} (${info.timeZone})`,
          `  format:      ${info.schemaVersion}, created ${info.createdAt}`,
          `  people:      ${info.people.map((p) => `${p.name} (${p.role})`).join(', ')}`,
          `  audit trail: ${info.auditEntries} entries, head ${info.headHash}`,
        ].join('\n'),
      );
    });
};
