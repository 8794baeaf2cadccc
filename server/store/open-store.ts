/**
 * Opens the store a sidecar was told to use: a postgres:// URL selects the
 * shared PostgreSQL store, anything else is the SQLite data directory.
 */
import type { Store } from './store.js';
import { openSqliteStore } from './sqlite/sqlite-store.js';
import { openPostgresStore } from './postgres/postgres-store.js';

export const isPostgresUrl = (spec: string | undefined): spec is string => !!spec && /^postgres(ql)?:\/\//i.test(spec);

export async function openStore(spec: { dataDir: string; store?: string }): Promise<Store> {
  return isPostgresUrl(spec.store) ? openPostgresStore(spec.store) : openSqliteStore(spec.dataDir);
}
