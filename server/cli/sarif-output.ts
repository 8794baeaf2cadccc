/**
 * `--format sarif`: SARIF 2.1.0, the format code-review tools read (code
 * scanning, IDE viewers). Rule metadata comes from the catalog; a lint result
 * points at the config file and line, an analyze result at the node address.
 * Suppressed findings stay in the log with a SARIF suppression, as the format
 * intends; rules that could not be evaluated are tool notifications.
 */
import { createHash } from 'node:crypto';
import type { Location, Log, Notification, ReportingDescriptor, Result } from 'sarif';
import type { Catalog } from '../rules/catalog-loader.js';
import type { Severity } from '../rules/rule-schema.js';
import type { CliFinding, CliReport, SuppressedFinding } from './cli-report.js';

export const SARIF_SCHEMA =
  'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';

const LEVEL: Record<Severity, Result.level> = { critical: 'error', warning: 'warning', notice: 'note' };

/** Where a finding is: the config file and line (lint) or the node (analyze). */
export type Locator = (finding: CliFinding) => Location[];

/** analyze: a node finding is at redis://host:port; a group finding is a logical location. */
export const addressLocator: Locator = (finding) => {
  const logical = [
    {
      name: finding.subject ?? finding.target,
      fullyQualifiedName: [finding.targetName, finding.target, finding.subject].filter(Boolean).join('/'),
    },
  ];
  if (!/^(\[[^\]]+\]|[^:/\s]+):\d+$/.test(finding.target)) return [{ logicalLocations: logical }];
  return [{ physicalLocation: { artifactLocation: { uri: `redis://${finding.target}` } }, logicalLocations: logical }];
};

function fullText(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function ruleDescriptors(catalog: Catalog): ReportingDescriptor[] {
  return catalog.rules.map((rule) => ({
    id: rule.id,
    shortDescription: { text: fullText(rule.title) },
    fullDescription: { text: fullText(rule.rationale) },
    help: { text: fullText(rule.recommendation) },
    helpUri: rule.references[0],
    defaultConfiguration: { level: LEVEL[rule.severity] },
    properties: { category: rule.category, scope: rule.scope, tags: [rule.category] },
  }));
}

function toResult(finding: CliFinding | SuppressedFinding, ruleIndex: Map<string, number>, locate: Locator): Result {
  const key = [finding.targetName ?? '', finding.ruleId, finding.target, finding.subject ?? ''].join('\u0000');
  const index = ruleIndex.get(finding.ruleId);
  return {
    ruleId: finding.ruleId,
    ...(index !== undefined ? { ruleIndex: index } : {}),
    level: LEVEL[finding.severity],
    message: { text: `${finding.subject ? `[${finding.subject}] ` : ''}${finding.message}` },
    locations: locate(finding),
    // Stable across runs, so a review tool tracks one finding rather than a new one each time.
    partialFingerprints: { 'redislens/v1': createHash('sha256').update(key).digest('hex').slice(0, 32) },
    ...('suppression' in finding
      ? {
          suppressions: [
            {
              kind: 'external' as const,
              status: 'accepted' as const,
              justification: `${finding.suppression.reason} (until ${finding.suppression.expires}, ${finding.suppression.source})`,
            },
          ],
        }
      : {}),
    properties: {
      severity: finding.severity,
      target: finding.target,
      ...(finding.targetName ? { targetName: finding.targetName } : {}),
      recommendation: fullText(finding.recommendation),
      evidence: finding.evidence,
    },
  };
}

export function renderSarif(
  report: CliReport,
  options: { catalog: Catalog; locate: Locator; exitCode: number }
): string {
  const rules = ruleDescriptors(options.catalog);
  const ruleIndex = new Map(rules.map((r, i) => [r.id, i]));
  const fired = report.findings.filter((f) => f.status === 'fired');
  const notifications: Notification[] = report.findings
    .filter((f) => f.status === 'not_evaluated')
    .map((f) => ({
      level: 'note',
      message: { text: `${f.ruleId} not evaluated on ${f.target}: ${f.message}` },
      descriptor: { id: f.ruleId },
    }));
  for (const t of report.targets.filter((x) => !x.reachable))
    notifications.push({ level: 'error', message: { text: `${t.address} unreachable: ${t.error ?? 'no answer'}` } });
  for (const e of report.expiredSuppressions ?? [])
    notifications.push({
      level: 'warning',
      message: { text: `suppression of ${e.rule} at ${e.source} expired on ${e.expires}: ${e.reason}` },
    });

  const log: Log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'RedisLens',
            rules,
          },
        },
        invocations: [
          {
            executionSuccessful: options.exitCode !== 2,
            exitCode: options.exitCode,
            toolExecutionNotifications: notifications,
          },
        ],
        results: [
          ...fired.map((f) => toResult(f, ruleIndex, options.locate)),
          ...(report.suppressed ?? []).map((f) => toResult(f, ruleIndex, options.locate)),
        ],
      },
    ],
  };
  return JSON.stringify(log, null, 2);
}
