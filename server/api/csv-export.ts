/**
 * CSV exports (csv-stringify handles quoting and embedded newlines). Cells
 * are neutralised as OWASP recommends for CSV injection: a text cell that a
 * spreadsheet would read as a formula (=, +, -, @, tab, carriage return,
 * also after leading spaces) gets a leading single quote, so a Redis
 * client name or a note cannot run in a teammate's spreadsheet.
 */
import { stringify, type Options } from 'csv-stringify/sync';

const FORMULA_START = /^[\s]*[=+\-@\t\r]/;
export const neutraliseCell = (value: string): string => (FORMULA_START.test(value) ? `'${value}` : value);
const SAFE: Options = { cast: { string: neutraliseCell } };
import type { Anomaly } from '../domain/records.js';
import type { ReportFinding } from '../analysis/analysis-report.js';

export function anomaliesCsv(items: Anomaly[]): string {
  return stringify(
    items.map((a) => ({
      id: a.id,
      status: a.status,
      severity: a.severity,
      ruleId: a.ruleId,
      category: a.category,
      targetId: a.targetId,
      resource: a.resource,
      subject: a.subject ?? '',
      title: a.title,
      message: a.message,
      recommendation: a.recommendation,
      firstSeen: new Date(a.firstSeen).toISOString(),
      lastSeen: new Date(a.lastSeen).toISOString(),
      occurrences: a.occurrences,
    })),
    {
      ...SAFE,
      header: true,
      columns: [
        'id',
        'status',
        'severity',
        'ruleId',
        'category',
        'targetId',
        'resource',
        'subject',
        'title',
        'message',
        'recommendation',
        'firstSeen',
        'lastSeen',
        'occurrences',
      ],
    }
  );
}

export function findingsCsv(findings: ReportFinding[]): string {
  return stringify(
    findings.map((f) => ({ ...f, subject: f.subject ?? '', evidence: JSON.stringify(f.evidence) })),
    {
      ...SAFE,
      header: true,
      columns: [
        'ruleId',
        'severity',
        'status',
        'target',
        'subject',
        'category',
        'title',
        'message',
        'recommendation',
        'evidence',
      ],
    }
  );
}
