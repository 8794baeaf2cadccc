/** Input schemas shared by routes: one schema library for everything at the edge (zod). */
import { z } from 'zod';
import { SEVERITIES } from '../rules/rule-schema.js';
import { inspectSchema } from '../targets/inspect-input.js';

export const idParams = z.object({ id: z.uuid('must be a UUID') }).strict();

/** ?a=x&a=y and ?a=x,y both mean [x, y]. */
export const listOf = <T extends z.ZodType<string>>(item: T) =>
  z.preprocess(
    (v) =>
      v === undefined ? undefined : (Array.isArray(v) ? v : [v]).flatMap((x) => String(x).split(',')).filter(Boolean),
    z.array(item).optional()
  );

/** Epoch milliseconds up to the largest JS date: beyond it, time arithmetic stops being exact. */
export const epochMs = z.coerce.number().int().nonnegative().max(8.64e15, 'must be epoch milliseconds');
/** A bucket or step length in ms: at most a year. */
export const intervalMs = z.coerce.number().int().positive().max(31_536_000_000, 'at most a year in milliseconds');

/** Every endpoint with a time range says the same when it is backwards. */
export const orderedRange = <T extends { from?: number; to?: number }>(q: T) =>
  q.from === undefined || q.to === undefined || q.from <= q.to;
export const RANGE_MESSAGE = { message: 'from must not be after to', path: ['from'] };

/** No control characters (NUL, escape sequences, newlines) in names: they reach logs, /metrics and screens. */
const NO_CONTROL = /^[^\u0000-\u001f\u007f-\u009f]*$/;
export const displayName = (max: number) =>
  z.string().trim().min(1).max(max).regex(NO_CONTROL, 'control characters are not allowed');

export const severity = z.enum(SEVERITIES);
export const anomalyStatus = z.enum(['open', 'acknowledged', 'resolved', 'false_positive']);

export const anomalyFilterQuery = z
  .object({
    severity: listOf(severity),
    status: listOf(anomalyStatus),
    category: listOf(z.string().min(1).max(100)),
    targetId: listOf(z.uuid()),
    ruleId: listOf(z.string().regex(/^[A-Z]+-\d{3}$/, 'a rule id like MEM-004')),
    from: epochMs.optional(),
    to: epochMs.optional(),
  })
  .strict();

export const anomalyListQuery = anomalyFilterQuery
  .extend({
    sort: z.enum(['lastSeen', 'firstSeen', 'severity']).optional(),
    order: z.enum(['asc', 'desc']).optional(),
    cursor: z.string().max(500).optional(),
    limit: z.coerce.number().int().min(1).max(500).optional(),
  })
  .strict();

export const MAX_LABELS = 64;
const labels = z
  .record(
    z
      .string()
      .max(300, 'a label name is at most 300 characters')
      .regex(
        /^([^\s/]+:\d+\/)?[a-z_][a-z0-9_]*$/,
        'label names are lower_snake_case, optionally for one node: host:port/name'
      ),
    z.string().max(200).regex(NO_CONTROL, 'control characters are not allowed')
  )
  .refine((l) => Object.keys(l).length <= MAX_LABELS, `at most ${MAX_LABELS} labels`);

export const targetCreateBody = z
  .object({
    name: displayName(100),
    url: z.string().trim().min(8).max(2000),
    password: z.string().max(1000).optional(),
    labels: labels.optional(),
    intervalSeconds: z.number().int().min(1).max(86400).optional(),
    enabled: z.boolean().optional(),
    inspect: inspectSchema.optional(),
  })
  .strict();

export const targetUpdateBody = targetCreateBody.partial().strict();

export const statusChangeBody = z.object({ status: anomalyStatus, note: z.string().max(2000).optional() }).strict();
export const bulkStatusBody = statusChangeBody.extend({ ids: z.array(z.uuid()).min(1).max(500) }).strict();

export const ruleChangeBody = z
  .object({
    enabled: z.boolean().optional(),
    severity: severity.nullable().optional(),
    /** Rule parameters for this tenant; null restores the rule's default. */
    params: z
      .record(z.string().regex(/^[a-z][a-z0-9_]*$/), z.union([z.number(), z.boolean(), z.string().max(200)]).nullable())
      .optional(),
  })
  .strict()
  .refine(
    (b) => b.enabled !== undefined || b.severity !== undefined || b.params !== undefined,
    'give enabled and/or severity (or params)'
  );

export const limitQuery = z.object({ limit: z.coerce.number().int().min(1).max(500).default(50) }).strict();
export const timeRangeQuery = z
  .object({ from: epochMs, to: epochMs, targetId: z.uuid().optional() })
  .strict()
  .refine(orderedRange, RANGE_MESSAGE);
export const formatQuery = z.object({ format: z.enum(['csv', 'json']).default('json') });
