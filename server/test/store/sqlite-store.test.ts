/** The store contract on the embedded SQLite store. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore } from '../../store/sqlite/sqlite-store.js';
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
