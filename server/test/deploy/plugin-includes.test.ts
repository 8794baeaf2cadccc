/**
 * The app's nested panels and dashboards reach dist/ where plugin.json says they are: each panel
 * as panels/<name>/plugin.json + module.js (built by the scaffolded webpack config's nested-plugin
 * entries), each dashboard as its JSON file; and module.js stays small (pages load lazily).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const DIST = fileURLToPath(new URL('../../../dist/', import.meta.url));
/** The app's entry: routing and the config page shell only; every page is its own chunk. */
const MAX_APP_MODULE_BYTES = 64 * 1024;

test('every panel and dashboard the app includes is in dist/', () => {
  assert.ok(existsSync(join(DIST, 'plugin.json')), 'dist/ is missing: run npm run build');
  const app = JSON.parse(readFileSync(join(DIST, 'plugin.json'), 'utf8')) as {
    includes: Array<{ type: string; path?: string }>;
  };
  const panels = app.includes.filter((i) => i.type === 'panel');
  const dashboards = app.includes.filter((i) => i.type === 'dashboard');
  assert.deepEqual(panels.map((p) => p.path).sort(), [
    'panels/anomaly-list/plugin.json',
    'panels/config-highlight/plugin.json',
  ]);
  for (const panel of panels) {
    const json = JSON.parse(readFileSync(join(DIST, panel.path!), 'utf8'));
    assert.equal(json.type, 'panel');
    assert.match(json.id, /^redislens-[a-z]+-panel$/);
    assert.ok(existsSync(join(DIST, dirname(panel.path!), 'module.js')), `${panel.path}: module.js missing`);
    assert.ok(existsSync(join(DIST, dirname(panel.path!), json.info.logos.small)), `${panel.path}: logo missing`);
  }
  assert.equal(dashboards.length, 3);
  for (const d of dashboards) assert.ok(JSON.parse(readFileSync(join(DIST, d.path!), 'utf8')).uid, d.path);
  const size = statSync(join(DIST, 'module.js')).size;
  process.stderr.write(`dist/module.js: ${size} bytes\n`);
  assert.ok(size < MAX_APP_MODULE_BYTES, `dist/module.js is ${size} bytes: pages must stay lazily loaded`);
});
