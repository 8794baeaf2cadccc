/** The WAL checkpoint thread (store/sqlite/wal-checkpointer.ts) on a real SQLite file. */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { openDatabase, type Db } from '../../store/sqlite/database.js';
import { AUTOCHECKPOINT_PAGES, WalCheckpointer } from '../../store/sqlite/wal-checkpointer.js';
import { WAIT_MS } from '../harness/redis-process.js';

describe('WAL checkpoint thread', () => {
  let dir: string;
  let db: Db;
  const walBytes = () => statSync(join(dir, 'redislens.sqlite-wal')).size;
  let written = 0;
  // About 4 MB (1,000 pages) of new rows in one transaction.
  const writeMegabytes = () =>
    db.transaction(() => {
      const insert = db.prepare('INSERT INTO filler (body) VALUES (?)');
      for (let i = 0; i < 1000; i++) insert.run(`${written++}`.padEnd(3500, 'x'));
    })();
  const until = async (what: string, check: () => boolean) => {
    const deadline = Date.now() + WAIT_MS;
    while (!check()) {
      if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'redislens-checkpoint-'));
    db = openDatabase(dir);
    db.exec('CREATE TABLE filler (body TEXT)');
  });
  afterEach(() => {
    if (db.open) db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const dbBytes = () => statSync(join(dir, 'redislens.sqlite')).size;

  it('copies the log into the database on its own thread, long before the connection would', async () => {
    const checkpointer = WalCheckpointer.start(db, { everyMs: 50 });
    try {
      assert.equal(db.pragma('wal_autocheckpoint', { simple: true }), AUTOCHECKPOINT_PAGES);
      const before = dbBytes();
      writeMegabytes(); // 1,000 pages: a quarter of what makes the connection checkpoint
      await until('the pages in the database file', () => dbBytes() >= before + 3_500_000);
    } finally {
      await checkpointer.close();
    }
  });

  it('without the thread, the same pages stay in the log (what the test above rules out)', async () => {
    db.pragma(`wal_autocheckpoint = ${AUTOCHECKPOINT_PAGES}`);
    const before = dbBytes();
    writeMegabytes();
    await new Promise((r) => setTimeout(r, 500));
    assert.ok(dbBytes() < before + 1_000_000, `the database file grew from ${before} to ${dbBytes()} bytes`);
    assert.ok(walBytes() > 3_500_000);
  });

  it("the log starts over at the connection's threshold, its checkpoint finding the copying done", async () => {
    const checkpointer = WalCheckpointer.start(db, { everyMs: 50 });
    try {
      for (let i = 0; i < 12; i++) {
        writeMegabytes();
        await new Promise((r) => setTimeout(r, 100));
      }
      // 12,000 pages written; the log holds at most the threshold and a batch (4 KiB pages, 24-byte headers).
      assert.ok(walBytes() <= (AUTOCHECKPOINT_PAGES + 1100) * 4120, `${walBytes()} bytes of log`);
    } finally {
      await checkpointer.close();
    }
  });

  it('hands checkpoints back to the connection if the thread stops', async () => {
    WalCheckpointer.start(db, { driver: join(dir, 'no-such-driver.js') });
    await until('the connection to checkpoint again', () => db.pragma('wal_autocheckpoint', { simple: true }) === 1000);
  });
});
