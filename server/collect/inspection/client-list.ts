/** CLIENT LIST, parsed and cut to what the rules need: anything else Redis reports never leaves this module. */
import type { ClientEntry } from './inspection-facts.js';

const NUMBER_FIELDS = ['idle', 'omem', 'obl', 'oll'] as const;

export function parseClientList(text: string): ClientEntry[] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const fields = new Map<string, string>();
      // "name=" may be empty; values hold no spaces (Redis refuses spaces in client names).
      for (const pair of line.trim().split(' ')) {
        const eq = pair.indexOf('=');
        if (eq > 0) fields.set(pair.slice(0, eq), pair.slice(eq + 1));
      }
      const entry: ClientEntry = {
        addr: fields.get('addr') ?? '',
        name: fields.get('name') ?? '',
        idle: 0,
        flags: fields.get('flags') ?? '',
        omem: 0,
        obl: 0,
        oll: 0,
        cmd: (fields.get('cmd') ?? '').split(/\s/)[0],
      };
      for (const f of NUMBER_FIELDS) entry[f] = Number(fields.get(f) ?? 0) || 0;
      return entry;
    });
}
