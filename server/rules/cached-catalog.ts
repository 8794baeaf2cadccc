/**
 * The catalog as the CLI loads it: from the cache (catalog-cache.ts) when every folder's entry is there, with
 * neither the YAML parser nor the schema library loaded (their start-up was a fifth of `lint`'s); otherwise
 * loaded and checked by catalog-loader.ts, which fills the cache for the next run.
 */
import { createRuleEnvironment } from './cel-environment.js';
import { openCatalogCache } from './catalog-cache.js';
import {
  assembleCatalog,
  cacheFingerprint,
  fromCache,
  readRuleFolder,
  type Catalog,
  type CatalogOptions,
  type ValidatedFolder,
} from './catalog-assembly.js';

/** The catalog from the cache, or undefined when any folder is not cached (changed, new, or never loaded). */
export function catalogFromCache(options: CatalogOptions): Catalog | undefined {
  if (!options.cacheDir) return undefined;
  const environment = createRuleEnvironment();
  const fingerprint = cacheFingerprint(environment);
  if (fingerprint === undefined) return undefined;
  const folders: ValidatedFolder[] = [];
  for (const dir of options.dirs) {
    const folder = readRuleFolder(dir);
    const cached = fromCache(folder, openCatalogCache(options.cacheDir, folder.sources, fingerprint), environment);
    if (!cached) return undefined;
    folders.push(cached);
  }
  return assembleCatalog(folders, options, environment);
}

/** The catalog from the cache when it can be, else loaded and checked (and cached). */
export async function loadCatalogPreferCache(options: CatalogOptions): Promise<Catalog> {
  return catalogFromCache(options) ?? (await import('./catalog-loader.js')).loadCatalog(options);
}
