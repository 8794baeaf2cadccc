/**
 * Group commit for the sidecar's own writes (analyses starting, their outcomes): writes added during one turn
 * of the event loop are committed in one transaction, each in its own savepoint. A busy sidecar finishes
 * dozens of analyses a second, and most pages a commit writes are shared by them (the tail of every
 * time-ordered index, the B-trees' interior pages): committed together, an analysis writes about a third of
 * the pages it wrote alone.
 *
 * Each write is still all or nothing: one that fails rolls back to its savepoint and rejects its own promise;
 * the others commit. A promise resolves only after the commit, so whoever awaited it reads what it wrote.
 */
import type { Db } from './database.js';

interface Pending {
  write: () => void;
  resolve: () => void;
  reject: (error: unknown) => void;
}

export class GroupCommit {
  private queue: Pending[] = [];
  /** A write inside the batch's transaction: a savepoint. */
  private readonly savepoint: (write: () => void) => void;

  /** @param commit runs the batch's transaction (with whatever durability setting it wants) */
  constructor(
    private readonly db: Db,
    private readonly commit: (batch: () => void) => void
  ) {
    this.savepoint = db.transaction((write: () => void) => write());
  }

  add(write: () => void): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push({ write, resolve, reject });
      // The next turn: everything added in this one (a slice of analyses finishing together) joins the batch.
      if (this.queue.length === 1) setImmediate(() => this.flush());
    });
  }

  /** Writes what is waiting now (also on close, so nothing added is lost). */
  flush(): void {
    const batch = this.queue;
    if (batch.length === 0) return;
    this.queue = [];
    const failed = new Map<Pending, unknown>();
    try {
      this.commit(
        this.db.transaction(() => {
          for (const pending of batch) {
            try {
              this.savepoint(pending.write);
            } catch (error) {
              // Some errors (a full disk, I/O) make SQLite roll the whole transaction back: then the batch
              // fails as one, rather than writing the rest outside any transaction.
              if (!this.db.inTransaction) throw error;
              failed.set(pending, error);
            }
          }
        })
      );
    } catch (error) {
      // The commit itself failed: nothing of the batch is there.
      for (const pending of batch) pending.reject(error);
      return;
    }
    for (const pending of batch) {
      if (failed.has(pending)) pending.reject(failed.get(pending));
      else pending.resolve();
    }
  }
}
