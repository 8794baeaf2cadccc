/** What `redislens lint` does: evaluate the config rules on a redis.conf file, offline. */
import { existsSync } from 'node:fs';
import { snapshotFromConfigFile, type DirectiveCatalog } from '../collect/config-file.js';
import { judgeVersion, judgedLabel, type DirectiveTables } from '../collect/directive-tables.js';
import { buildGroups } from '../collect/topology.js';
import { evaluateCatalog } from '../rules/evaluator.js';
import { buildReport, EXIT } from '../analysis/analysis-report.js';
import type { LintFlags } from './shared-options.js';
import { catalogFor } from './command-catalog.js';
import { mergeReports } from './cli-report.js';
import { emitReport, suppressionsFor } from './ci-gate.js';
import { configLocator } from './config-locations.js';

export async function runLint(path: string, flags: LintFlags): Promise<void> {
  if (!existsSync(path)) {
    process.stderr.write(`redislens: cannot read ${path}: no such file\n`);
    process.exitCode = EXIT.failed;
    return;
  }
  const catalog = await catalogFor(flags);
  const suppressions = await suppressionsFor(flags, catalog);
  const directives = catalog.data.redis_config_defaults as DirectiveCatalog;
  let judged;
  try {
    judged = judgeVersion(catalog.data.config_directives as DirectiveTables, flags.redisVersion);
  } catch (error) {
    process.stderr.write(`redislens: ${(error as Error).message}\n`);
    process.exitCode = EXIT.failed;
    return;
  }
  const node = snapshotFromConfigFile(path, directives, judged);
  const fleet = { seeds: [path], collectedAt: node.collectedAt, nodes: [node], groups: buildGroups([node], []) };
  // Rules that need a live server (INFO) cannot be judged from a file; only config rules are reported.
  const results = evaluateCatalog(catalog, { fleet, labels: flags.label }).filter(
    (r) => !(r.status === 'not_evaluated' && r.reason?.startsWith('INFO unavailable'))
  );
  const judgedBy = {
    product: judged.product,
    version: judged.version,
    table: judged.table.tag,
    covered: judged.covered,
  };
  const said = `Judged by the directives of ${judgedLabel(judged)} (table from ${judged.product} ${judged.table.tag}${
    judged.covered ? '' : `; ${judged.version} is newer than every table RedisLens has`
  })`;
  emitReport(
    { ...mergeReports([{ report: buildReport(fleet, results) }]), judgedBy },
    {
      flags,
      catalog,
      suppressions,
      analysed: true,
      title: `RedisLens lint: ${path}`,
      locate: configLocator(path, catalog, directives),
      preface: said,
    }
  );
}
