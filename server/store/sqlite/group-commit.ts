/**
 * Group commit for the embedded store. Every store call made in one turn of
 * the event loop runs inside one SQLite transaction, committed at the end of
 * that turn; each call's promise settles only after the commit. With
 * synchronous=FULL a commit costs an fsync: concurrent analyses (each writes
 * its analysis row, snapshot, events, rollups and anomalies) now share one
 * instead of paying for each write, and nothing is acknowledged before it is
 * durable.
 *
 * A call's own transaction (db.transaction) becomes a savepoint inside the
 * group: a call that fails is rolled back alone and its promise rejects; the
 * others commit. If the commit itself fails, every call of the group rejects.
 * The repositories' work is synchronous (better-sqlite3), so a call's writes
 * always land in the group that was open when it was made.
 */
import type { Db } from './database.js';

interface Group {
  committed: Promise<void>;
}

export class GroupCommit {
  private open?: Group;

  constructor(private readonly db: Db) {}

  run<T>(work: () => T | Promise<T>): Promise<T> {
    const group = this.open ?? this.begin();
    let result: Promise<T>;
    try {
      result = Promise.resolve(work());
    } catch (error) {
      result = Promise.reject(error);
    }
    return result.then(
      async (value) => {
        await group.committed;
        return value;
      },
      async (error: unknown) => {
        await group.committed.catch(() => undefined);
        throw error;
      }
    );
  }

  /** Commits the open group now (before closing the database). */
  flush(): void {
    this.commitOpen?.();
  }

  private commitOpen?: () => void;

  private begin(): Group {
    this.db.exec('BEGIN IMMEDIATE');
    let settle!: (error?: unknown) => void;
    const committed = new Promise<void>((resolve, reject) => {
      settle = (error) => (error === undefined ? resolve() : reject(error));
    });
    // Callers observe a failed commit through their own promises.
    committed.catch(() => undefined);
    const group: Group = { committed };
    const commit = () => {
      if (this.open !== group) return;
      this.open = undefined;
      this.commitOpen = undefined;
      try {
        // An I/O error can make SQLite roll the transaction back by itself: then there is nothing to commit,
        // and the group's writes are gone.
        if (!this.db.inTransaction) throw new Error('the store transaction was rolled back by SQLite');
        this.db.exec('COMMIT');
        settle();
      } catch (error) {
        if (this.db.inTransaction) this.db.exec('ROLLBACK');
        settle(error);
      }
    };
    this.open = group;
    this.commitOpen = commit;
    setImmediate(commit);
    return group;
  }
}
