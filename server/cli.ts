/**
 * `redislens analyze | lint | diff | serve | demo | backup`: the command-line contract of design.md.
 * Only the commands' definitions load here; each command loads what it runs when it runs (start-up time).
 */
import { Command, CommanderError } from 'commander';
import { analyzeCommand } from './cli/analyze-command.js';
import { lintCommand } from './cli/lint-command.js';
import { diffCommand } from './cli/diff-command.js';
import { CliInputError } from './cli/cli-input-error.js';
import { serveCommand } from './cli/serve-command.js';
import { demoCommand } from './cli/demo-command.js';
import { backupCommand } from './cli/backup-command.js';
import { DemoAlreadyRunningError } from './demo/demo-lock.js';
import { CollectError } from './collect/errors.js';
import { CatalogError } from './rules/catalog-error.js';
import { EXIT } from './analysis/exit-codes.js';
import { ProvisioningError } from './provisioning/provisioning-error.js';

const program = new Command('redislens')
  .description('Read-only Redis fleet analysis: find misconfigurations and unhealthy states')
  .exitOverride()
  .addCommand(analyzeCommand().exitOverride())
  .addCommand(lintCommand().exitOverride())
  .addCommand(diffCommand().exitOverride())
  .addCommand(serveCommand().exitOverride())
  .addCommand(demoCommand().exitOverride())
  .addCommand(backupCommand().exitOverride());

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    // Usage errors exit 2 ("could not analyse"); --help and --version exit 0.
    process.exitCode = error.exitCode === 0 ? 0 : EXIT.failed;
  } else if (
    error instanceof CollectError ||
    error instanceof CatalogError ||
    error instanceof ProvisioningError ||
    error instanceof CliInputError ||
    error instanceof DemoAlreadyRunningError
  ) {
    process.stderr.write(`redislens: ${error.message}\n`);
    process.exitCode = EXIT.failed;
  } else {
    process.stderr.write(`redislens: unexpected error: ${(error as Error).stack ?? error}\n`);
    process.exitCode = EXIT.failed;
  }
}
