import { Command } from 'commander';
import { SEVERITIES } from '../rules/severity.js';
import { DIFF_FORMATS, type DiffFlags } from './diff-formats.js';
import { oneOf } from './shared-options.js';

export function diffCommand(): Command {
  return new Command('diff')
    .description(
      'compare two --format json reports: new, resolved and changed findings; exit 1 when a new (or worsened) finding is at or above --fail-on'
    )
    .argument('<old.json>', 'the earlier report')
    .argument('<new.json>', 'the later report')
    .option('--format <format>', `output format: ${DIFF_FORMATS.join(', ')}`, oneOf(DIFF_FORMATS), 'table')
    .option(
      '--fail-on <severity>',
      `exit 1 when a new or worsened finding is at or above this severity: ${SEVERITIES.join(', ')}`,
      oneOf(SEVERITIES),
      'critical'
    )
    .action(async (oldFile: string, newFile: string, flags: DiffFlags) => {
      // Loaded when run, so `--help` does not load the report schema.
      const { runDiff } = await import('./diff-action.js');
      runDiff(oldFile, newFile, flags);
    });
}
