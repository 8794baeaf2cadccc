/** The shape of a rule file in rules/, validated at load with zod. */
import { z } from 'zod';
import { SEVERITIES } from './severity.js';

export { SEVERITIES, SEVERITY_RANK, type Severity } from './severity.js';
export const SCOPES = ['instance', 'master', 'replica', 'sentinel', 'topology', 'cluster'] as const;
export const FACT_SOURCES = ['config', 'info', 'topology', 'history', 'labels', 'acl', 'inspection'] as const;

export type Scope = (typeof SCOPES)[number];
export type FactSourceName = (typeof FACT_SOURCES)[number];

const expression = z.string().trim().min(1, 'must be a non-empty CEL expression');
const identifier = z.string().regex(/^[a-z][a-z0-9_]*$/, 'must be a lower-case identifier, e.g. max_ratio');

/** A policy threshold an operator may override (`--set RULE.param=value`); facts stay in the condition. */
export const paramValue = z.union([z.number(), z.boolean(), z.string()]);
export type ParamValue = z.infer<typeof paramValue>;

export const ruleSchema = z
  .object({
    id: z.string().regex(/^[A-Z]+-\d{3}$/, 'must look like CATEGORY-NNN, e.g. MEM-004'),
    title: z.string().trim().min(5),
    category: z.string().min(2).optional(),
    severity: z.enum(SEVERITIES),
    scope: z.enum(SCOPES),
    requires: z.array(z.enum(FACT_SOURCES)).min(1),
    /**
     * Where the rule makes sense at all; when false no result is produced (e.g. a directive absent in this
     * version).
     */
    applies: expression.optional(),
    /** Named values the condition, message and evidence read as vars.<name>, computed in order. */
    vars: z.record(identifier, expression).default({}),
    /** Policy thresholds, read as params.<name>; the value here is the default. */
    params: z.record(identifier, paramValue).default({}),
    when: expression,
    /** Raises the severity when this holds as well (e.g. 90% warning, 95% critical). */
    escalate: z.partialRecord(z.enum(SEVERITIES), expression).optional(),
    message: z.string().trim().min(5),
    subject: z.string().optional(),
    evidence: z.record(z.string(), expression).default({}),
    rationale: z.string().trim().min(40, 'must be a paragraph explaining why this matters'),
    recommendation: z.string().trim().min(20),
    /** The configuration directives this rule judges: the config views highlight exactly these. */
    directives: z.array(z.string().regex(/^[a-z][a-z0-9-]*$/, 'must be a directive name, e.g. maxmemory')).default([]),
    references: z.array(z.url()).min(1),
  })
  .strict();

export const ruleFileSchema = z
  .object({
    category: z.string().min(2),
    rules: z.array(ruleSchema).min(1),
  })
  .strict();

export type RuleDefinition = z.infer<typeof ruleSchema> & { category: string };
export type RuleFile = z.infer<typeof ruleFileSchema>;
