/**
 * The demo's running commentary: polls the sidecar's read service and
 * prints each anomaly that opens, resolves or reopens, then the open totals.
 */
import type { Identity } from '../service/identity.js';
import type { ReadService } from '../service/read-service.js';
import type { Anomaly } from '../domain/records.js';

const time = () => new Date().toISOString().slice(11, 19);

export function startLiveSummary(
  read: ReadService,
  identity: Identity,
  write: (line: string) => void,
  everyMs = 2000
): { stop(): Promise<void> } {
  const seen = new Map<string, Anomaly['status']>();
  const targetNames = new Map<string, string>();
  let stopped = false;
  let running: Promise<void> = Promise.resolve();
  let wake: (() => void) | undefined;

  const describe = (a: Anomaly) =>
    `${a.severity.padEnd(8)} ${a.ruleId.padEnd(12)} ${targetNames.get(a.targetId) ?? a.targetId} ${a.resource}: ${a.message}`;

  const poll = async () => {
    for (const target of await read.listTargets(identity)) targetNames.set(target.id, target.name);
    const anomalies: Anomaly[] = [];
    let cursor: string | undefined;
    do {
      const page = await read.listAnomalies(identity, { cursor, limit: 500, sort: 'firstSeen', order: 'asc' });
      anomalies.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    let changed = false;
    for (const a of anomalies) {
      const before = seen.get(a.id);
      if (before === a.status) continue;
      seen.set(a.id, a.status);
      changed = true;
      if (a.status === 'open') write(`[${time()}] ${before ? 'reopened' : 'opened  '} ${describe(a)}`);
      else if (a.status === 'resolved') write(`[${time()}] resolved ${describe(a)}`);
      else write(`[${time()}] ${a.status} ${describe(a)}`);
    }
    if (changed) {
      const open = anomalies.filter((a) => a.status === 'open');
      const count = (s: string) => open.filter((a) => a.severity === s).length;
      write(
        `[${time()}] open now: ${open.length} (${count('critical')} critical, ${count('warning')} warning, ${count('notice')} notice)`
      );
    }
  };

  const loop = async () => {
    while (!stopped) {
      try {
        await poll();
      } catch (error) {
        write(`[${time()}] summary unavailable: ${(error as Error).message}`);
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, everyMs);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  };
  running = loop();
  return {
    stop: async () => {
      stopped = true;
      wake?.();
      await running;
    },
  };
}
