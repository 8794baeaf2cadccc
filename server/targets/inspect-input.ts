/** The `inspect` setting of a target as operators write it (REST API, provisioning, fleet file): zod at the edge. */
import { z } from 'zod';
import { KEYSPACE_DEFAULTS } from '../collect/inspection/inspect-options.js';

export const keyspaceSamplingSchema = z
  .object({
    enabled: z.boolean().describe('Sample the key space (SCAN + per-key metadata, never a value); off by default'),
    maxKeys: z
      .number()
      .int()
      .min(1)
      .max(1_000_000)
      .optional()
      .describe(`Keys per node, default ${KEYSPACE_DEFAULTS.maxKeys}`),
    timeBudgetMs: z
      .number()
      .int()
      .min(100)
      .max(600_000)
      .optional()
      .describe(`Time per node, default ${KEYSPACE_DEFAULTS.timeBudgetMs} ms`),
    opsCeiling: z
      .number()
      .int()
      .min(0)
      .optional()
      .describe(
        `A master above this many ops/s is never sampled (0: never a master), default ${KEYSPACE_DEFAULTS.opsCeiling}`
      ),
    showPrefixes: z.boolean().optional().describe('Show key prefixes up to the first ":" in clear (default: hashed)'),
  })
  .strict();

export const inspectSchema = z
  .object({
    clients: z.boolean().optional().describe('CLIENT LIST (addresses, names, idle, buffers, command name)'),
    keyspace: keyspaceSamplingSchema.optional(),
    slowlog: z.boolean().optional().describe('SLOWLOG GET with every argument dropped'),
    streams: z.boolean().optional().describe('XINFO STREAM/GROUPS/CONSUMERS on stream keys found by SCAN TYPE stream'),
    functions: z
      .boolean()
      .optional()
      .describe('FUNCTION LIST (library and function names, never code) and FUNCTION STATS (the function running now)'),
  })
  .strict()
  .describe('Opt-in inspections beyond INFO and CONFIG, all off by default; each needs extra ACL commands');
