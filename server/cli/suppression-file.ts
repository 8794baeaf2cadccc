/**
 * `--suppress suppressions.yaml`: findings an operator has accepted, each
 * with a reason and an expiry date, so a CI gate can pass on a known issue
 * without forgetting it. An expired suppression no longer suppresses and is
 * reported; a suppressed finding is listed, never dropped (suppressions.ts).
 */
import { z } from 'zod';
import { CliInputError, readYamlInput } from './input-file.js';
import type { SuppressionEntry } from './cli-report.js';
import type { Suppressions } from './suppressions.js';

const isoDay = /^\d{4}-\d{2}-\d{2}$/;

function isCalendarDay(day: string): boolean {
  const date = new Date(`${day}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === day;
}

export const suppressionFileSchema = z
  .object({
    apiVersion: z.literal(1).optional(),
    suppressions: z
      .array(
        z
          .object({
            rule: z.string().regex(/^[A-Z]+-\d{3}$/, 'a rule id such as MEM-004'),
            target: z.string().min(1).optional(),
            subject: z.string().min(1).optional(),
            reason: z.string().trim().min(3, 'say why this finding is accepted'),
            expires: z
              .string()
              .regex(isoDay, 'expected a date as YYYY-MM-DD')
              .refine(isCalendarDay, 'not a calendar date'),
          })
          .strict()
      )
      .default([]),
  })
  .strict();

/** Reads the file; rule ids must be known (catalog rules, or ones disabled on this run). */
export function loadSuppressions(file: string, knownRules: Set<string>, now = new Date()): Suppressions {
  const input = readYamlInput(file, suppressionFileSchema);
  const today = now.toISOString().slice(0, 10);
  const result: Suppressions = { active: [], expired: [] };
  input.data.suppressions.forEach((entry, index) => {
    const source = `${file}:${input.lineOf(['suppressions', index])}`;
    if (!knownRules.has(entry.rule)) {
      const line = input.lineOf(['suppressions', index, 'rule']);
      throw new CliInputError(`${file}:${line}: suppressions[${index}].rule: no rule ${entry.rule} in the catalog`);
    }
    const suppression: SuppressionEntry = {
      rule: entry.rule,
      ...(entry.target ? { target: entry.target } : {}),
      ...(entry.subject ? { subject: entry.subject } : {}),
      reason: entry.reason,
      expires: entry.expires,
      source,
    };
    (entry.expires < today ? result.expired : result.active).push(suppression);
  });
  return result;
}
