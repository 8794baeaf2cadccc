import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCatalog, BUILTIN_RULES_DIR, type Catalog } from './catalog-loader.js';
import { CatalogError } from './catalog-error.js';
import { defaultCacheDir } from './catalog-cache.js';
import { catalogFromCache, loadCatalogPreferCache } from './cached-catalog.js';
import { evaluateCatalog } from './evaluator.js';
import type { FleetSnapshot, NodeSnapshot } from '../collect/snapshot.js';

const rule = (when: string, message = 'timeout is {{config.timeout}}') =>
  JSON.stringify({
    category: 'site',
    rules: [
      {
        id: 'SITE-001',
        title: 'A site rule for tests',
        severity: 'warning',
        scope: 'instance',
        requires: ['config'],
        when,
        message,
        rationale: 'A paragraph long enough to explain why the rule matters to an operator.',
        recommendation: 'CONFIG SET timeout 300 and persist it.',
        references: ['https://redis.io/docs/latest/'],
      },
    ],
  });

function tempDir(t: { after: (fn: () => void) => void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'redislens-catalog-cache-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

const entries = (cacheDir: string) => readdirSync(cacheDir).filter((f) => f.startsWith('catalog-'));

test('a cached catalog evaluates exactly as a freshly checked one', (t) => {
  const cacheDir = tempDir(t);
  const fresh = loadCatalog({ dirs: [BUILTIN_RULES_DIR], cacheDir });
  assert.equal(entries(cacheDir).length, 1, 'a catalog that loaded cleanly is cached');
  const cached = loadCatalog({ dirs: [BUILTIN_RULES_DIR], cacheDir });
  assert.deepEqual(
    cached.rules.map((r) => r.id),
    fresh.rules.map((r) => r.id)
  );
  assert.deepEqual(cached.data, fresh.data);

  // A node with planted problems (no memory limit, no idle timeout, open to the network, no persistence).
  const node: NodeSnapshot = {
    address: '127.0.0.1:7000',
    kind: 'redis',
    role: 'master',
    reachable: true,
    collectedAt: '2026-01-01T00:00:00Z',
    info: { server: { redis_version: '7.2.4' }, memory: { used_memory: 960, mem_fragmentation_ratio: 1.2 } },
    config: { maxmemory: 0, timeout: 0, 'protected-mode': 'no', bind: '* -::*', save: '', appendonly: 'no' },
    failures: {},
  };
  const fleet: FleetSnapshot = {
    seeds: [],
    collectedAt: node.collectedAt,
    nodes: [node],
    groups: [{ id: node.address, kind: 'standalone', master: node.address, replicas: [], sentinels: [], members: [] }],
  };
  const context = { fleet, labels: {} };
  const freshResults = evaluateCatalog(fresh, context);
  assert.ok(
    freshResults.some((r) => r.status === 'fired'),
    'the fixture fires rules, so messages and evidence are compared'
  );
  assert.deepEqual(evaluateCatalog(cached, context), freshResults);
  // The CLI's path: the whole catalog from the cache, neither YAML nor the schema run.
  const served = catalogFromCache({ dirs: [BUILTIN_RULES_DIR], cacheDir });
  assert.ok(served, 'every folder is cached');
  // What the schema fills in or types (defaults, trimmed text) shows in the rules' definitions.
  const definitions = (catalog: Catalog) =>
    catalog.rules.map(({ id, severity, params, vars, evidence, directives, message }) => ({
      id,
      severity,
      params,
      vars,
      evidence,
      directives,
      message,
    }));
  assert.deepEqual(definitions(served), definitions(fresh), 'the entry holds the rules as the schema returned them');
  assert.deepEqual(evaluateCatalog(served, context), freshResults);
});

test('the CLI loads from the cache only what was checked: any miss, edit or broken rule goes through the check', async (t) => {
  const cacheDir = tempDir(t);
  const rules = tempDir(t);
  writeFileSync(join(rules, 'site.yaml'), rule('config.timeout == 0'));
  const options = { dirs: [BUILTIN_RULES_DIR, rules], cacheDir };
  assert.equal(catalogFromCache(options), undefined, 'nothing cached yet');
  assert.ok((await loadCatalogPreferCache(options)).rules.some((r) => r.id === 'SITE-001'));
  assert.ok(catalogFromCache(options), 'the check filled the cache');

  // The operator's options are checked on the cached path as well.
  assert.throws(() => catalogFromCache({ ...options, disabled: ['SITE-404'] }), /SITE-404: no rule has this id/);
  const set = catalogFromCache({ ...options, params: { 'CLIENT-005': { client_share: '0.5' } } });
  assert.equal(set?.rules.find((r) => r.id === 'CLIENT-005')?.params.client_share, 0.5);
  assert.throws(
    () => catalogFromCache({ ...options, params: { 'CLIENT-005': { client_share: 'lots' } } }),
    /CLIENT-005\.client_share: "lots" is not a number/
  );

  writeFileSync(join(rules, 'site.yaml'), rule('config.timeout == 0', 'timeout is {{nosuchvariable}}'));
  assert.equal(catalogFromCache(options), undefined, 'an edited folder is not served from the cache');
  await assert.rejects(loadCatalogPreferCache(options), /site\.yaml: rules\[SITE-001\]\.message: Unknown variable/);
  writeFileSync(join(rules, 'site.yaml'), rule('config.timeout == 0').replace('"warning"', '"severe"'));
  await assert.rejects(loadCatalogPreferCache(options), /site\.yaml: rules\[SITE-001\]\.severity/);
  assert.equal(catalogFromCache(options), undefined, 'a broken folder never reaches the cache');
});

test('one entry per rule folder: an added site folder leaves the built-in entry shared', (t) => {
  const cacheDir = tempDir(t);
  const rules = tempDir(t);
  writeFileSync(join(rules, 'site.yaml'), rule('config.timeout == 0'));
  loadCatalog({ dirs: [BUILTIN_RULES_DIR], cacheDir });
  const builtin = entries(cacheDir);
  const both = loadCatalog({ dirs: [BUILTIN_RULES_DIR, rules], cacheDir });
  assert.ok(both.rules.some((r) => r.id === 'SITE-001'));
  const added = entries(cacheDir).filter((e) => !builtin.includes(e));
  assert.equal(added.length, 1, 'only the site folder is new');
  assert.ok(statSync(join(cacheDir, added[0])).size < 4096, 'the site entry holds the site folder only');
});

test('a broken rule fails at load every time, cache or not, and is never cached', (t) => {
  const cacheDir = tempDir(t);
  const rules = tempDir(t);
  writeFileSync(join(rules, 'site.yaml'), rule('config.timeout == 0'));
  loadCatalog({ dirs: [rules], cacheDir });
  assert.equal(entries(cacheDir).length, 1);

  // The same file edited: a check error (a variable the environment does not have), then a syntax error.
  writeFileSync(join(rules, 'site.yaml'), rule('config.timeout == 0', 'timeout is {{nosuchvariable}}'));
  for (let run = 0; run < 2; run++) {
    assert.throws(
      () => loadCatalog({ dirs: [rules], cacheDir }),
      (e: unknown) =>
        e instanceof CatalogError &&
        /site\.yaml: rules\[SITE-001\]\.message: Unknown variable: nosuchvariable/.test(e.message)
    );
  }
  writeFileSync(join(rules, 'site.yaml'), rule('config.timeout =='));
  for (let run = 0; run < 2; run++)
    assert.throws(() => loadCatalog({ dirs: [rules], cacheDir }), /site\.yaml: rules\[SITE-001\]\.when: /);
  assert.equal(entries(cacheDir).length, 1, 'only the catalog that loaded cleanly is in the cache');
});

test('a cache entry that cannot be read is a miss, and an unwritable cache folder costs only the full load', (t) => {
  const cacheDir = tempDir(t);
  const rules = tempDir(t);
  writeFileSync(join(rules, 'site.yaml'), rule('config.timeout == 0'));
  loadCatalog({ dirs: [rules], cacheDir });
  const [entry] = entries(cacheDir);
  writeFileSync(join(cacheDir, entry), '[{"trunc');
  assert.equal(loadCatalog({ dirs: [rules], cacheDir }).rules.length, 1);

  const notAFolder = join(cacheDir, entry); // a file where a folder should be
  assert.equal(loadCatalog({ dirs: [rules], cacheDir: notAFolder }).rules.length, 1);
});

test('the cache folder follows REDISLENS_CACHE_DIR and the OS convention, and can be turned off', () => {
  assert.equal(defaultCacheDir({ REDISLENS_CACHE_DIR: '/x/y' }), '/x/y');
  assert.equal(defaultCacheDir({ REDISLENS_CACHE_DIR: 'off' }), undefined);
  if (process.platform === 'linux') assert.equal(defaultCacheDir({ XDG_CACHE_HOME: '/c' }), '/c/redislens');
});
