/**
 * Checks what `npm run build` wrote to dist/ as Grafana (and its plugin
 * validator) will read it: every plugin.json valid against Grafana's
 * plugin.json schema (vendor/), ids `<org>-<name>-<type>` with the plugin's
 * own type, every file an `includes` entry or logo names present, each
 * plugin's module.js present, backend executables with their run bit, and
 * the app's module.js small (Grafana loads it for every app page view;
 * pages and panels belong in lazily loaded chunks). Prints module sizes.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';

const here = dirname(fileURLToPath(import.meta.url));
const dist = join(here, '..', '..', 'dist');
/** The app's module.js, minified: the template's is ~4 kB; 100 kB means something heavy is loaded eagerly. */
const APP_MODULE_LIMIT = 100 * 1024;

interface PluginJson {
  id: string;
  type: string;
  executable?: string;
  info: { logos: { small: string; large: string }; screenshots?: { path: string }[] };
  includes?: { type: string; path?: string; name: string }[];
}

function plugins(): { file: string; dir: string; json: PluginJson }[] {
  assert.ok(existsSync(join(dist, 'plugin.json')), 'dist/plugin.json missing: run npm run build first');
  const app = JSON.parse(readFileSync(join(dist, 'plugin.json'), 'utf8')) as PluginJson;
  const nested = (app.includes ?? [])
    .filter((inc) => (inc.type === 'datasource' || inc.type === 'panel') && inc.path)
    .map((inc) => ({
      file: inc.path!,
      dir: posix.dirname(inc.path!),
      json: JSON.parse(readFileSync(join(dist, inc.path!), 'utf8')) as PluginJson,
    }));
  return [{ file: 'plugin.json', dir: '.', json: app }, ...nested];
}

// Every plugin.json in dist/, found on disk: one the app's includes forgot would not be loaded by Grafana.
function pluginJsonFiles(dir = dist, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? pluginJsonFiles(join(dir, entry.name), `${prefix}${entry.name}/`)
      : entry.name === 'plugin.json'
        ? [`${prefix}plugin.json`]
        : []
  );
}

test('every plugin.json in dist/ is named by the app and valid against Grafana plugin.json schema', () => {
  const schema = JSON.parse(readFileSync(join(here, 'vendor', 'plugin.schema.json'), 'utf8'));
  // The schema's patterns are written for Go's regexp (the validator is Go): `\-` is an error in a unicode JS RegExp.
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats.default(ajv);
  const validate = ajv.compile(schema);
  const listed = plugins();
  assert.deepEqual(pluginJsonFiles().sort(), listed.map((p) => p.file).sort(), 'plugin.json files vs the app includes');
  for (const { file, json } of listed) {
    const valid = validate(json);
    assert.ok(valid, `${file}: ${ajv.errorsText(validate.errors, { separator: '\n  ' })}`);
  }
});

test('ids are <org>-<name>-<type> with the plugin type, one org for all', () => {
  const all = plugins();
  const orgs = new Set<string>();
  for (const { file, json } of all) {
    const parts = json.id.split('-');
    assert.equal(parts.length, 3, `${file}: id ${json.id} is not <org>-<name>-<type>`);
    assert.equal(parts[2], json.type, `${file}: id ${json.id} does not end with its type ${json.type}`);
    orgs.add(parts[0]);
  }
  assert.equal(orgs.size, 1, `one organisation for the app and its nested plugins, got ${[...orgs].join(', ')}`);
  assert.equal(all[0].json.type, 'app');
});

test('every file an includes entry, logo or screenshot names exists in dist/, and each plugin has its module.js', () => {
  for (const { file, dir, json } of plugins()) {
    const named = [
      ...(json.includes ?? []).filter((inc) => inc.path && !inc.path.startsWith('/')).map((inc) => inc.path!),
      json.info.logos.small,
      json.info.logos.large,
      ...(json.info.screenshots ?? []).map((s) => s.path),
    ];
    for (const path of named) {
      assert.ok(existsSync(join(dist, dir, path)), `${file} names ${path}, missing from dist/${posix.join(dir, path)}`);
    }
    assert.ok(existsSync(join(dist, dir, 'module.js')), `dist/${posix.join(dir, 'module.js')} missing`);
  }
});

test('backend executables exist for linux and darwin (amd64, arm64) with the run bit', () => {
  const withBackend = plugins().filter((p) => p.json.executable);
  assert.ok(withBackend.length > 0, 'the datasource declares its backend executable');
  for (const { dir, json } of withBackend) {
    for (const platform of ['linux_amd64', 'linux_arm64', 'darwin_amd64', 'darwin_arm64']) {
      const path = join(dist, dir, `${json.executable}_${platform}`);
      assert.ok(existsSync(path), `${path} missing`);
      assert.ok(
        (statSync(path).mode & 0o111) === 0o111,
        `${path} is not executable (mode ${statSync(path).mode.toString(8)})`
      );
    }
  }
});

test('module.js sizes: the app module stays small', () => {
  const lines: string[] = [];
  for (const { dir, json } of plugins()) {
    const size = statSync(join(dist, dir, 'module.js')).size;
    lines.push(`${(size / 1024).toFixed(1).padStart(8)} kB  ${posix.join(dir, 'module.js')} (${json.id})`);
  }
  process.stdout.write(`module.js sizes:\n${lines.join('\n')}\n`);
  const appSize = statSync(join(dist, 'module.js')).size;
  assert.ok(
    appSize <= APP_MODULE_LIMIT,
    `dist/module.js is ${(appSize / 1024).toFixed(1)} kB, over ${APP_MODULE_LIMIT / 1024} kB: load pages and panels lazily`
  );
});
