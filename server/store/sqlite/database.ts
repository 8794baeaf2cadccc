/** Opens the SQLite file with crash-safe settings and brings the schema up to date. */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { MIGRATIONS } from './migrations.js';

export type Db = Database.Database;

export function openDatabase(dataDir: string): Db {
  mkdirSync(dataDir, { recursive: true });
  const db = new Database(join(dataDir, 'redislens.sqlite'));
  // WAL + synchronous=FULL: a transaction acknowledged to a client survives kill -9 and power loss.
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  migrate(db);
  return db;
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

export const json = {
  write: (value: unknown): string => JSON.stringify(value ?? null),
  read: <T>(text: string | null | undefined): T | undefined => (text == null ? undefined : (JSON.parse(text) as T)),
};
