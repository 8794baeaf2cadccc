/** The store contract on the embedded SQLite store. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore } from '../../store/sqlite/sqlite-store.js';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openDatabase, withoutFsync } from '../../store/sqlite/database.js';
import { storeContract } from './store-contract.js';

const dirs: string[] = [];
storeContract({
  name: 'sqlite',
  create: async () => {
    const dir = mkdtempSync(join(tmpdir(), 'redislens-store-'));
    dirs.push(dir);
    return dir;
  },
  open: async (dir) => openSqliteStore(dir),
  dispose: async () => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  },
});

test('analysis writes skip the fsync; everything else, and a failing write, leaves synchronous=FULL', () => {
  const dir = mkdtempSync(join(tmpdir(), 'redislens-sync-'));
  const db = openDatabase(dir);
  try {
    const level = () => db.pragma('synchronous', { simple: true });
    assert.equal(level(), 2, 'FULL by default');
    assert.equal(
      withoutFsync(db, () => level()),
      1,
      'NORMAL inside'
    );
    assert.throws(() =>
      withoutFsync(db, () => {
        throw new Error('write failed');
      })
    );
    assert.equal(level(), 2, 'FULL again, also after a failure');
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
