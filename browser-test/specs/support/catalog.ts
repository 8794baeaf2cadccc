/**
 * What to open, discovered from the build as Grafana would: the app's pages
 * (dist/plugin.json includes of type page), the nested datasource's config
 * and query editors, and every nested panel plugin.
 */
import { readFileSync } from 'node:fs';
import { join, posix } from 'node:path';

export type Role = 'Admin' | 'Editor' | 'Viewer';

export interface View {
  /** Short name for test titles and screenshot files. */
  name: string;
  path: string;
  description: string;
  roles: Role[];
}

interface Include {
  type: string;
  name: string;
  path?: string;
  role?: Role;
}

const distDir = join(__dirname, '..', '..', '..', 'dist');
const readJson = (path: string) => JSON.parse(readFileSync(join(distDir, path), 'utf8'));

export const appJson = readJson('plugin.json') as { id: string; name: string; includes?: Include[] };
export const nestedJson = (appJson.includes ?? [])
  .filter((inc) => (inc.type === 'panel' || inc.type === 'datasource') && inc.path)
  .map((inc) => ({
    ...(readJson(inc.path!) as { id: string; name: string; type: string }),
    dir: posix.dirname(inc.path!),
  }));

// Grafana shows an include that names a role only to that role and above; the others are seen by Editors and Viewers.
const rolesFor = (role?: Role): Role[] =>
  role === 'Admin' ? ['Admin'] : role === 'Editor' ? ['Editor'] : ['Editor', 'Viewer'];

export function views(): View[] {
  const pages = (appJson.includes ?? [])
    .filter((inc) => inc.type === 'page' && inc.path)
    .map((inc) => ({
      name: `page ${inc.name}`,
      path: inc.path!,
      description: `app page "${inc.name}" (${inc.path})`,
      roles: rolesFor(inc.role),
    }));
  const nested = nestedJson.flatMap((plugin): View[] =>
    plugin.type === 'datasource'
      ? [
          {
            name: 'datasource config',
            path: '/connections/datasources/edit/redislens',
            description: `${plugin.id} config editor (Grafana's data source settings page needs Admin)`,
            roles: ['Admin'],
          },
          {
            name: 'datasource query editor',
            path: '/explore',
            description: `${plugin.id} query editor in Explore`,
            roles: ['Editor', 'Viewer'],
          },
        ]
      : [
          {
            name: `panel ${plugin.id}`,
            path: `/host/panels/${plugin.id}`,
            description: `panel plugin ${plugin.id} fed by the query of a shipped dashboard`,
            roles: ['Editor', 'Viewer'],
          },
        ]
  );
  return [...pages, ...nested];
}
