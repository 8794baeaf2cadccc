/**
 * Checkpoints the SQLite write-ahead log on a worker thread. SQLite's automatic checkpoint runs inside the
 * commit that takes the log past 1,000 pages, on the committing thread: it copies those pages into the
 * database file and fsyncs it, which on the sidecar's one thread held the event loop for up to 80 ms at a
 * time while every reader waited. The thread's own connection copies the log into the database file with a
 * PASSIVE checkpoint (it never waits for, nor blocks, the writer or readers) several times a second.
 *
 * A PASSIVE checkpoint alone never lets the log start over while writes keep coming (the log restarts only
 * when a write begins after everything in it was copied), so the sidecar's connection still checkpoints, at
 * AUTOCHECKPOINT_PAGES: by then the thread has copied nearly all of it, its checkpoint has little left to do,
 * and the log starts over. Should the thread stop, the connection goes back to SQLite's default.
 */
import { createRequire } from 'node:module';
import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import type { Db } from './database.js';

/** The sidecar's connection checkpoints at this many pages of log (16 MiB): the thread copies them before. */
export const AUTOCHECKPOINT_PAGES = 4000;
/** SQLite's default: the sidecar's connection goes back to it if the thread stops. */
const SQLITE_AUTOCHECKPOINT_PAGES = 1000;

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
    { everyMs = 250, driver = createRequire(import.meta.url).resolve('better-sqlite3') } = {}
  ): WalCheckpointer {
    const worker = new Worker(THREAD, { eval: true, workerData: { driver, file: db.name, everyMs } });
    const checkpointer = new WalCheckpointer(worker);
    db.pragma(`wal_autocheckpoint = ${AUTOCHECKPOINT_PAGES}`);
    const stopped = () => {
      if (!checkpointer.closing && db.open) db.pragma(`wal_autocheckpoint = ${SQLITE_AUTOCHECKPOINT_PAGES}`);
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
