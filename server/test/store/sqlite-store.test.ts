/** The store contract on the embedded SQLite store. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore } from '../../store/sqlite/sqlite-store.js';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { openDatabase, withoutFsync } from '../../store/sqlite/database.js';
import { MIGRATIONS } from '../../store/sqlite/migrations.js';
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

test('an upgrade keeps the metric history written before rollups were numbered by series', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'redislens-upgrade-'));
  try {
    // The store as the build before wrote it: every migration up to the series numbering, one rollup row.
    const before = new Database(join(dir, 'redislens.sqlite'));
    const numbering = MIGRATIONS.findIndex((m) => m.includes('CREATE TABLE rollup_series'));
    assert.ok(numbering > 0);
    for (const migration of MIGRATIONS.slice(0, numbering)) before.exec(migration);
    before.pragma(`user_version = ${numbering}`);
    before
      .prepare(
        'INSERT INTO rollups (target_id, node, metric, bucket, count, sum, min, max, last) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)'
      )
      .run('t-1', '10.0.0.1:6379', 'used_memory', 600_000, 2, 30, 10, 20, 20);
    before.close();

    const store = openSqliteStore(dir);
    try {
      assert.deepEqual(await store.rollups.series(['t-1'], { metrics: ['used_memory'], from: 0, to: 900_000 }), [
        {
          targetId: 't-1',
          node: '10.0.0.1:6379',
          metric: 'used_memory',
          bucket: 600_000,
          count: 2,
          sum: 30,
          min: 10,
          max: 20,
          last: 20,
        },
      ]);
      // New samples for the same series land in the same bucket.
      await store.rollups.record([
        { targetId: 't-1', node: '10.0.0.1:6379', metric: 'used_memory', time: 600_001, value: 40 },
      ]);
      assert.deepEqual(
        (await store.rollups.series(['t-1'], { metrics: ['used_memory'], from: 0, to: 900_000 })).map((p) => [
          p.count,
          p.max,
        ]),
        [[3, 40]]
      );
    } finally {
      await store.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
