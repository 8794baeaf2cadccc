/**
 * FUNCTION LIST and FUNCTION STATS (Redis 7.0+), cut at the edge: library and function names with their
 * flags (never code: LIST is sent without WITHCODE; never the free-text description), and of the function
 * running now only its name, the command that called it and how many arguments it got (keys and values
 * dropped).
 */
import type { FunctionLibrary, FunctionStats } from './inspection-facts.js';

const text = (v: unknown): string => (Buffer.isBuffer(v) ? v.toString('utf8') : String(v));

/** RESP2 maps are flat [field, value, ...] lists. */
function fields(reply: unknown): Map<string, unknown> {
  const list = Array.isArray(reply) ? reply : [];
  const map = new Map<string, unknown>();
  for (let i = 0; i + 1 < list.length; i += 2) map.set(text(list[i]), list[i + 1]);
  return map;
}

const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

export function parseFunctionList(reply: unknown): FunctionLibrary[] {
  return list(reply)
    .map((entry) => {
      const library = fields(entry);
      return {
        name: text(library.get('library_name')),
        engine: text(library.get('engine')),
        functions: list(library.get('functions'))
          .map((f) => {
            const fn = fields(f);
            return { name: text(fn.get('name')), flags: list(fn.get('flags')).map(text).sort() };
          })
          .sort((a, b) => a.name.localeCompare(b.name)),
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

export function parseFunctionStats(reply: unknown): FunctionStats {
  const stats = fields(reply);
  const running = stats.get('running_script');
  const engines: FunctionStats['engines'] = {};
  for (const [engine, counts] of fields(stats.get('engines'))) {
    const c = fields(counts);
    engines[engine] = {
      libraries: Number(c.get('libraries_count') ?? 0),
      functions: Number(c.get('functions_count') ?? 0),
    };
  }
  if (!Array.isArray(running)) return { engines };
  const r = fields(running);
  const argv = list(r.get('command'));
  return {
    running: {
      name: text(r.get('name')),
      // FCALL / FCALL_RO; what follows (function name, numkeys, keys, arguments) is only counted.
      command: argv.length > 0 ? text(argv[0]).toLowerCase() : '',
      argCount: Math.max(0, argv.length - 1),
      durationMs: Number(r.get('duration_ms') ?? 0),
    },
    engines,
  };
}

/** "function 'spin' (fcall, 3 arguments) has run for 1040 ms": for a node that answers BUSY. */
export function describeRunning(stats: FunctionStats): string | undefined {
  const r = stats.running;
  return r && `function '${r.name}' (${r.command}, ${r.argCount} arguments) has run for ${r.durationMs} ms`;
}
