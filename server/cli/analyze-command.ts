import { Command } from 'commander';
import { analyzeUrls } from '../analysis/analyze-fleet.js';
import { buildReport, exitCodeFor } from '../analysis/analysis-report.js';
import { addSharedOptions, catalogFor, type SharedOptions } from './shared-options.js';
import { progressReporter } from './progress-reporter.js';
import { renderJson, renderTable } from './report-output.js';

interface AnalyzeFlags extends SharedOptions {
  timeout: string;
  concurrency: string;
}

export function analyzeCommand(): Command {
  return addSharedOptions(
    new Command('analyze')
      .description('discover the topology behind each URL, analyse every node read-only, print findings')
      .argument(
        '<url...>',
        'redis://[user:pass@]host:port[/db], rediss://..., redis-sentinel://[user:pass@]host:port[,host:port]/<master>'
      )
      .option('--timeout <ms>', 'connect and command timeout per node', '5000')
      .option('--concurrency <n>', 'nodes collected at once', '32')
  ).action(async (urls: string[], flags: AnalyzeFlags) => {
    const catalog = catalogFor(flags);
    const progress = progressReporter();
    const timeout = Number(flags.timeout);
    const analysis = await analyzeUrls(urls, {
      catalog,
      labels: flags.label,
      concurrency: Number(flags.concurrency),
      connectTimeoutMs: timeout,
      commandTimeoutMs: timeout,
      onProgress: progress.update,
    });
    progress.done();
    const report = buildReport(analysis.fleet, analysis.results);
    process.stdout.write(
      (flags.format === 'json' ? renderJson(report) : renderTable(report, Boolean(process.stdout.isTTY))) + '\n'
    );
    process.exitCode = exitCodeFor(report, analysis.seedsReachable);
  });
}
