/**
 * What analyze and lint share after the rules ran: suppressions, the exit
 * code (0 passes, 1 a finding at or above --fail-on, 2 could not analyse) and
 * the output in the chosen format.
 */
import { EXIT } from '../analysis/analysis-report.js';
import type { Catalog } from '../rules/catalog-loader.js';
import type { Severity } from '../rules/rule-schema.js';
import { atOrAbove, type CliReport } from './cli-report.js';
import { renderMarkdown } from './markdown-output.js';
import { renderJson, renderTable } from './report-output.js';
import { renderSarif, type Locator } from './sarif-output.js';
import type { SharedOptions } from './shared-options.js';
import { applySuppressions, type Suppressions } from './suppressions.js';

/** Read before any analysis starts, so a bad file fails fast (exit 2) without touching a target. */
export async function suppressionsFor(flags: SharedOptions, catalog: Catalog): Promise<Suppressions | undefined> {
  if (!flags.suppress) return undefined;
  // Loaded only for a run that has a file: its schema library is start-up time every other run would pay.
  const { loadSuppressions } = await import('./suppression-file.js');
  return loadSuppressions(flags.suppress, new Set([...catalog.rules.map((r) => r.id), ...flags.disable]));
}

export function gateExitCode(report: CliReport, failOn: Severity, analysed: boolean): number {
  if (!analysed) return EXIT.failed;
  return report.findings.some((f) => f.status === 'fired' && atOrAbove(f.severity, failOn)) ? EXIT.critical : EXIT.ok;
}

export function emitReport(
  base: CliReport,
  context: {
    flags: SharedOptions;
    catalog: Catalog;
    suppressions?: Suppressions;
    analysed: boolean;
    title: string;
    locate: Locator;
    /** A line printed above the table (e.g. which version lint judged by). */
    preface?: string;
  }
): void {
  const { flags } = context;
  const report = context.suppressions ? applySuppressions(base, context.suppressions) : base;
  for (const e of report.expiredSuppressions ?? [])
    process.stderr.write(
      `redislens: ${e.source}: suppression of ${e.rule} expired on ${e.expires}; it no longer applies\n`
    );
  const exitCode = gateExitCode(report, flags.failOn, context.analysed);
  const text =
    flags.format === 'json'
      ? renderJson(report)
      : flags.format === 'markdown'
        ? renderMarkdown(report, { title: context.title, failOn: flags.failOn })
        : flags.format === 'sarif'
          ? renderSarif(report, { catalog: context.catalog, locate: context.locate, exitCode })
          : `${context.preface ? `${context.preface}\n\n` : ''}${renderTable(report, Boolean(process.stdout.isTTY))}`;
  process.stdout.write(text + '\n');
  process.exitCode = exitCode;
}
