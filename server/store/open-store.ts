/**
 * Opens the store a sidecar was told to use: a postgres:// URL selects the
 * shared PostgreSQL store, anything else is the SQLite data directory.
 */
import type { Store } from './store.js';
import { openSqliteStore } from './sqlite/sqlite-store.js';
import { openPostgresStore } from './postgres/postgres-store.js';

export const isPostgresUrl = (spec: string | undefined): spec is string => !!spec && /^postgres(ql)?:\/\//i.test(spec);

export async function openStore(spec: { dataDir: string; store?: string }): Promise<Store> {
  if (spec.store !== undefined && !isPostgresUrl(spec.store))
    throw new Error(
      'the store must be a postgres:// or postgresql:// URL (leave it out for the SQLite data directory)'
    );
  return isPostgresUrl(spec.store) ? openPostgresStore(spec.store) : openSqliteStore(spec.dataDir);
}
