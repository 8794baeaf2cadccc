/**
 * A cache of catalogs that loaded cleanly, for the CLI: parsing ~400 KB of YAML, validating it and parsing and
 * type-checking ~800 CEL expressions is most of a short command's start-up. An entry holds one rule folder as
 * the schema returned it, named by a hash of its rule and data files (path and text), the YAML parser's
 * version, the schema's text and the CEL environment (cel-js version, variables, function signatures), and it
 * is written only after the whole catalog parsed, validated and type-checked. So any edit misses the cache and
 * is checked at load, and a broken rule is never cached: it fails loudly every time. On a hit neither the YAML
 * parser nor the schema runs; CEL expressions, already checked in this environment, are compiled when first
 * evaluated.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';

export interface SourceFile {
  path: string;
  text: string;
}

export interface CatalogCache {
  /** The parsed files of a catalog that loaded cleanly before, in the order given; undefined on a miss. */
  parsed?: unknown[];
  /** Records a catalog that loaded cleanly (after the type check). */
  store(parsed: unknown[]): void;
}

/** Entries older than this are removed when a new one is written (catalogs since edited). */
const STALE_MS = 30 * 24 * 3600 * 1000;

/** $REDISLENS_CACHE_DIR, else the OS user cache folder; REDISLENS_CACHE_DIR=off turns caching off. */
export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.REDISLENS_CACHE_DIR === 'off') return undefined;
  if (env.REDISLENS_CACHE_DIR) return env.REDISLENS_CACHE_DIR;
  const base =
    process.platform === 'win32'
      ? (env.LOCALAPPDATA ?? join(homedir(), 'AppData', 'Local'))
      : process.platform === 'darwin'
        ? join(homedir(), 'Library', 'Caches')
        : (env.XDG_CACHE_HOME ?? join(homedir(), '.cache'));
  return join(base, 'redislens');
}

/** The cache entry for these files in this environment (`fingerprint`: what else decides how they load). */
export function openCatalogCache(cacheDir: string | undefined, files: SourceFile[], fingerprint: string): CatalogCache {
  if (!cacheDir) return { store: () => {} };
  const hash = createHash('sha256').update(`redislens-catalog-v2\0${fingerprint}\0`);
  for (const f of files) hash.update(`${f.path}\0${f.text.length}\0${f.text}\0`);
  const entry = join(cacheDir, `catalog-${hash.digest('hex').slice(0, 32)}.json`);
  return { parsed: read(entry, files.length), store: (parsed) => write(cacheDir, entry, parsed) };
}

function read(entry: string, count: number): unknown[] | undefined {
  try {
    const cached = JSON.parse(readFileSync(entry, 'utf8')) as unknown;
    return Array.isArray(cached) && cached.length === count ? cached : undefined;
  } catch {
    return undefined; // absent, unreadable or truncated: a miss
  }
}

function write(cacheDir: string, entry: string, parsed: unknown[]): void {
  const json = JSON.stringify(parsed);
  // A value JSON cannot carry (.inf, a date) would come back different: such a catalog is not cached.
  if (!isDeepStrictEqual(JSON.parse(json), parsed)) return;
  try {
    mkdirSync(cacheDir, { recursive: true, mode: 0o700 });
    // Written aside and renamed: concurrent CLI runs never read half a file.
    const temp = `${entry}.${process.pid}.tmp`;
    writeFileSync(temp, json, { mode: 0o600 });
    renameSync(temp, entry);
    const now = Date.now();
    for (const name of readdirSync(cacheDir)) {
      const path = join(cacheDir, name);
      if (name.startsWith('catalog-') && now - statSync(path).mtimeMs > STALE_MS) rmSync(path, { force: true });
    }
  } catch {
    // caching is an optimisation; a folder that cannot be written only costs the next run the full load
  }
}
