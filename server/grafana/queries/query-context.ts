/**
 * What every query handler gets besides its model: who asks, the service,
 * and the time range, interval and point budget Grafana gave this refId.
 */
import type { Identity } from '../../service/identity.js';
import type { GrafanaService } from '../grafana-service.js';

export interface QueryContext {
  refId: string;
  identity: Identity;
  service: GrafanaService;
  /** Epoch ms. */
  from: number;
  to: number;
  /** Panel interval, already raised so the range holds at most maxDataPoints buckets. */
  intervalMs: number;
  maxDataPoints: number;
}

/** Grafana sends intervalMS and maxDataPoints; 0 means "not given" (e.g. some alert queries). */
const DEFAULT_MAX_DATA_POINTS = 1000;
const MIN_INTERVAL_MS = 1000;

/**
 * The bucket width honouring both the panel's interval and its point
 * budget: a 30-day range at a 15 s interval would be 172,800 points;
 * maxDataPoints wins and the interval widens.
 */
export function effectiveInterval(from: number, to: number, intervalMs: number, maxDataPoints: number): number {
  const points = maxDataPoints > 0 ? maxDataPoints : DEFAULT_MAX_DATA_POINTS;
  const span = Math.max(0, to - from);
  return Math.max(intervalMs > 0 ? intervalMs : MIN_INTERVAL_MS, Math.ceil(span / points), MIN_INTERVAL_MS);
}
