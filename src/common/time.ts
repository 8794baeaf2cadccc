import { dateTimeFormat, dateTimeFormatTimeAgo } from '@grafana/data';

export const formatTime = (ms: number | null | undefined): string => (ms ? dateTimeFormat(ms) : '—');
export const timeAgo = (ms: number | null | undefined): string => (ms ? dateTimeFormatTimeAgo(ms) : '—');

/** The last 24 hours up to now, as a query range. */
export const lastDay = (): { from: number; to: number } => {
  const to = Date.now();
  return { from: to - 86400e3, to };
};
