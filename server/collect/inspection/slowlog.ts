/** SLOWLOG GET, with every argument dropped here, at the edge: only name, duration and argument count stay. */
import type { SlowCommand, SlowlogEntry } from './inspection-facts.js';

const text = (v: unknown): string => (Buffer.isBuffer(v) ? v.toString('utf8') : String(v));

/** Redis keeps 32 arguments at most and ends with "... (N more arguments)". */
function argumentCount(argv: unknown[]): number {
  const more = /^\.\.\. \((\d+) more arguments\)$/.exec(argv.length > 0 ? text(argv[argv.length - 1]) : '');
  return Math.max(0, argv.length - 1) + (more ? Number(more[1]) - 1 : 0);
}

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
      argCount: argumentCount(argv),
    };
  });
}

export function slowCommands(entries: SlowlogEntry[]): SlowCommand[] {
  const by = new Map<string, SlowCommand>();
  for (const e of entries) {
    const c = by.get(e.command) ?? { command: e.command, count: 0, maxUs: 0, totalUs: 0, maxArgs: 0 };
    c.count++;
    c.maxUs = Math.max(c.maxUs, e.durationUs);
    c.totalUs += e.durationUs;
    c.maxArgs = Math.max(c.maxArgs, e.argCount);
    by.set(e.command, c);
  }
  return [...by.values()].sort((a, b) => b.totalUs - a.totalUs);
}
