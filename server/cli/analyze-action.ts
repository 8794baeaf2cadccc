/** What `redislens analyze` does: discover, collect and evaluate every target, then report. */
import pLimit from 'p-limit';
import { analyzeTargets } from '../analysis/analyze-fleet.js';
import { buildReport } from '../analysis/analysis-report.js';
import { parseTargetUrl, type TargetSpec } from '../collect/target-url.js';
import type { Labels } from '../rules/evaluation-context.js';
import { catalogFor } from './command-catalog.js';
import type { AnalyzeFlags } from './shared-options.js';
import { progressReporter } from './progress-reporter.js';
import { mergeReports } from './cli-report.js';
import { emitReport, suppressionsFor } from './ci-gate.js';
import { CliInputError } from './input-file.js';
import { addressLocator } from './sarif-output.js';
import type { InspectOptions } from '../collect/inspection/inspect-options.js';
import { keyNameHmacKey } from '../collect/inspection/key-names.js';
import { AclFileError, readAclFile, type AclFile } from '../collect/acl-drift.js';

function aclFileOf(path: string | undefined): AclFile | undefined {
  if (!path) return undefined;
  try {
    return readAclFile(path);
  } catch (error) {
    if (error instanceof AclFileError) throw new CliInputError(`--acl-file ${error.message}`);
    throw error;
  }
}

/** Fleet-file targets analysed at once; each discovers its nodes with --concurrency. */
const TARGETS_AT_ONCE = 4;

interface Part {
  name?: string;
  specs: TargetSpec[];
  labels: Labels;
  inspect?: InspectOptions;
}

export async function runAnalyze(urls: string[], flags: AnalyzeFlags): Promise<void> {
  const catalog = await catalogFor(flags);
  // The fleet file's schema (zod) and YAML parser load only for a run that has one (start-up time).
  const fleet = flags.targets ? (await import('./fleet-file.js')).loadFleetFile(flags.targets) : [];
  const aclFile = aclFileOf(flags.aclFile);
  if (urls.length === 0 && fleet.length === 0) {
    if (flags.targets) throw new CliInputError(`${flags.targets}: no enabled target to analyse`);
    throw new CliInputError('analyze: give at least one URL or --targets fleet.yaml');
  }
  const suppressions = await suppressionsFor(flags, catalog);
  const parts: Part[] = [
    ...(urls.length > 0 ? [{ specs: urls.map(parseTargetUrl), labels: flags.label, inspect: flags.inspect }] : []),
    // A target's own labels win over --label, which applies to every target.
    ...fleet.map((t) => ({
      name: t.name,
      specs: [t.spec],
      labels: { ...flags.label, ...t.labels },
      inspect: t.inspect ?? flags.inspect,
    })),
  ];

  const progress = progressReporter();
  const counts = parts.map(() => ({ done: 0, found: 0 }));
  const sum = (key: 'done' | 'found') => counts.reduce((n, c) => n + c[key], 0);
  const timeout = Number(flags.timeout);
  const limit = pLimit(TARGETS_AT_ONCE);
  // One key per run: the CLI stores nothing, so hashes only need to agree within this report.
  const keyNameKey = keyNameHmacKey(process.env.REDISLENS_SECRET_KEY || undefined);
  const analyses = await Promise.all(
    parts.map((part, i) =>
      limit(() =>
        analyzeTargets(part.specs, {
          catalog,
          labels: part.labels,
          ...(part.inspect ? { inspect: part.inspect, keyNameKey } : {}),
          ...(aclFile ? { aclFile } : {}),
          concurrency: Number(flags.concurrency),
          connectTimeoutMs: timeout,
          commandTimeoutMs: timeout,
          onProgress: (event) => {
            counts[i] = { done: event.done, found: event.found };
            progress.update({ ...event, done: sum('done'), found: sum('found') });
          },
        })
      )
    )
  );
  progress.done();
  const report = mergeReports(
    analyses.map((a, i) => ({ name: parts[i].name, report: buildReport(a.fleet, a.results) }))
  );
  emitReport(report, {
    flags,
    catalog,
    suppressions,
    analysed: analyses.every((a) => a.seedsReachable),
    title: 'RedisLens analysis',
    locate: addressLocator,
  });
}
