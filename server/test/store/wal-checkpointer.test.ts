/** The WAL checkpoint thread (store/sqlite/wal-checkpointer.ts) on a real SQLite file. */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { openDatabase, type Db } from '../../store/sqlite/database.js';
import { WalCheckpointer } from '../../store/sqlite/wal-checkpointer.js';
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

  it('checkpoints on its own thread: the connection never does, and the log is reused instead of growing', async () => {
    const checkpointer = WalCheckpointer.start(db, { everyMs: 50 });
    try {
      assert.equal(db.pragma('wal_autocheckpoint', { simple: true }), 0, 'the connection does not checkpoint');
      writeMegabytes();
      const oneBatch = walBytes();
      // Each write starts the log over once the thread has copied everything before it into the database.
      for (let i = 0; i < 5; i++) {
        const before = db.prepare('SELECT COUNT(*) AS n FROM filler').pluck().get() as number;
        await new Promise((r) => setTimeout(r, 300));
        writeMegabytes();
        assert.equal(db.prepare('SELECT COUNT(*) AS n FROM filler').pluck().get(), before + 1000);
      }
      await until('the log to be reused', () => walBytes() <= 2 * oneBatch);
      assert.ok(walBytes() <= 2 * oneBatch, `6 batches written, the log holds at most 2: ${walBytes()} bytes`);
    } finally {
      await checkpointer.close();
    }
  });

  it('without the thread the log would grow with every batch (what the test above rules out)', () => {
    db.pragma('wal_autocheckpoint = 0');
    writeMegabytes();
    const oneBatch = walBytes();
    for (let i = 0; i < 5; i++) writeMegabytes();
    assert.ok(walBytes() > 5 * oneBatch, `${walBytes()} bytes after 6 batches of ${oneBatch}`);
  });

  it('hands checkpoints back to the connection if the thread stops', async () => {
    WalCheckpointer.start(db, { driver: join(dir, 'no-such-driver.js') });
    await until('the connection to checkpoint again', () => db.pragma('wal_autocheckpoint', { simple: true }) === 1000);
  });
});
