/** Renders a report for a terminal (grouped by target, colour on a TTY) or as JSON. */
import { createColors } from 'picocolors';
import type { CliFinding, CliReport } from './cli-report.js';

export function renderJson(report: CliReport): string {
  return JSON.stringify(report, null, 2);
}

export function renderTable(report: CliReport, colour: boolean): string {
  const c = createColors(colour);
  const badge = { critical: c.bold(c.red('CRITICAL')), warning: c.yellow('WARNING '), notice: c.cyan('NOTICE  ') };
  const lines: string[] = [];
  const byTarget = new Map<string, CliFinding[]>();
  for (const f of report.findings) byTarget.set(f.target, [...(byTarget.get(f.target) ?? []), f]);
  const nodeTargets = new Set(report.targets.map((t) => t.address));

  const section = (title: string, findings: CliFinding[]) => {
    lines.push(c.bold(title));
    const fired = findings.filter((f) => f.status === 'fired');
    const skipped = findings.filter((f) => f.status === 'not_evaluated');
    if (fired.length === 0) lines.push(c.green('  no findings'));
    for (const f of fired) {
      lines.push(`  ${badge[f.severity]} ${c.bold(f.ruleId)} ${f.subject ? `[${f.subject}] ` : ''}${f.message}`);
      lines.push(c.dim(`           fix: ${f.recommendation.replace(/\s+/g, ' ')}`));
    }
    for (const f of skipped) lines.push(c.dim(`  not evaluated ${f.ruleId}: ${f.message}`));
    lines.push('');
  };

  for (const target of report.targets) {
    const head =
      `${target.name ? `${target.name}: ` : ''}${target.address}  ${target.kind === 'sentinel' ? 'sentinel' : target.role}  ${target.version ?? ''}`.trim();
    if (!target.reachable) {
      lines.push(c.bold(head), `  ${c.red('UNREACHABLE')} ${target.error ?? ''}`, '');
      continue;
    }
    section(head, byTarget.get(target.address) ?? []);
  }
  for (const [target, findings] of byTarget) if (!nodeTargets.has(target)) section(`${target}  (topology)`, findings);

  if (report.suppressed?.length) {
    lines.push(c.bold('Suppressed'));
    for (const f of report.suppressed)
      lines.push(
        c.dim(
          `  ${f.severity} ${f.ruleId} on ${f.target}${f.subject ? ` [${f.subject}]` : ''}: ${f.suppression.reason} (until ${f.suppression.expires}, ${f.suppression.source})`
        )
      );
    lines.push('');
  }
  if (report.expiredSuppressions?.length) {
    lines.push(c.bold(c.yellow('Expired suppressions (no longer applied)')));
    for (const e of report.expiredSuppressions)
      lines.push(`  ${e.rule}${e.target ? ` on ${e.target}` : ''}: expired ${e.expires} (${e.source}): ${e.reason}`);
    lines.push('');
  }

  const s = report.summary;
  const unreachable = report.targets.filter((t) => !t.reachable).length;
  lines.push(
    `${c.bold('Summary:')} ${c.red(`${s.critical} critical`)}, ${c.yellow(`${s.warning} warning`)}, ${c.cyan(`${s.notice} notice`)}, ` +
      `${s.notEvaluated} not evaluated${s.suppressed !== undefined ? `, ${s.suppressed} suppressed` : ''}; ` +
      `${report.targets.length} node(s)${unreachable ? `, ${unreachable} unreachable` : ''}`
  );
  return lines.join('\n');
}
