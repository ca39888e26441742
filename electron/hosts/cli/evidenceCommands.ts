import { resolve } from 'node:path';
import type { Command } from 'commander';
import { evidenceKinds, type EvidenceKind } from '../../../shared/domain/evidenceKinds.js';
import type { EvidenceException } from '../../../shared/domain/evidence.js';
import { BadInput, print, withCore, type OutputOptions } from './runner.js';

const isKind = (kind: string): kind is EvidenceKind => (evidenceKinds as readonly string[]).includes(kind);

export const registerEvidenceCommands = (program: Command): void => {
  program
    .command('import')
    .description('import an evidence file (or, for git, a repository folder) into a workspace')
    .argument('<file>', 'the workspace file')
    .argument('<kind>', `one of: ${evidenceKinds.join(', ')}`)
    .argument('<path>', 'the exported file, or the repository folder for git')
    .option('--title <title>', 'a title for the evidence item')
    .option('--json', 'print one JSON document: {kind, records, evidenceId, sha256, ...}')
    .action(async (file: string, kind: string, path: string, options: OutputOptions & { title?: string }) => {
      if (!isKind(kind)) throw new BadInput(`unknown kind "${kind}": use one of ${evidenceKinds.join(', ')}`);
      const summary = await withCore(async (core) => {
        await core.call('workspace.open', { path: resolve(file) });
        return core.call('evidence.import', { kind, path: resolve(path), title: options.title });
      });
      print(options, summary, () => {
        const counts = Object.entries(summary.recordsByType)
          .map(([type, count]) => `${count} ${type}`)
          .join(', ');
        return [
          summary.alreadyImported ? `Already imported as ${summary.evidenceId}: nothing new was written.` : `Imported ${summary.evidenceId}: ${counts || 'no records'}.`,
          `  sha256:     ${summary.sha256}`,
          `  period:     ${summary.periodStart ?? '?'} to ${summary.periodEnd ?? '?'}`,
          `  controls:   ${summary.linkedControls.length} linked`,
          `  exceptions: ${summary.exceptions.total} in the register, ${summary.exceptions.new} new`,
          ...summary.warnings.map((warning) => `  note: ${warning}`),
        ].join('\n');
      });
    });

  program
    .command('exceptions')
    .description('list the exceptions found in the evidence, most severe first')
    .argument('<file>', 'the workspace file')
    .option('--all', 'include exceptions the data no longer shows')
    .option('--json', 'print one JSON document: {total, exceptions: [{id, rule, severity, subject, evidence, status, ...}]}')
    .action(async (file: string, options: OutputOptions & { all?: boolean }) => {
      const exceptions = await withCore(async (core) => {
        await core.call('workspace.open', { path: resolve(file), readOnly: true });
        const items: EvidenceException[] = [];
        for (let offset = 0; ; offset += 1000) {
          const page = await core.call('exceptions.list', { offset, limit: 1000, includeResolved: options.all ?? false });
          items.push(...page.items);
          if (items.length >= page.total || page.items.length === 0) break;
        }
        return items;
      });
      print(options, { total: exceptions.length, exceptions }, () =>
        exceptions.length === 0
          ? 'No exceptions.'
          : exceptions
              .map((x) => `${x.id}  ${x.severity.padEnd(6)}  ${x.rule}  ${x.subject}${x.occurredAt ? ` (${x.occurredAt.slice(0, 10)})` : ''}\n        ${x.explanation}`)
              .join('\n'),
      );
    });
};
