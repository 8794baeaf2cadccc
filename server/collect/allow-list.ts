import { CommandNotAllowedError } from './errors.js';
import type { InspectFeature } from './inspection/inspect-options.js';

type Allowed = Readonly<Record<string, ReadonlySet<string> | true>>;

/**
 * The only commands RedisLens ever sends, with the sub-commands allowed for
 * container commands. This is the single place the read-only guarantee is
 * enforced: ReadOnlyConnection checks every command here before it is sent.
 * Never add KEYS, GET, MONITOR or anything that writes or reads a value;
 * commands that see key names or client addresses belong to an opt-in feature below.
 */
const ALLOWED: Allowed = {
  AUTH: true,
  HELLO: true,
  PING: true,
  INFO: true,
  ROLE: true,
  CONFIG: new Set(['GET']),
  CLIENT: new Set(['SETNAME']),
  SLOWLOG: new Set(['LEN']),
  LATENCY: new Set(['LATEST', 'HISTOGRAM', 'DOCTOR']),
  // MEMORY USAGE reads a key: never here. STATS and DOCTOR describe the allocator, not the data.
  MEMORY: new Set(['STATS', 'DOCTOR']),
  SENTINEL: new Set(['MASTERS', 'MASTER', 'REPLICAS', 'SLAVES', 'SENTINELS', 'CKQUORUM']),
  CLUSTER: new Set(['INFO', 'NODES']),
  // ACL LIST's password hashes are reduced to facts in collect/acl.ts before anything keeps them.
  ACL: new Set(['LIST', 'LOG']),
};

/**
 * Allow-list extensions that are not inspections of the target: `acl_drift` is on when the operator supplies
 * an ACL file (analyze --acl-file); the command table is fetched for that comparison only.
 */
export type AllowFeature = InspectFeature | 'acl_drift';

/** Sub-commands allowed only with some arguments: ACL LOG RESET would clear the log. */
const ARGUMENTS: Readonly<Record<string, (args: readonly (string | number)[]) => boolean>> = {
  'ACL LOG': (args) => args.length <= 2 && (args[1] === undefined || /^\d+$/.test(String(args[1]))),
  // WITHCODE would return the libraries' source.
  'FUNCTION LIST': (args) => !args.some((a) => String(a).toUpperCase() === 'WITHCODE'),
  // The whole table (7.0+); named commands are never asked for.
  'COMMAND INFO': (args) => args.length === 1,
};

/**
 * What each opt-in feature adds, only on the connections of a target that enabled it. None reads a value:
 * key commands answer metadata (type, size, TTL, encoding, element count), XINFO STREAM without FULL.
 */
const FEATURE_ALLOWED: Readonly<Record<AllowFeature, Allowed>> = {
  clients: { CLIENT: new Set(['LIST']) },
  keyspace: {
    SELECT: true,
    SCAN: true,
    TYPE: true,
    PTTL: true,
    OBJECT: new Set(['ENCODING']),
    MEMORY: new Set(['USAGE']),
    HLEN: true,
    LLEN: true,
    SCARD: true,
    ZCARD: true,
    XLEN: true,
  },
  slowlog: { SLOWLOG: new Set(['GET']) },
  streams: { SELECT: true, SCAN: true, XINFO: new Set(['STREAM', 'GROUPS', 'CONSUMERS']) },
  functions: { FUNCTION: new Set(['LIST', 'STATS']) },
  // The command table: COMMAND INFO without names (7.0+), bare COMMAND on 6.2 (its COMMAND INFO needs names).
  acl_drift: { COMMAND: new Set(['INFO', '']) },
};

