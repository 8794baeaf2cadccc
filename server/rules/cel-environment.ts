/**
 * The CEL environment rules are written in: the variables a rule may read
 * and the few helper functions. CEL is side-effect free and cannot reach
 * the process: a rule file is data, never code.
 */
import { Environment } from '@marcbachmann/cel-js';
import { parseVersion } from '../collect/snapshot.js';

export const RULE_VARIABLES = {
  node: 'map',
  info: 'map',
  config: 'map',
  secrets: 'map',
  labels: 'map',
  previous: 'map',
  master: 'map',
  replicas: 'list',
  group: 'map',
  cluster: 'map',
  sentinel: 'map',
  acl: 'map',
  usage: 'map',
  memory_stats: 'map',
  inspection: 'map',
  data: 'map',
  params: 'map',
  vars: 'map',
} as const;

const versionNumbers = new Map<string, bigint>();

/** "7.2.4" -> 70204, so versions compare as integers. Rules ask for the same few versions on every node. */
export function versionNumber(text: string): bigint {
  let number = versionNumbers.get(text);
  if (number === undefined) {
    const { major, minor, patch } = parseVersion(text);
    number = BigInt(major * 10000 + minor * 100 + patch);
    if (versionNumbers.size < 1024) versionNumbers.set(text, number);
  }
  return number;
}

/** Thrown by unknown(reason): the rule cannot judge this case and says why (not_evaluated, never passed). */
export class UnknownDataError extends Error {
  override name = 'UnknownDataError';
}

export function createRuleEnvironment(): Environment {
  let env = new Environment({ homogeneousAggregateLiterals: false });
  for (const [name, type] of Object.entries(RULE_VARIABLES)) env = env.registerVariable(name, type);
  return (
    env
      .registerFunction('version(string): int', versionNumber)
      // CEL has no aggregate: key counts across databases and similar totals need one.
      .registerFunction('sum(list): int', (values: unknown[]) =>
        values.reduce<bigint>((a, v) => a + BigInt(v as bigint), 0n)
      )
      .registerFunction('unknown(string): bool', (reason: string) => {
        throw new UnknownDataError(reason);
      })
  );
}
