/**
 * The catalog as the CLI loads it: from the cache (catalog-cache.ts) when every folder's entry is there, with
 * neither the YAML parser nor the schema library loaded (their start-up was a fifth of `lint`'s); otherwise
 * loaded and checked by catalog-loader.ts, which fills the cache for the next run.
 */
import type { Environment } from '@marcbachmann/cel-js';
import { createRuleEnvironment } from './cel-environment.js';
import {
  assembleCatalog,
  openFolders,
  type Catalog,
  type CatalogOptions,
  type OpenedFolder,
  type ValidatedFolder,
} from './catalog-assembly.js';

function served(options: CatalogOptions, environment: Environment, opened: OpenedFolder[]): Catalog | undefined {
  const folders = opened.map((f) => f.cached);
  return folders.every((f): f is ValidatedFolder => f !== undefined)
    ? assembleCatalog(folders, options, environment)
    : undefined;
}

/** The catalog from the cache, or undefined when any folder is not cached (changed, new, or never loaded). */
export function catalogFromCache(options: CatalogOptions): Catalog | undefined {
  if (!options.cacheDir) return undefined;
  const environment = createRuleEnvironment();
  return served(options, environment, openFolders(options, environment));
}

/** The catalog from the cache when it can be, else checked (and cached) from the folders already read. */
export async function loadCatalogPreferCache(options: CatalogOptions): Promise<Catalog> {
  const environment = createRuleEnvironment();
  const opened = openFolders(options, environment);
  return (
    served(options, environment, opened) ??
    (await import('./catalog-loader.js')).checkCatalog(options, environment, opened)
  );
}
