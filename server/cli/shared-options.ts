/** Options analyze and lint share: labels, catalog selection, output format and the CI gate. */
import { InvalidArgumentError, type Command } from 'commander';
import { SEVERITIES, type Severity } from '../rules/severity.js';
import type { Labels } from '../rules/evaluation-context.js';
import type { InspectOptions } from '../collect/inspection/inspect-options.js';

export const FORMATS = ['table', 'json', 'markdown', 'sarif'] as const;
export type Format = (typeof FORMATS)[number];

export interface SharedOptions {
  format: Format;
  failOn: Severity;
  suppress?: string;
  label: Labels;
  rules: string[];
  disable: string[];
  severity: Record<string, Severity>;
  set: Record<string, Record<string, string>>;
}

export interface AnalyzeFlags extends SharedOptions {
  timeout: string;
  concurrency: string;
  targets?: string;
  inspect?: InspectOptions;
  /** analyze --acl-file: compared with every node's running users. */
  aclFile?: string;
}

export interface LintFlags extends SharedOptions {
  redisVersion?: string;
}

function collectLabel(value: string, previous: Labels): Labels {
  const eq = value.indexOf('=');
  if (eq <= 0) throw new InvalidArgumentError(`expected key=value, e.g. environment=production (got "${value}")`);
  return { ...previous, [value.slice(0, eq).trim()]: value.slice(eq + 1).trim() };
}

function collectSeverity(value: string, previous: Record<string, Severity>): Record<string, Severity> {
  const [id, level] = value.split('=');
  if (!id || !SEVERITIES.includes(level as Severity)) {
    throw new InvalidArgumentError(`expected RULE-ID=${SEVERITIES.join('|')} (got "${value}")`);
  }
  return { ...previous, [id]: level as Severity };
}

export function oneOf<T extends string>(allowed: readonly T[]): (value: string) => T {
  return (value) => {
    if (!allowed.includes(value as T)) throw new InvalidArgumentError(`use ${allowed.join(', ')}`);
    return value as T;
  };
}

function collectParam(
  value: string,
  previous: Record<string, Record<string, string>>
): Record<string, Record<string, string>> {
  const m = /^([A-Z]+-\d{3})\.([a-z][a-z0-9_]*)=(.*)$/.exec(value.trim());
  if (!m)
    throw new InvalidArgumentError(`expected RULE-ID.param=value, e.g. CLIENT-005.client_share=0.8 (got "${value}")`);
  return { ...previous, [m[1]]: { ...previous[m[1]], [m[2]]: m[3].trim() } };
}

const collectList = (value: string, previous: string[]) => [...previous, value];

export function addSharedOptions(command: Command): Command {
  return command
    .option('--format <format>', `output format: ${FORMATS.join(', ')}`, oneOf(FORMATS), 'table')
    .option(
      '--fail-on <severity>',
      `exit 1 when a finding is at or above this severity: ${SEVERITIES.join(', ')}`,
      oneOf(SEVERITIES),
      'critical'
    )
    .option('--suppress <file>', 'YAML file of accepted findings, each with a reason and an expiry date')
    .option(
      '--label <key=value>',
      'a fact about the target for the rules (repeatable): environment, workload, cpu_cores, fd_limit, ...; host:port/name=value for one node',
      collectLabel,
      {}
    )
    .option('--rules <dir>', 'an extra folder of rule files (repeatable)', collectList, [])
    .option('--disable <rule-id>', 'skip a rule (repeatable)', collectList, [])
    .option('--severity <rule-id=level>', 're-grade a rule (repeatable)', collectSeverity, {})
    .option('--set <rule-id.param=value>', "set a rule's policy parameter (repeatable)", collectParam, {});
}
