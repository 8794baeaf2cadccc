import { Command } from 'commander';
import { existsSync } from 'node:fs';
import { snapshotFromConfigFile, type DirectiveCatalog } from '../collect/config-file.js';
import { buildGroups } from '../collect/topology.js';
import { evaluateCatalog } from '../rules/evaluator.js';
import { buildReport, exitCodeFor, EXIT } from '../analysis/analysis-report.js';
import { addSharedOptions, catalogFor, type SharedOptions } from './shared-options.js';
import { renderJson, renderTable } from './report-output.js';

export function lintCommand(): Command {
  return addSharedOptions(
    new Command('lint')
      .description(
        'evaluate the config rules offline on a redis.conf file, and flag what Redis would refuse at start-up'
      )
      .argument('<redis.conf>', 'path to the configuration file')
  ).action((path: string, flags: SharedOptions) => {
    if (!existsSync(path)) {
      process.stderr.write(`redislens: cannot read ${path}: no such file\n`);
      process.exitCode = EXIT.failed;
      return;
    }
    const catalog = catalogFor(flags);
    const node = snapshotFromConfigFile(path, catalog.data.redis_config_defaults as DirectiveCatalog);
    const fleet = { seeds: [path], collectedAt: node.collectedAt, nodes: [node], groups: buildGroups([node], []) };
    // Rules that need a live server (INFO) cannot be judged from a file; only config rules are reported.
    const results = evaluateCatalog(catalog, { fleet, labels: flags.label }).filter(
      (r) => !(r.status === 'not_evaluated' && r.reason?.startsWith('INFO unavailable'))
    );
    const report = buildReport(fleet, results);
    process.stdout.write(
      (flags.format === 'json' ? renderJson(report) : renderTable(report, Boolean(process.stdout.isTTY))) + '\n'
    );
    process.exitCode = exitCodeFor(report, true);
  });
}
