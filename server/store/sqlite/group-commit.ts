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
  private scheduled = false;
  /** A write inside the batch's transaction: a savepoint. */
  private readonly savepoint: (write: () => void) => void;

  /**
   * @param commit runs the batch's transaction (with whatever durability setting it wants)
   * @param sliceMs how long one batch may hold the event loop: a batch stops taking writes once it has run
   *   this long and the rest go in the next turn (after readers' requests), so readers never wait behind a
   *   whole backlog (one batch of a busy minute's start held the loop for 190 ms)
   */
  constructor(
    private readonly db: Db,
    private readonly commit: (batch: () => void) => void,
    private readonly sliceMs = 10
  ) {
    this.savepoint = db.transaction((write: () => void) => write());
  }

  add(write: () => void): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push({ write, resolve, reject });
      this.schedule();
    });
  }

  /** The next turn: everything added in this one (a slice of analyses finishing together) joins the batch. */
  private schedule(): void {
    if (this.scheduled || this.queue.length === 0) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.flush(this.sliceMs);
      this.schedule();
    });
  }

  /** Commits what is waiting, as much as fits in `budgetMs` (everything by default: on close nothing is lost). */
  flush(budgetMs = Infinity): void {
    if (this.queue.length === 0) return;
    const started = performance.now();
    const batch: Pending[] = [];
    const failed = new Map<Pending, unknown>();
    try {
      this.commit(
        this.db.transaction(() => {
          while (this.queue.length > 0 && (batch.length === 0 || performance.now() - started < budgetMs)) {
            const pending = this.queue.shift()!;
            batch.push(pending);
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
      // The commit itself failed: nothing of the batch is there. If the transaction never began, nothing
      // waiting can be written either: all of it fails, rather than trying again on every turn.
      for (const pending of batch.length > 0 ? batch : this.queue.splice(0)) pending.reject(error);
      return;
    }
    for (const pending of batch) {
      if (failed.has(pending)) pending.reject(failed.get(pending));
      else pending.resolve();
    }
  }
}
