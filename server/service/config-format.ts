/** Renders typed config values back the way redis.conf and CONFIG GET write them. */
import type { ConfigValue, OutputBufferLimits, SavePoint } from '../collect/config-parser.js';

export function formatConfigValue(value: ConfigValue | undefined): string {
  if (value === undefined) return '';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (Array.isArray(value)) return (value as SavePoint[]).map((p) => `${p.seconds} ${p.changes}`).join(' ');
  if (typeof value === 'object') {
    return Object.entries(value as OutputBufferLimits)
      .map(([cls, l]) => `${cls} ${l!.hard} ${l!.soft} ${l!.softSeconds}`)
      .join(' ');
  }
  return String(value);
}
