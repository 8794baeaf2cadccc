/**
 * A node's clients from its latest snapshot, when the target opted in to `inspect.clients` (CLIENT LIST:
 * addresses, names, idle time, output buffers and the last command's name; never an argument).
 */
import type { NodeSnapshot, Schemas } from '../../api/client';

export type ClientEntry = Schemas['ClientEntry'];

export type ClientInspection =
  | { state: 'off' }
  | { state: 'failed'; message: string }
  | { state: 'collected'; clients: ClientEntry[]; total: number };

export function clientInspection(node: NodeSnapshot): ClientInspection {
  const inspection = node.inspection;
  const failure = inspection?.failures?.clients;
  if (failure) {
    return { state: 'failed', message: failure.message };
  }
  if (!inspection?.clients) {
    return { state: 'off' };
  }
  return {
    state: 'collected',
    clients: inspection.clients,
    total: inspection.clientsTotal ?? inspection.clients.length,
  };
}

// CLIENT LIST flags (https://redis.io/docs/latest/commands/client-list/), the ones worth a word in a table.
const FLAG_NAMES: Record<string, string> = {
  M: 'master',
  S: 'replica',
  P: 'pub/sub',
  x: 'in MULTI',
  b: 'blocked',
  t: 'tracking',
  c: 'closing',
  O: 'MONITOR',
  r: 'readonly (cluster)',
};

/** "P" -> "pub/sub"; a normal client ("N") reads as "normal". */
export function describeFlags(flags: string): string {
  const names = [...flags].map((f) => FLAG_NAMES[f]).filter((n): n is string => n !== undefined);
  return names.length > 0 ? names.join(', ') : 'normal';
}

/** Seconds as the largest sensible unit: 42 s, 7 min, 3 h, 2 d. */
export function formatIdle(seconds: number): string {
  if (seconds < 120) {
    return `${seconds} s`;
  }
  if (seconds < 7200) {
    return `${Math.round(seconds / 60)} min`;
  }
  if (seconds < 172800) {
    return `${Math.round(seconds / 3600)} h`;
  }
  return `${Math.round(seconds / 86400)} d`;
}
