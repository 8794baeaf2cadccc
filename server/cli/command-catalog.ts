/** The catalog analyze and lint evaluate: the built-in rules, the operator's folders and overrides. */
import { loadCatalog, BUILTIN_RULES_DIR, type Catalog } from '../rules/catalog-loader.js';
import { defaultCacheDir } from '../rules/catalog-cache.js';
import type { SharedOptions } from './shared-options.js';

export function catalogFor(options: SharedOptions): Catalog {
  return loadCatalog({
    dirs: [BUILTIN_RULES_DIR, ...options.rules],
    disabled: options.disable,
    severityOverrides: options.severity,
    params: options.set,
    cacheDir: defaultCacheDir(),
  });
}
