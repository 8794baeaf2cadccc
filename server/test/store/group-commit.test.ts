/** Group commit (store/sqlite/group-commit.ts) on a real SQLite file. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { GroupCommit } from '../../store/sqlite/group-commit.js';

describe('group commit', () => {
  let dir: string;
  let db: Database.Database;
  let commits: number;
  let group: GroupCommit;
  let insert: Database.Statement;
  // An item writes several rows: a duplicate among them fails the item.
  const item = (rows: number[]) => () => {
    for (const row of rows) insert.run(row);
  };
  const rows = () => (db.prepare('SELECT id FROM item ORDER BY id').pluck().all() as number[]).join(',');

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'redislens-group-commit-'));
    db = new Database(join(dir, 'db.sqlite'));
    db.pragma('journal_mode = WAL');
    db.exec('CREATE TABLE item (id INTEGER PRIMARY KEY)');
    commits = 0;
    insert = db.prepare('INSERT INTO item (id) VALUES (?)');
    group = new GroupCommit(db, (batch) => {
      commits++;
      batch();
    });
  });
  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('commits what is added in one turn together, and resolves each once it is committed', async () => {
    const done = [1, 2, 3].map((id) => group.add(item([id * 10, id * 10 + 1])));
    assert.equal(rows(), '', 'nothing is written before the next turn');
    await Promise.all(done);
    assert.equal(commits, 1);
    assert.equal(rows(), '10,11,20,21,30,31');
    await group.add(item([40]));
    assert.equal(commits, 2, 'a later turn is a new batch');
  });

  it('rolls back and rejects only the item that failed, all of it; the others commit', async () => {
    const results = await Promise.allSettled([group.add(item([10])), group.add(item([20, 10])), group.add(item([30]))]);
    assert.deepEqual(
      results.map((r) => r.status),
      ['fulfilled', 'rejected', 'fulfilled']
    );
    assert.match(String((results[1] as PromiseRejectedResult).reason), /UNIQUE constraint failed/);
    assert.equal(rows(), '10,30', "the failed item's first row is rolled back with it");
    assert.equal(commits, 1);
  });

  it('rejects what waits when the transaction fails to begin or commit, leaving nothing of it (no retry each turn)', async () => {
    const failing = new GroupCommit(db, () => {
      throw new Error('disk I/O error');
    });
    const results = await Promise.allSettled([failing.add(item([1])), failing.add(item([2]))]);
    assert.deepEqual(
      results.map((r) => r.status === 'rejected' && String(r.reason)),
      ['Error: disk I/O error', 'Error: disk I/O error']
    );
    assert.equal(rows(), '');
  });

  it('fails the batch SQLite rolled back; what it had not reached is written in a batch of its own', async () => {
    // What a full disk or an I/O error does: SQLite ends the whole transaction, not just the savepoint.
    const diskFull = () => {
      db.exec('ROLLBACK');
      throw new Error('database or disk is full');
    };
    const results = await Promise.allSettled([group.add(item([1])), group.add(diskFull), group.add(item([3]))]);
    // Written outside any transaction instead, item 3 would be there but reported failed with the batch.
    assert.deepEqual(
      results.map((r) => r.status),
      ['rejected', 'rejected', 'fulfilled']
    );
    assert.equal(rows(), '3', 'item 1 went with the rolled-back transaction');
    assert.equal(commits, 2);
  });

  it('a batch holds the loop for its slice at most: the rest is committed in the next turns, in order', async () => {
    const slow = (row: number) => () => {
      const until = performance.now() + 4;
      while (performance.now() < until); // a write that takes 4 ms
      insert.run(row);
    };
    const sliced = new GroupCommit(
      db,
      (batch) => {
        commits++;
        batch();
      },
      10
    );
    await Promise.all([1, 2, 3, 4, 5, 6, 7, 8].map((row) => sliced.add(slow(row))));
    assert.equal(rows(), '1,2,3,4,5,6,7,8');
    assert.ok(commits >= 3, `8 writes of 4 ms in slices of 10 ms: at least 3 commits, not ${commits}`);
  });

  it('flush writes what is waiting at once (closing loses nothing)', async () => {
    const done = group.add(item([50]));
    group.flush();
    assert.equal(rows(), '50');
    await done;
    group.flush();
    assert.equal(commits, 1, 'an empty queue commits nothing');
  });
});
