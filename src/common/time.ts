import { dateTimeFormat, dateTimeFormatTimeAgo } from '@grafana/data';

export const formatTime = (ms: number | null | undefined): string => (ms ? dateTimeFormat(ms) : '—');
export const timeAgo = (ms: number | null | undefined): string => (ms ? dateTimeFormatTimeAgo(ms) : '—');
