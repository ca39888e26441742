import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { controlFrequencyLabels } from '../../../shared/catalog/index.js';
import { controlStatusLabels, type MatrixView } from '../../../shared/domain/matrix.js';
import { BadInput, print, withCore, type OutputOptions } from './runner.js';

const describeMatrix = (matrix: MatrixView): string => {
  if (matrix.requirements.length === 0) return 'The matrix is empty. Build it in the app, or run with --apply-template solo.';
  const controls = new Map(matrix.controls.map((control) => [control.id, control]));
  const lines: string[] = [];
  for (const requirement of matrix.requirements) {
    lines.push(`${requirement.catalogId ?? 'custom'}  ${requirement.title}`);
    lines.push(`    duties: ${requirement.dutyA} / ${requirement.dutyB}`);
    if (requirement.controls.length === 0) lines.push('    (no compensating control)');
    for (const link of requirement.controls) {
      const control = controls.get(link.controlId);
      if (!control) continue;
      const criteria = [...control.criteria.soc2, ...control.criteria.iso27001].join(', ');
      lines.push(`    - ${control.title}`);
      lines.push(`      ${controlFrequencyLabels[control.frequency]}; ${criteria}; ${controlStatusLabels[control.status]}: ${control.statusReason}`);
    }
  }
  const gaps = matrix.gaps.filter((gap) => gap.severity === 'gap');
  lines.push('', gaps.length === 0 ? 'Gap check: no gaps.' : `Gap check: ${gaps.length} gap(s)`);
  for (const gap of gaps) lines.push(`  ! ${gap.message}`);
  return lines.join('\n');
};

export const registerMatrixCommands = (program: Command): void => {
  program
    .command('matrix')
    .description('print the compensating-control matrix')
    .argument('<file>', 'the workspace file')
    .option('--apply-template <name>', 'build the matrix from a template without the wizard (solo)')
    .option('--csv <out>', 'also write the matrix as CSV, one row per requirement-control pair')
    .option('--json', 'print one JSON document')
    .action(async (file: string, options: OutputOptions & { applyTemplate?: string; csv?: string }) => {
      if (options.applyTemplate !== undefined && options.applyTemplate !== 'solo') {
        throw new BadInput(`unknown template "${options.applyTemplate}": the templates are: solo`);
      }
      const { matrix, csvRows } = await withCore(async (core) => {
        await core.call('workspace.open', { path: resolve(file), readOnly: options.applyTemplate === undefined });
        const matrix = options.applyTemplate
          ? await core.call('matrix.applyTemplate', { template: 'solo', justification: 'Applied the solo-founder template from the command line' })
          : await core.call('matrix.get', {});
        let csvRows: number | null = null;
        if (options.csv) {
          const { csv, rows } = await core.call('matrix.csv', {});
          try {
            writeFileSync(resolve(options.csv), csv);
          } catch (error) {
            throw new BadInput(`cannot write ${options.csv}: ${(error as Error).message}`);
          }
          csvRows = rows;
        }
        return { matrix, csvRows };
      });
      print(options, matrix, () => `${describeMatrix(matrix)}${csvRows !== null ? `\n\nWrote ${csvRows} rows to ${options.csv}` : ''}`);
    });
};
