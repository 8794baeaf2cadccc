/** `redislens backup <file>`: an online, verified copy of the sidecar's SQLite store (see docs/operations.md). */
import { Command } from 'commander';
import { resolve } from 'node:path';
import { EXIT } from '../analysis/exit-codes.js';

export function backupCommand(): Command {
  return new Command('backup')
    .description("copy the sidecar's SQLite store to a new file, safely while the sidecar runs")
    .argument('<file>', 'the backup file to create (never overwritten)')
    .option(
      '--data-dir <dir>',
      "the sidecar's data directory (REDISLENS_DATA_DIR)",
      process.env.REDISLENS_DATA_DIR ?? './data'
    )
    .action(async (file: string, flags: { dataDir: string }) => {
      // SQLite is loaded only for this command.
      const { backupSqliteStore, BackupError } = await import('../store/sqlite/backup.js');
      try {
        const result = await backupSqliteStore(resolve(flags.dataDir), resolve(file));
        process.stdout.write(
          `backed up ${result.source} to ${result.destination}: ${result.bytes} bytes, schema version ${result.schemaVersion}, integrity ok\n`
        );
      } catch (error) {
        if (!(error instanceof BackupError)) throw error;
        process.stderr.write(`redislens: ${error.message}\n`);
        process.exitCode = EXIT.failed;
      }
    });
}
