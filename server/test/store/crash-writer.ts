/**
 * Child process of the crash-safety contract test: writes anomalies to the
 * store given on the command line and prints "ack <id>" after each write is
 * acknowledged, until the test kills it with SIGKILL.
 */
import { randomUUID } from 'node:crypto';
import { isPostgresUrl, openStore } from '../../store/open-store.js';
import { anomaly, target } from './store-contract.js';

const [, , , location, targetId] = process.argv;
const store = await openStore({ dataDir: location, store: isPostgresUrl(location) ? location : undefined });
const t = { ...target('t1', 'x'), id: targetId };
const analysisId = randomUUID();
await store.analyses.create({
  id: analysisId,
  tenantId: 't1',
  targetId,
  trigger: 'schedule',
  status: 'queued',
  queuedAt: Date.now(),
  progress: { done: 0, found: 0 },
});
await store.analyses.markRunning(analysisId, Date.now());
let n = 0;
// Four writers at once, so writes are in flight whenever the kill lands.
await Promise.all(
  Array.from({ length: 4 }, async () => {
    for (;;) {
      const a = anomaly(t, n++);
      await store.anomalies.apply({
        tenantId: 't1',
        targetId,
        at: Date.now(),
        create: [a],
        refresh: [],
        reopen: [],
        resolve: [],
      });
      process.stdout.write(`ack ${a.id}\n`);
    }
  })
);
