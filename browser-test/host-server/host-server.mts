/**
 * The HTTP face of the test host: Grafana's index page (boot data for the
 * signed-in user and theme), the plugin's files exactly as built under
 * /public/plugins/<app-id>/, @grafana/ui's icons, the host's browser
 * bundle, and the Grafana API (grafana-api.mts).
 * The signed-in user and theme come from the `X-Grafana-Host` header or the
 * `grafana_host` cookie (`role=Editor;theme=dark`), standing in for
 * Grafana's session and the user's preferences.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, extname, join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { distFile, type Catalog } from './plugin-catalog.mjs';
import { GrafanaApi, sendJson, type GrafanaRole, type HostUser } from './grafana-api.mjs';

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.map': 'application/json',
  '.md': 'text/markdown; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
};

const ROLES: GrafanaRole[] = ['Admin', 'Editor', 'Viewer'];
const LOGINS: Record<GrafanaRole, string> = { Admin: 'admin', Editor: 'editor-user', Viewer: 'viewer-user' };

export interface Session {
  user: HostUser;
  theme: 'dark' | 'light';
}

export function sessionOf(request: IncomingMessage): Session {
  const cookie = (request.headers.cookie ?? '')
    .split(';')
    .map((c) => c.trim())
    .find((c) => c.startsWith('grafana_host='));
  // The X-Grafana-Host header (set per page by the tests) wins over the cookie (set by a person trying it out).
  const header = request.headers['x-grafana-host'];
  const value = typeof header === 'string' ? header : decodeURIComponent(cookie?.slice('grafana_host='.length) ?? '');
  const fields = new URLSearchParams(value.replace(/;/g, '&'));
  const role = (ROLES as string[]).includes(fields.get('role') ?? '') ? (fields.get('role') as GrafanaRole) : 'Admin';
  const theme = fields.get('theme') === 'light' ? 'light' : 'dark';
  return { user: { login: LOGINS[role], role }, theme };
}

const requireHere = createRequire(import.meta.url);
const uiPublic = join(dirname(requireHere.resolve('@grafana/ui/package.json')), 'dist', 'public');

// Grafana's own build ships its fonts (Inter, Roboto Mono) and a spinner icon that no npm package of
// Grafana's has; the same faces come from @fontsource and the spinner is drawn here.
const fontFile = (pkg: string, file: string) =>
  join(dirname(requireHere.resolve(`${pkg}/package.json`)), 'files', file);
const FONTS: Record<string, string> = {
  'inter/Inter-Regular.woff2': fontFile('@fontsource/inter', 'inter-latin-400-normal.woff2'),
  'inter/Inter-Italic.woff2': fontFile('@fontsource/inter', 'inter-latin-400-italic.woff2'),
  'inter/Inter-Medium.woff2': fontFile('@fontsource/inter', 'inter-latin-500-normal.woff2'),
  'inter/Inter-MediumItalic.woff2': fontFile('@fontsource/inter', 'inter-latin-500-italic.woff2'),
};
const ROBOTO_MONO = fontFile('@fontsource/roboto-mono', 'roboto-mono-latin-400-normal.woff2');
const SPINNER_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><path d="M12 2a10 10 0 1 0 10 10h-2a8 8 0 1 1-8-8z"/></svg>';

function bootData(session: Session, origin: string, catalog: Catalog, api: GrafanaApi) {
  const { user, theme } = session;
  const ds = api.datasourceDto();
  const dsMeta = api.pluginSettings(catalog.nested.find((n) => n.json.type === 'datasource')!);
  const datasource = { ...ds, meta: dsMeta, readOnly: ds.readOnly };
  const panels = Object.fromEntries(
    catalog.nested.filter((n) => n.json.type === 'panel').map((n) => [n.json.id, api.pluginSettings(n)])
  );
  const app = api.pluginSettings(catalog.app);
  return {
    grafanaBootData: {
      settings: {
        appUrl: `${origin}/`,
        appSubUrl: '',
        buildInfo: { version: '12.4.0', commit: 'test-host', env: 'production', edition: 'Open Source' },
        datasources: { [ds.name]: datasource },
        defaultDatasource: ds.name,
        panels,
        apps: { [app.id]: { id: app.id, path: app.module, version: app.info.version, preload: false } },
        featureToggles: {},
        bootData: undefined,
      },
      user: {
        id: ROLES.indexOf(user.role) + 1,
        uid: user.login,
        login: user.login,
        name: user.login,
        email: `${user.login}@example.com`,
        isSignedIn: true,
        isGrafanaAdmin: user.role === 'Admin',
        orgId: 1,
        orgName: 'Main Org.',
        orgRole: user.role,
        orgCount: 1,
        theme,
        timezone: 'utc',
        weekStart: 'monday',
        locale: 'en-US',
        language: 'en-US',
        permissions: {},
      },
      navTree: [],
      assets: { dark: '', light: '' },
    },
    host: {
      app: { id: catalog.app.json.id, type: 'app', name: catalog.app.json.name },
      nested: catalog.nested.map((n) => ({ id: n.json.id, type: n.json.type, name: n.json.name })),
      pages: catalog.pages,
      datasource,
      dashboards: (catalog.app.json.includes ?? [])
        .filter((inc) => inc.type === 'dashboard' && inc.path)
        .map((inc) => ({ path: inc.path, ...JSON.parse(readFileSync(join(catalog.distDir, inc.path!), 'utf8')) })),
    },
  };
}

function indexHtml(session: Session, origin: string, catalog: Catalog, api: GrafanaApi): string {
  const { grafanaBootData, host } = bootData(session, origin, catalog, api);
  const json = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Grafana (RedisLens test host)</title>
<link rel="stylesheet" href="/public/host/shell.css">
<script>
window.grafanaBootData = ${json(grafanaBootData)};
window.__grafana_public_path__ = '/public/';
window.__redislensHost = ${json(host)};
</script>
<script src="/public/host/shell.js" defer></script>
</head>
<body class="theme-${session.theme}" style="margin: 0">
<div id="reactRoot"></div>
</body>
</html>`;
}

export interface HostServer {
  url: string;
  server: Server;
  close(): Promise<void>;
}

export async function startHostServer(options: {
  catalog: Catalog;
  api: GrafanaApi;
  shellDir: string;
  /** Extra JSON the test runner reads from GET /__host/state. */
  state: Record<string, unknown>;
}): Promise<HostServer> {
  const { catalog, api, shellDir, state } = options;
  const sendFile = (file: string, response: import('node:http').ServerResponse, cache = false) => {
    response.writeHead(200, {
      'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
      'content-length': statSync(file).size,
      // The host's bundle and fonts never change while it runs; the plugin's files are served fresh.
      'cache-control': cache ? 'public, max-age=3600, immutable' : 'no-cache',
    });
    createReadStream(file).pipe(response);
  };
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://host');
    const path = url.pathname;
    const session = sessionOf(request);
    (async () => {
      if (path === '/__host/state') return sendJson(response, 200, { ...state, unimplemented: api.unimplemented });
      if (await api.handle(request, response, session.user)) return;
      if (path.startsWith('/public/plugins/')) {
        const file = distFile(catalog, path);
        if (file) return sendFile(file, response);
      } else if (path === '/public/build/img/icons/unicons/spinner.svg') {
        response.writeHead(200, { 'content-type': 'image/svg+xml' });
        return response.end(SPINNER_SVG);
      } else if (path.startsWith('/public/fonts/')) {
        const font = path.slice('/public/fonts/'.length);
        const file = FONTS[font] ?? (font.startsWith('roboto/') ? ROBOTO_MONO : undefined);
        if (file) return sendFile(file, response, true);
      } else if (path.startsWith('/public/build/img/icons/')) {
        const file = join(uiPublic, 'img', 'icons', path.slice('/public/build/img/icons/'.length));
        if (!file.includes('..') && existsSync(file)) return sendFile(file, response);
      } else if (path.startsWith('/public/host/')) {
        const file = join(shellDir, path.slice('/public/host/'.length));
        if (!file.includes('..') && existsSync(file)) return sendFile(file, response, true);
      } else if (path === '/favicon.ico') {
        response.writeHead(204);
        return response.end();
      } else if (!path.startsWith('/public/')) {
        response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
        return response.end(indexHtml(session, `http://${request.headers.host}`, catalog, api));
      }
      process.stderr.write(`host: 404 ${path}\n`);
      response.writeHead(404, { 'content-type': 'text/plain' });
      response.end(`not found: ${path}`);
    })().catch((error: Error) => {
      process.stderr.write(`host: ${path}: ${error.stack}\n`);
      if (!response.headersSent) sendJson(response, 500, { message: error.message });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
