import { CommandNotAllowedError } from './errors.js';

/**
 * The only commands RedisLens ever sends, with the sub-commands allowed for
 * container commands. This is the single place the read-only guarantee is
 * enforced: ReadOnlyConnection checks every command here before it is sent.
 * Never add KEYS, SCAN, GET, MONITOR, SLOWLOG GET (it carries user data) or
 * anything that writes.
 */
const ALLOWED: Readonly<Record<string, ReadonlySet<string> | true>> = {
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
  COMMAND: new Set(['INFO']),
  // ACL LIST's password hashes are reduced to facts in collect/acl.ts before anything keeps them.
  ACL: new Set(['LIST', 'LOG']),
};

/** Sub-commands allowed only with some arguments: ACL LOG RESET would clear the log. */
const ARGUMENTS: Readonly<Record<string, (args: readonly (string | number)[]) => boolean>> = {
  'ACL LOG': (args) => args.length <= 2 && (args[1] === undefined || /^\d+$/.test(String(args[1]))),
};

export function assertAllowed(command: string, args: readonly (string | number)[]): void {
  const name = command.toUpperCase();
  const rule = ALLOWED[name];
  if (rule === undefined) throw new CommandNotAllowedError(name);
  if (rule === true) return;
  const sub = String(args[0] ?? '').toUpperCase();
  if (!rule.has(sub)) throw new CommandNotAllowedError(`${name} ${sub}`.trim());
  const check = ARGUMENTS[`${name} ${sub}`];
  if (check && !check(args)) throw new CommandNotAllowedError(`${name} ${args.join(' ')}`);
}

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
  '+command|info',
  '+acl|list',
  '+acl|log',
  '+memory|stats',
  '+memory|doctor',
  '+latency|histogram',
  '+latency|doctor',
] as const;