/** The extra ACL rules each feature needs on top of LEAST_PRIVILEGE_ACL_RULES (README, docs/security.md). */
export const FEATURE_ACL_RULES: Readonly<Record<InspectFeature, readonly string[]>> = {
  clients: ['+client|list'],
  // %R~* : read-only key permission, needed by key commands even for metadata (Redis 7.0+).
  keyspace: [
    '+select',
    '+scan',
    '+type',
    '+pttl',
    '+object|encoding',
    '+memory|usage',
    '+hlen',
    '+llen',
    '+scard',
    '+zcard',
    '+xlen',
    '%R~*',
  ],
  slowlog: ['+slowlog|get'],
  streams: ['+select', '+scan', '+xinfo|stream', '+xinfo|groups', '+xinfo|consumers', '%R~*'],
  functions: ['+function|list', '+function|stats'],
};

/** The extra ACL rule of the ACL-file comparison (analyze --acl-file): COMMAND INFO, for the command table. */
export const ACL_DRIFT_ACL_RULES = ['+command|info'] as const;
/** Redis 6.2 answers COMMAND INFO without names empty: the table comes from bare COMMAND there. */
export const ACL_DRIFT_ACL_RULES_6_2 = ['+command'] as const;

function ruleFor(name: string, features: readonly AllowFeature[]): ReadonlySet<string> | true | undefined {
  // Most connections enable no feature: their rule is the base table's, with no set to merge (every command
  // sent is checked here).
  if (features.length === 0) return ALLOWED[name];
  const subs = new Set<string>();
  for (const table of [ALLOWED, ...features.map((f) => FEATURE_ALLOWED[f])]) {
    const rule = table[name];
    if (rule === true) return true;
    if (rule) for (const s of rule) subs.add(s);
  }
  return subs.size > 0 ? subs : undefined;
}

export function assertAllowed(
  command: string,
  args: readonly (string | number)[],
  features: readonly AllowFeature[] = []
): void {
  const name = command.toUpperCase();
  const rule = ruleFor(name, features);
  if (rule === undefined) throw new CommandNotAllowedError(name);
  // XINFO STREAM ... FULL returns entries (values): only the summary form is allowed.
  if (name === 'XINFO' && args.slice(2).some((a) => String(a).toUpperCase() === 'FULL'))
    throw new CommandNotAllowedError('XINFO STREAM FULL');
  if (rule === true) return;
  const sub = String(args[0] ?? '').toUpperCase();
  if (!rule.has(sub)) throw new CommandNotAllowedError(`${name} ${sub}`.trim());
  const check = ARGUMENTS[`${name} ${sub}`];
  if (check && !check(args)) throw new CommandNotAllowedError(`${name} ${args.join(' ')}`);
}

/**
 * The name INFO commandstats gives a command this list allows, as Redis 7 reports it: "config|get" for a
 * container's sub-command, "info" otherwise (6.2 reports containers by their own name: history-metrics.ts).
 */
export function commandStatsName(command: string, args: readonly (string | number)[]): string {
  const name = command.toUpperCase();
  const sub = String(args[0] ?? '');
  return (CONTAINERS.has(name) && sub ? `${name}|${sub}` : name).toLowerCase();
}

/** Commands allowed by sub-command (CONFIG, ACL, ...): found once, as every reply is counted by name. */
const CONTAINERS: ReadonlySet<string> = new Set(
  [ALLOWED, ...Object.values(FEATURE_ALLOWED)].flatMap((table) =>
    Object.keys(table).filter((name) => table[name] instanceof Set)
  )
);

/** The commands, as ACL rules, that a least-privilege RedisLens user needs. */
export const LEAST_PRIVILEGE_ACL_RULES = [
  '-@all',
  '+ping',
  '+info',
  '+role',
  '+config|get',
  '+client|setname',
  '+slowlog|len',
  '+latency|latest',
  '+cluster|info',
  '+cluster|nodes',
  '+acl|list',
  '+acl|log',
  '+memory|stats',
  '+memory|doctor',
  '+latency|histogram',
  '+latency|doctor',
] as const;

/** The least-privilege ACL rules for a target with these features enabled. */
export function aclRulesFor(features: readonly InspectFeature[]): string[] {
  return [...new Set([...LEAST_PRIVILEGE_ACL_RULES, ...features.flatMap((f) => FEATURE_ACL_RULES[f])])];
}
