/** SLOWLOG GET, with every argument dropped here, at the edge: only name, duration and argument count stay. */
import type { SlowlogEntry } from './inspection-facts.js';

const text = (v: unknown): string => (Buffer.isBuffer(v) ? v.toString('utf8') : String(v));

export function parseSlowlog(reply: unknown): SlowlogEntry[] {
  return (reply as unknown[][]).map((entry) => {
    const [id, at, duration, args] = entry;
    const argv = Array.isArray(args) ? args : [];
    return {
      id: Number(id),
      at: Number(at),
      durationUs: Number(duration),
      // Only the command name (argv[0]); a sub-command would be argv[1], which can as well be a key.
      command: argv.length > 0 ? text(argv[0]).toLowerCase() : '',
      argCount: Math.max(0, argv.length - 1),
    };
  });
}
