/**
 * An online copy of the SQLite store, safe while the sidecar runs: SQLite's
 * backup API (better-sqlite3's backup()) copies a consistent snapshot page by
 * page from a separate read-only connection, so the sidecar keeps writing.
 * The copy is written beside the destination, checked, then renamed: a
 * backup is either complete and verified, or absent. It never overwrites.
 */
import Database from 'better-sqlite3';
import { existsSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';

export const STORE_FILE = 'redislens.sqlite';

export class BackupError extends Error {
  override name = 'BackupError';
}

export interface BackupResult {
  source: string;
  destination: string;
  bytes: number;
  schemaVersion: number;
}

export async function backupSqliteStore(dataDir: string, destination: string): Promise<BackupResult> {
  const source = join(dataDir, STORE_FILE);
  if (!existsSync(source))
    throw new BackupError(
      `no RedisLens store in ${dataDir} (expected ${source}): give the sidecar's --data-dir or REDISLENS_DATA_DIR`
    );
  if (existsSync(destination))
    throw new BackupError(`${destination} exists: choose a new file name (a backup never overwrites a file)`);
  const partial = `${destination}.partial`;
  rmSync(partial, { force: true });
  const db = new Database(source, { readonly: true, fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    await db.backup(partial);
  } catch (error) {
    rmSync(partial, { force: true });
    throw new BackupError(`backup of ${source} failed: ${(error as Error).message}`);
  } finally {
    db.close();
  }
  const copy = new Database(partial, { readonly: true });
  let schemaVersion: number;
  let bytes: number;
  try {
    const integrity = copy.pragma('integrity_check', { simple: true });
    if (integrity !== 'ok') throw new BackupError(`the copy of ${source} failed its integrity check: ${integrity}`);
    schemaVersion = copy.pragma('user_version', { simple: true }) as number;
    bytes =
      (copy.pragma('page_count', { simple: true }) as number) * (copy.pragma('page_size', { simple: true }) as number);
  } catch (error) {
    copy.close();
    rmSync(partial, { force: true });
    throw error;
  }
  copy.close();
  renameSync(partial, destination);
  return { source, destination, bytes, schemaVersion };
}
