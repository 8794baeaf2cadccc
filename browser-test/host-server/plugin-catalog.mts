/**
 * The built plugins as Grafana finds them in dist/: the app's plugin.json and
 * every nested plugin.json its `includes` name (datasource, panels), each with
 * the public folder Grafana serves it from and its module.js.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';

export interface PluginInclude {
  type: string;
  name: string;
  path?: string;
  role?: 'Admin' | 'Editor' | 'Viewer';
  addToNav?: boolean;
  defaultNav?: boolean;
  icon?: string;
  uid?: string;
}

export interface PluginJson {
  id: string;
  type: 'app' | 'datasource' | 'panel';
  name: string;
  info: Record<string, unknown> & { version: string; logos: { small: string; large: string } };
  includes?: PluginInclude[];
  dependencies?: Record<string, unknown>;
  [key: string]: unknown;
}

export interface CatalogEntry {
  json: PluginJson;
  /** Folder of plugin.json inside dist/ ('' for the app). */
  dir: string;
  /** URL folder Grafana serves the plugin from, e.g. /public/plugins/<app-id>/datasource */
  baseUrl: string;
  /** URL of module.js, as SystemJS is asked for it. */
  module: string;
}

export interface Catalog {
  distDir: string;
  app: CatalogEntry;
  nested: CatalogEntry[];
  /** Pages of the app, as Grafana lists them: type page with a path. */
  pages: PluginInclude[];
}

const readJson = (path: string) => JSON.parse(readFileSync(path, 'utf8'));

export function readCatalog(distDir: string): Catalog {
  const appPath = join(distDir, 'plugin.json');
  if (!existsSync(appPath)) throw new Error(`${appPath} is missing: run npm run build first`);
  const appJson = readJson(appPath) as PluginJson;
  const appBase = `/public/plugins/${appJson.id}`;
  const app: CatalogEntry = { json: appJson, dir: '', baseUrl: appBase, module: `${appBase}/module.js` };
  const nested = (appJson.includes ?? [])
    .filter((inc) => (inc.type === 'datasource' || inc.type === 'panel') && inc.path)
    .map((inc) => {
      const dir = posix.dirname(inc.path!);
      const json = readJson(join(distDir, inc.path!)) as PluginJson;
      // Grafana serves a nested plugin from its parent's folder.
      const baseUrl = `${appBase}/${dir}`;
      return { json, dir, baseUrl, module: `${baseUrl}/module.js` };
    });
  const pages = (appJson.includes ?? []).filter((inc) => inc.type === 'page' && inc.path);
  return { distDir, app, nested, pages };
}

/** Absolute file inside dist/ for a /public/plugins/<app-id>/... URL path, or undefined. */
export function distFile(catalog: Catalog, urlPath: string): string | undefined {
  const prefix = `${catalog.app.baseUrl}/`;
  if (!urlPath.startsWith(prefix)) return undefined;
  const relative = posix.normalize(decodeURIComponent(urlPath.slice(prefix.length)));
  if (relative.startsWith('..') || relative.startsWith('/')) return undefined;
  const file = join(catalog.distDir, relative);
  return dirname(file).startsWith(catalog.distDir) && existsSync(file) ? file : undefined;
}
