/**
 * The opt-in inspections a target can enable from the Analyze form, each with the extra ACL rules RedisLens's
 * user needs for it (README, "Opt-in inspections"). All are off by default.
 */
import type { SidecarPaths } from '../../api/client';

export type InspectSetting = NonNullable<
  NonNullable<SidecarPaths['/api/v1/targets']['post']['requestBody']>['content']['application/json']['inspect']
>;
export type InspectChoice = keyof InspectSetting;

export const INSPECT_CHOICES: ReadonlyArray<{ key: InspectChoice; label: string; reads: string; acl: string }> = [
  {
    key: 'clients',
    label: 'Clients',
    reads: 'CLIENT LIST: address, name, idle time, output buffer, last command name',
    acl: '+client|list',
  },
  {
    key: 'slowlog',
    label: 'Slow log',
    reads: 'SLOWLOG GET: command name, duration and argument count (arguments dropped)',
    acl: '+slowlog|get',
  },
  {
    key: 'functions',
    label: 'Functions',
    reads: 'FUNCTION LIST and FUNCTION STATS (7.0+): library and function names, never code',
    acl: '+function|list +function|stats',
  },
  {
    key: 'streams',
    label: 'Streams',
    reads: 'XINFO on stream keys: lengths, pending entries, consumer lag (key names hashed)',
    acl: '+select +scan +xinfo|stream +xinfo|groups +xinfo|consumers %R~*',
  },
  {
    key: 'keyspace',
    label: 'Key-space sampling',
    reads: 'SCAN with TYPE, TTL, encoding and MEMORY USAGE per sampled key, never a value (key names hashed)',
    acl: '+select +scan +type +pttl +object|encoding +memory|usage +hlen +llen +scard +zcard +xlen %R~*',
  },
];

/** The request's `inspect` for the chosen features (key-space sampling with the sidecar's defaults). */
export function inspectSetting(chosen: ReadonlySet<InspectChoice>): InspectSetting | undefined {
  if (chosen.size === 0) {
    return undefined;
  }
  const setting: InspectSetting = {};
  for (const key of chosen) {
    if (key === 'keyspace') {
      setting.keyspace = { enabled: true };
    } else {
      setting[key] = true;
    }
  }
  return setting;
}
