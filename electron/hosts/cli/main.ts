import { Command, CommanderError } from 'commander';
import { APP_VERSION } from '../../core/version.js';
import { registerAuditCommands } from './auditCommands.js';
import { registerEvidenceCommands } from './evidenceCommands.js';
import { registerMatrixCommands } from './matrixCommands.js';
import { BadInput, EXIT } from './runner.js';
import { registerWorkspaceCommands } from './workspaceCommands.js';

const program = new Command('countersign')
  .description('Countersign: prove segregation of duties without a second person')
  .version(APP_VERSION)
  .exitOverride()
  .configureOutput({ writeErr: (text) => process.stderr.write(text) });

registerWorkspaceCommands(program);
registerMatrixCommands(program);
registerEvidenceCommands(program);
registerAuditCommands(program);
for (const command of program.commands) {
  command.exitOverride();
  for (const sub of command.commands) sub.exitOverride();
}

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    // --help and --version end here too, with exit code 0.
    process.exitCode = error.exitCode === 0 ? EXIT.ok : EXIT.badInput;
  } else if (error instanceof BadInput) {
    process.stderr.write(`countersign: ${error.message}\n`);
    process.exitCode = EXIT.badInput;
  } else {
    process.stderr.write(`countersign: ${(error as Error).message}\n`);
    process.exitCode = EXIT.badInput;
  }
}
