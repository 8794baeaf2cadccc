/** What reached a real server, from INFO commandstats: the least-privilege and privacy tests read it. */

/** Calls per command, as commandstats names it ("config|get"). */
export function commandCalls(info: string): Map<string, number> {
  const calls = new Map<string, number>();
  for (const m of info.matchAll(/^cmdstat_(\S+):calls=(\d+),/gm)) calls.set(m[1], Number(m[2]));
  return calls;
}

/** What a plain analysis sends (the unauthenticated probe's ping included). */
export const PLAIN_ANALYSIS_COMMANDS: readonly string[] = [
  'auth',
  'ping',
  'info',
  'config|get',
  'role',
  'client|setname',
  'slowlog|len',
  'latency|latest',
  // ACL users, ACL LOG counts, memory and latency internals (on by default, LEAST_PRIVILEGE_ACL_RULES).
  'acl|list',
  'acl|log',
  'memory|stats',
  'memory|doctor',
  'latency|doctor',
  'latency|histogram',
];
