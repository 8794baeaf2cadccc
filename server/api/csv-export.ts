/** CSV exports (csv-stringify handles quoting and embedded newlines). */
import { stringify } from 'csv-stringify/sync';
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
