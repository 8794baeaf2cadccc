/** What callers ask the store and the read service for: anomaly filters, sorted pages. */
import type { Severity } from '../rules/rule-schema.js';
import type { AnomalyStatus } from './records.js';

export interface AnomalyFilter {
  severity?: Severity[];
  status?: AnomalyStatus[];
  category?: string[];
  targetId?: string[];
  ruleId?: string[];
  /** lastSeen >= from (epoch ms). */
  from?: number;
  /** firstSeen <= to (epoch ms). */
  to?: number;
}

export interface AnomalyQuery extends AnomalyFilter {
  sort?: 'lastSeen' | 'firstSeen' | 'severity';
  order?: 'asc' | 'desc';
  cursor?: string;
  limit?: number;
}

export interface Page<T> {
  items: T[];
  nextCursor?: string;
}

/** A cursor that did not come from the previous page of the same query: the caller's error (400). */
export class InvalidCursorError extends Error {
  override name = 'InvalidCursorError';
  constructor() {
    super('the cursor is not valid for this query (take it from nextCursor of the previous page, with the same sort)');
  }
}
