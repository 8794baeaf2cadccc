/**
 * Group commit (store/sqlite/group-commit.ts) on a real SQLite file: calls made in one turn share one
 * commit, nothing is acknowledged before it is committed, and a failing call is rolled back alone.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openDatabase } from '../../store/sqlite/database.js';
import { GroupCommit } from '../../store/sqlite/group-commit.js';

function setUp(t: { after: (fn: () => void) => void }) {
  const dir = mkdtempSync(join(tmpdir(), 'redislens-group-'));
  const db = openDatabase(dir);
  db.exec('CREATE TABLE items (name TEXT PRIMARY KEY)');
  // A second connection, as another process (a backup, a reader) sees the file.
  const other = new Database(join(dir, 'redislens.sqlite'), { readonly: true });
  t.after(() => {
    other.close();
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const commits = { count: 0 };
  const exec = db.exec.bind(db);
  db.exec = (sql: string) => {
    if (sql === 'COMMIT') commits.count++;
    return exec(sql);
  };
  const insert = db.prepare('INSERT INTO items (name) VALUES (?)');
  const count = () => (other.prepare('SELECT count(*) AS n FROM items').get() as { n: number }).n;
  return { db, group: new GroupCommit(db), insert, count, commits };
}

test('calls of one turn share one commit, and none is acknowledged before it', async (t) => {
  const { group, insert, count, commits } = setUp(t);
  const calls = ['a', 'b', 'c'].map((name) => group.run(() => insert.run(name)));
  assert.equal(count(), 0, 'written, not yet committed: another connection sees nothing');
  await Promise.all(calls);
  assert.equal(count(), 3);
  assert.equal(commits.count, 1);

  await group.run(() => insert.run('d'));
  assert.equal(commits.count, 2, 'a later turn opens a new group');
  assert.equal(count(), 4);
});

test('a failing call is rolled back alone; the rest of its group commits', async (t) => {
  const { db, group, insert, count } = setUp(t);
  await group.run(() => insert.run('taken'));
  const pair = db.transaction((names: string[]) => names.forEach((n) => insert.run(n)));
  const ok = group.run(() => insert.run('fine'));
  // Its own transaction becomes a savepoint: 'half' is undone with the duplicate that fails after it.
  const failing = group.run(() => pair(['half', 'taken']));
  await assert.rejects(failing, /UNIQUE constraint failed/);
  await ok;
  const names = (db.prepare('SELECT name FROM items ORDER BY name').all() as { name: string }[]).map((r) => r.name);
  assert.deepEqual(names, ['fine', 'taken']);
  assert.equal(count(), 2);
});

test('flush commits the open group at once (before the database closes)', async (t) => {
  const { group, insert, count } = setUp(t);
  const call = group.run(() => insert.run('last'));
  group.flush();
  assert.equal(count(), 1);
  await call;
});
