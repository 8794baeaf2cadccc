/** What `redislens diff` does: compare two JSON reports and print what changed. */
import { createColors } from 'picocolors';
import { EXIT } from '../analysis/analysis-report.js';
import type { CliFinding } from './cli-report.js';
import { escapeMarkdown } from './markdown-output.js';
import { diffFails, diffReports, readReportFile, type ReportDiff } from './report-diff.js';
import type { DiffFlags } from './diff-formats.js';

const where = (f: CliFinding) =>
  `${f.targetName ? `${f.targetName}/` : ''}${f.target}${f.subject ? ` [${f.subject}]` : ''}`;

function renderTable(diff: ReportDiff, colour: boolean): string {
  const c = createColors(colour);
  const lines: string[] = [];
  for (const f of diff.new)
    lines.push(c.red(`+ new       ${f.severity.padEnd(8)} ${f.ruleId} ${where(f)}: ${f.message}`));
  for (const x of diff.changed)
    lines.push(
      c.yellow(
        `~ changed   ${`${x.before.severity}->${x.after.severity}`.padEnd(8)} ${x.after.ruleId} ${where(x.after)}: ${x.after.message}`
      )
    );
  for (const f of diff.resolved)
    lines.push(c.green(`- resolved  ${f.severity.padEnd(8)} ${f.ruleId} ${where(f)}: ${f.message}`));
  const s = diff.summary;
  lines.push(`${c.bold('Diff:')} ${s.new} new, ${s.changed} changed, ${s.resolved} resolved, ${s.unchanged} unchanged`);
  return lines.join('\n');
}

function renderMarkdown(diff: ReportDiff): string {
  const s = diff.summary;
  const out = [
    '# RedisLens: what changed',
    '',
    '| new | changed | resolved | unchanged |',
    '|---:|---:|---:|---:|',
    `| ${s.new} | ${s.changed} | ${s.resolved} | ${s.unchanged} |`,
    '',
  ];
  const table = (title: string, rows: string[]) => {
    if (rows.length === 0) return;
    out.push(`## ${title}`, '', '| severity | rule | where | message |', '|---|---|---|---|', ...rows, '');
  };
  const row = (severity: string, f: CliFinding) =>
    `| ${severity} | \`${f.ruleId}\` | ${escapeMarkdown(where(f))} | ${escapeMarkdown(f.message)} |`;
  table(
    'New',
    diff.new.map((f) => row(f.severity, f))
  );
  table(
    'Changed',
    diff.changed.map((x) => row(`${x.before.severity} → ${x.after.severity}`, x.after))
  );
  table(
    'Resolved',
    diff.resolved.map((f) => row(f.severity, f))
  );
  return out.join('\n').trimEnd();
}

export function runDiff(oldFile: string, newFile: string, flags: DiffFlags): void {
  const diff = diffReports(readReportFile(oldFile), readReportFile(newFile));
  const text =
    flags.format === 'json'
      ? JSON.stringify(diff, null, 2)
      : flags.format === 'markdown'
        ? renderMarkdown(diff)
        : renderTable(diff, Boolean(process.stdout.isTTY));
  process.stdout.write(text + '\n');
  process.exitCode = diffFails(diff, flags.failOn) ? EXIT.critical : EXIT.ok;
}
