/**
 * Checkpoints the SQLite write-ahead log on a worker thread. SQLite's automatic checkpoint runs inside the
 * commit that takes the log past 1,000 pages, on the committing thread, and ends with an fsync of the
 * database file: on the sidecar's one thread that held the event loop for up to 80 ms at a time, and every
 * reader waited. The sidecar's connection turns it off; the thread's own connection runs a PASSIVE checkpoint
 * (it never waits for, nor blocks, the writer or readers) every `everyMs`. Should the thread stop, the
 * sidecar's connection checkpoints by itself again.
 */
import { createRequire } from 'node:module';
import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import type { Db } from './database.js';

/** SQLite's default: the sidecar's connection goes back to it if the thread stops. */
const AUTOCHECKPOINT_PAGES = 1000;

// A script, not a module file: the same code runs from the TypeScript sources and from the built CLI.
const THREAD = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file);
const timer = setInterval(() => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch {
    // The file is busy or going away: the next turn tries again, close() ends it.
  }
}, workerData.everyMs);
parentPort.once('message', () => {
  clearInterval(timer);
  db.close();
  parentPort.close();
});
`;

export class WalCheckpointer {
  private closing = false;

  private constructor(private readonly worker: Worker) {}

  /** @param driver the SQLite driver the thread loads (this process's better-sqlite3; a test names a broken one) */
  static start(
    db: Db,
    { everyMs = 1000, driver = createRequire(import.meta.url).resolve('better-sqlite3') } = {}
  ): WalCheckpointer {
    const worker = new Worker(THREAD, { eval: true, workerData: { driver, file: db.name, everyMs } });
    const checkpointer = new WalCheckpointer(worker);
    db.pragma('wal_autocheckpoint = 0');
    const stopped = () => {
      if (!checkpointer.closing && db.open) db.pragma(`wal_autocheckpoint = ${AUTOCHECKPOINT_PAGES}`);
    };
    worker.on('error', stopped);
    worker.on('exit', stopped);
    // It works for the store, it does not keep the process alive.
    worker.unref();
    return checkpointer;
  }

  /** Stops the thread after its last checkpoint finished, its connection closed. */
  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    const exited = once(this.worker, 'exit');
    // Held until it is gone: a process closing its store waits for the thread's connection to close.
    this.worker.ref();
    this.worker.postMessage('close');
    await exited;
  }
}
