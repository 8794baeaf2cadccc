/** The catalog analyze and lint evaluate: the built-in rules, the operator's folders and overrides. */
import { BUILTIN_RULES_DIR, type Catalog } from '../rules/catalog-assembly.js';
import { defaultCacheDir } from '../rules/catalog-cache.js';
import { loadCatalogPreferCache } from '../rules/cached-catalog.js';
import type { SharedOptions } from './shared-options.js';

export function catalogFor(options: SharedOptions): Promise<Catalog> {
  return loadCatalogPreferCache({
    dirs: [BUILTIN_RULES_DIR, ...options.rules],
    disabled: options.disable,
    severityOverrides: options.severity,
    params: options.set,
    cacheDir: defaultCacheDir(),
  });
}
