/**
 * `--format markdown`: a report a person reads (a CI job summary, a pull
 * request comment, a ticket): the verdict first, then findings by target with
 * the fix, then what was not evaluated, suppressed or expired.
 */
import type { Severity } from '../rules/rule-schema.js';
import { atOrAbove, type CliFinding, type CliReport, type CliTarget } from './cli-report.js';

/** Text from Redis or an operator must not turn into markup (or break a table). */
export function escapeMarkdown(text: string): string {
  return text.replace(/\s+/g, ' ').replace(/([\\`*_[\]<>|#])/g, '\\$1');
}

const BADGE: Record<Severity, string> = { critical: '🔴 critical', warning: '🟠 warning', notice: '🔵 notice' };

function findingBlock(f: CliFinding): string[] {
  const lines = [
    `- **${BADGE[f.severity]}** \`${f.ruleId}\` ${escapeMarkdown(f.title)}${f.subject ? ` — ${escapeMarkdown(f.subject)}` : ''}  `,
    `  ${escapeMarkdown(f.message)}  `,
    `  **Fix:** ${escapeMarkdown(f.recommendation)}`,
  ];
  if (Object.keys(f.evidence).length > 0) {
    const json = JSON.stringify(f.evidence);
    // A fence longer than any backtick run inside, so evidence text cannot close it.
    const fence = '`'.repeat(Math.max(3, ...[...json.matchAll(/`+/g)].map((m) => m[0].length + 1)));
    lines.push(`  <details><summary>Evidence</summary>\n\n  ${fence}json\n  ${json}\n  ${fence}\n  </details>`);
  }
  return lines;
}

function targetHeading(t: CliTarget | undefined, target: string): string {
  if (!t) return `### ${escapeMarkdown(target)} (topology)`;
  const role = t.kind === 'sentinel' ? 'sentinel' : t.role;
  return `### ${t.name ? `${escapeMarkdown(t.name)}: ` : ''}\`${t.address}\` (${role}${t.version ? `, Redis ${t.version}` : ''})`;
}

export function renderMarkdown(report: CliReport, options: { title: string; failOn: Severity }): string {
  const s = report.summary;
  const failing = report.findings.filter((f) => f.status === 'fired' && atOrAbove(f.severity, options.failOn));
  const unreachable = report.targets.filter((t) => !t.reachable);
  const out: string[] = [`# ${options.title}`, ''];
  const verdict =
    unreachable.length > 0
      ? `**${unreachable.length} node(s) could not be analysed.**`
      : failing.length > 0
        ? `**Fails the gate:** ${failing.length} finding(s) at or above ${options.failOn}.`
        : `**Passes the gate:** no finding at or above ${options.failOn}.`;
  out.push(verdict, '');
  out.push(
    '| critical | warning | notice | not evaluated |' + (s.suppressed !== undefined ? ' suppressed |' : ''),
    '|---:|---:|---:|---:|' + (s.suppressed !== undefined ? '---:|' : ''),
    `| ${s.critical} | ${s.warning} | ${s.notice} | ${s.notEvaluated} |` +
      (s.suppressed !== undefined ? ` ${s.suppressed} |` : ''),
    ''
  );

  out.push('## Findings', '');
  const fired = report.findings.filter((f) => f.status === 'fired');
  if (fired.length === 0) out.push('No findings.', '');
  const byTarget = new Map<string, CliFinding[]>();
  for (const f of fired) byTarget.set(f.target, [...(byTarget.get(f.target) ?? []), f]);
  for (const [target, findings] of byTarget) {
    out.push(
      targetHeading(
        report.targets.find((t) => t.address === target),
        target
      ),
      ''
    );
    for (const f of findings) out.push(...findingBlock(f));
    out.push('');
  }

  if (unreachable.length > 0) {
    out.push('## Unreachable', '');
    for (const t of unreachable) out.push(`- \`${t.address}\`: ${escapeMarkdown(t.error ?? 'unreachable')}`);
    out.push('');
  }
  const skipped = report.findings.filter((f) => f.status === 'not_evaluated');
  if (skipped.length > 0) {
    out.push('## Not evaluated', '', '| rule | target | why |', '|---|---|---|');
    for (const f of skipped)
      out.push(`| \`${f.ruleId}\` | ${escapeMarkdown(f.target)} | ${escapeMarkdown(f.message)} |`);
    out.push('');
  }
  if (report.suppressed?.length) {
    out.push('## Suppressed', '', '| severity | rule | target | reason | until |', '|---|---|---|---|---|');
    for (const f of report.suppressed)
      out.push(
        `| ${f.severity} | \`${f.ruleId}\` | ${escapeMarkdown(f.target)}${f.subject ? ` (${escapeMarkdown(f.subject)})` : ''} | ` +
          `${escapeMarkdown(f.suppression.reason)} | ${f.suppression.expires} |`
      );
    out.push('');
  }
  if (report.expiredSuppressions?.length) {
    out.push(
      '## Expired suppressions',
      '',
      'These no longer suppress anything: renew them with a new date or remove them.',
      ''
    );
    for (const e of report.expiredSuppressions)
      out.push(
        `- \`${e.rule}\`${e.target ? ` on ${escapeMarkdown(e.target)}` : ''}: expired ${e.expires} ` +
          `(${escapeMarkdown(e.source)}): ${escapeMarkdown(e.reason)}`
      );
    out.push('');
  }
  return out.join('\n').trimEnd();
}
