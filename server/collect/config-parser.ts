/**
 * Typed view of Redis configuration, from CONFIG GET * (online) or a
 * redis.conf file (offline lint). Both go through parseConfigValue so a rule
 * sees the same types either way: booleans, byte counts, save points and
 * client-output-buffer-limit classes.
 */
export interface SavePoint {
  seconds: number;
  changes: number;
}

export interface OutputBufferLimit {
  hard: number;
  soft: number;
  softSeconds: number;
}

export type OutputBufferClass = 'normal' | 'replica' | 'pubsub';
export type OutputBufferLimits = Partial<Record<OutputBufferClass, OutputBufferLimit>>;

export type ConfigValue = string | number | boolean | SavePoint[] | OutputBufferLimits;
export type ConfigMap = Record<string, ConfigValue>;

/** Directives whose value set includes "yes"/"no" next to other words: kept as strings. */
const ENUM_WITH_YES_NO = new Set([
  'appendfsync',
  'supervised',
  'enable-debug-command',
  'enable-module-command',
  'enable-protected-configs',
  'sanitize-dump-payload',
  'oom-score-adj',
  'repl-diskless-load',
  'shutdown-on-sigterm',
  'shutdown-on-sigint',
]);

const MEMORY = /^(\d+)(k|kb|m|mb|g|gb)$/i;
const UNIT: Record<string, number> = { k: 1e3, kb: 1024, m: 1e6, mb: 1024 ** 2, g: 1e9, gb: 1024 ** 3 };

/** Redis's memtoull: "1mb" is 1048576 bytes, "1m" is 1000000. */
export function parseMemory(raw: string): number | undefined {
  // Both forms start with a digit or a minus sign; most directives' words do not (CONFIG GET * has ~200).
  const first = raw.charCodeAt(0);
  if (first !== 45 && !(first >= 48 && first <= 57)) return undefined;
  if (/^-?\d+$/.test(raw)) return Number(raw);
  const match = MEMORY.exec(raw);
  return match ? Number(match[1]) * UNIT[match[2].toLowerCase()] : undefined;
}

export function parseSavePoints(raw: string): SavePoint[] {
  const parts = raw.trim() === '' || raw.trim() === '""' ? [] : raw.trim().split(/\s+/);
  const points: SavePoint[] = [];
  for (let i = 0; i + 1 < parts.length; i += 2) {
    points.push({ seconds: Number(parts[i]), changes: Number(parts[i + 1]) });
  }
  return points;
}

export function parseOutputBufferLimits(raw: string): OutputBufferLimits {
  const parts = raw.trim().split(/\s+/).filter(Boolean);
  const limits: OutputBufferLimits = {};
  for (let i = 0; i + 3 < parts.length; i += 4) {
    const cls = parts[i].toLowerCase() === 'slave' ? 'replica' : (parts[i].toLowerCase() as OutputBufferClass);
    limits[cls] = {
      hard: parseMemory(parts[i + 1]) ?? NaN,
      soft: parseMemory(parts[i + 2]) ?? NaN,
      softSeconds: Number(parts[i + 3]),
    };
  }
  return limits;
}

export function parseConfigValue(name: string, raw: string): ConfigValue {
  if (name === 'save') return parseSavePoints(raw);
  if (name === 'client-output-buffer-limit') return parseOutputBufferLimits(raw);
  if (!ENUM_WITH_YES_NO.has(name) && (raw === 'yes' || raw === 'no')) return raw === 'yes';
  const bytes = parseMemory(raw);
  return bytes !== undefined && Number.isSafeInteger(bytes) ? bytes : raw;
}

/** CONFIG GET * answers a flat [name, value, name, value, ...] array. */
export function parseConfigReply(reply: readonly string[]): ConfigMap {
  const config: ConfigMap = {};
  for (let i = 0; i + 1 < reply.length; i += 2) {
    config[reply[i]] = parseConfigValue(reply[i], reply[i + 1]);
  }
  return config;
}
