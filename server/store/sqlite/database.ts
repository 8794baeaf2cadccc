/** Opens the SQLite file with crash-safe settings and brings the schema up to date. */
import Database from 'better-sqlite3';
import { chmodSync, closeSync, mkdirSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { MIGRATIONS } from './migrations.js';

export type Db = Database.Database;

export function openDatabase(dataDir: string): Db {
  // The store holds tenants' targets, findings and encrypted passwords: only the sidecar's user may read it.
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  chmodSync(dataDir, 0o700);
  const file = join(dataDir, 'redislens.sqlite');
  // Created (or tightened) 0600 before SQLite opens it: SQLite gives its -wal and -shm files the same mode.
  closeSync(openSync(file, 'a', 0o600));
  chmodSync(file, 0o600);
  for (const companion of ['-wal', '-shm']) {
    try {
      chmodSync(file + companion, 0o600);
    } catch {
      // Not there yet: SQLite creates it with the database file's mode.
    }
  }
  const db = new Database(file);
  // WAL + synchronous=FULL: a transaction acknowledged to a client survives kill -9 and power loss
  // (withoutFsync relaxes this for the sidecar's re-derivable analysis writes).
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  migrate(db);
  return db;
}

/**
 * Runs `work` with synchronous=NORMAL, for the sidecar's own writes that the next analysis re-derives
 * (analysis rows, results, snapshots, rollups; never what the API acknowledges to a user). In WAL mode its
 * commit is not fsynced: it survives kill -9 (the pages are in the operating system's cache) but a power loss
 * or an OS crash before the next fsync may drop it (a checkpoint, or the next write under FULL: the WAL is
 * synced in order). Every fsync blocks the sidecar's one thread, and a busy sidecar commits an analysis
 * dozens of times a second.
 */
export function withoutFsync<T>(db: Db, work: () => T): T {
  db.pragma('synchronous = NORMAL');
  try {
    return work();
  } finally {
    db.pragma('synchronous = FULL');
  }
}

export function migrate(db: Db): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > MIGRATIONS.length) {
    throw new Error(
      `the data directory was written by a newer RedisLens (schema ${current}, this build knows ${MIGRATIONS.length})`
    );
  }
  for (let version = current; version < MIGRATIONS.length; version++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[version]);
      db.pragma(`user_version = ${version + 1}`);
    })();
  }
}

export { json } from '../json-column.js';
