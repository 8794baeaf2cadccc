import { Command } from 'commander';
import { addSharedOptions, type LintFlags } from './shared-options.js';

export function lintCommand(): Command {
  return addSharedOptions(
    new Command('lint')
      .description(
        'evaluate the config rules offline on a redis.conf file, and flag what Redis would refuse at start-up'
      )
      .argument('<redis.conf>', 'path to the configuration file')
      .option(
        '--redis-version <version>',
        'judge the file by this release (7.2, 7.2.4, valkey-8.0); default: the newest Redis line RedisLens knows'
      )
  ).action(async (path: string, flags: LintFlags) => {
    // Loaded when run: the rule engine is not needed for `--help` or the other commands.
    const { runLint } = await import('./lint-action.js');
    await runLint(path, flags);
  });
}
