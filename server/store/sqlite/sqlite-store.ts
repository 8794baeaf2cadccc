/** The embedded SQLite store: zero set-up, one file in the data directory. */
import type { AnalysisOutcome, Store } from '../store.js';
import { openDatabase, withoutFsync } from './database.js';
import { tenantRepository } from './tenant-repository.js';
import { targetRepository } from './target-repository.js';
import { analysisRepository } from './analysis-repository.js';
import { snapshotRepository } from './snapshot-repository.js';
import { anomalyRepository } from './anomaly-repository.js';
import { eventRepository } from './event-repository.js';
import { rollupRepository } from './rollup-repository.js';
import { ruleOverrideRepository } from './rule-override-repository.js';
import { historyRetention } from './history-retention.js';
import { GroupCommit } from './group-commit.js';
import { WalCheckpointer } from './wal-checkpointer.js';

export function openSqliteStore(dataDir: string): Store {
  const db = openDatabase(dataDir);
  const checkpointer = WalCheckpointer.start(db);
  const prune = historyRetention(db);
  const ping = db.prepare('SELECT 1');
  const snapshots = snapshotRepository(db);
  const anomalies = anomalyRepository(db);
  const events = eventRepository(db);
  const rollups = rollupRepository(db);
  // The sidecar's own writes of analyses are committed together (group-commit.ts); the repositories' own
  // transactions nest as savepoints inside the batch's.
  const group = new GroupCommit(db, (batch) => withoutFsync(db, batch));
  const analyses = analysisRepository(db, group);
  const recordAnalysis = (o: AnalysisOutcome) => {
    snapshots.saveNow(o.snapshot.meta, o.snapshot.fleet, { fullEverySeconds: o.snapshot.fullEverySeconds });
    for (const e of o.events) events.addNow(e);
    rollups.recordNow(o.rollups);
    if (o.anomalies) anomalies.applyNow(o.anomalies);
    analyses.finishNow(o.analysisId, o.result);
    if (o.supersedes) analyses.dropReportNow(o.supersedes);
  };
  return {
    tenants: tenantRepository(db),
    targets: targetRepository(db, anomalies.dropShared),
    analyses,
    snapshots,
    anomalies,
    events,
    rollups,
    ruleOverrides: ruleOverrideRepository(db),
    recordAnalysis: (outcome) => group.add(() => recordAnalysis(outcome)),
    prune,
    // An embedded store belongs to one sidecar: there is no other process to keep out.
    exclusively: (_name, work) => work(),
    ping: async () => void ping.get(),
    close: async () => {
      group.flush();
      await checkpointer.close();
      db.close();
    },
  };
}
