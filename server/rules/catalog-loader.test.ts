import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCatalog, BUILTIN_RULES_DIR } from './catalog-loader.js';
import { CatalogError } from './catalog-error.js';

const VALID_RULE = {
  id: 'SITE-001',
  title: 'A site rule for tests',
  severity: 'warning',
  scope: 'instance',
  requires: ['config'],
  when: 'config.timeout == 0',
  message: 'timeout is {{config.timeout}}',
  rationale: 'A paragraph long enough to explain why the rule matters to an operator.',
  recommendation: 'CONFIG SET timeout 300 and persist it.',
  references: ['https://redis.io/docs/latest/'],
};

function folder(t: { after: (fn: () => void) => void }, files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'redislens-catalog-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

const ruleFile = (rule: Record<string, unknown>) => JSON.stringify({ category: 'site', rules: [rule] });

test('the built-in catalog loads, every rule id unique and every expression compiled', () => {
  const catalog = loadCatalog({ dirs: [BUILTIN_RULES_DIR] });
  assert.ok(catalog.rules.length > 0);
  assert.equal(new Set(catalog.rules.map((r) => r.id)).size, catalog.rules.length);
  assert.ok(catalog.data.redis_config_defaults, 'data tables are loaded');
});

test('a schema error names the file, the rule and the field', (t) => {
  const dir = folder(t, { 'site.yaml': ruleFile({ ...VALID_RULE, severity: 'urgent' }) });
  assert.throws(
    () => loadCatalog({ dirs: [dir] }),
    (e: unknown) => {
      assert.ok(e instanceof CatalogError);
      assert.match(e.message, /site\.yaml: rules\[SITE-001\]\.severity: /);
      return true;
    }
  );
});

test('a CEL error names the expression field', (t) => {
  const dir = folder(t, { 'site.yaml': ruleFile({ ...VALID_RULE, when: 'config.timeout ==' }) });
  assert.throws(() => loadCatalog({ dirs: [dir] }), /site\.yaml: rules\[SITE-001\]\.when: /);
  const unknown = folder(t, { 'site.yaml': ruleFile({ ...VALID_RULE, when: 'nosuchvariable > 1' }) });
  assert.throws(() => loadCatalog({ dirs: [unknown] }), /rules\[SITE-001\]\.when: Unknown variable: nosuchvariable/);
});

test('YAML syntax errors give the line', (t) => {
  const dir = folder(t, { 'site.yaml': 'category: site\nrules:\n  - id: [unclosed\n' });
  assert.throws(() => loadCatalog({ dirs: [dir] }), /site\.yaml: line \d+:/);
});

test('duplicate ids across folders are refused', (t) => {
  const a = folder(t, { 'a.yaml': ruleFile(VALID_RULE) });
  const b = folder(t, { 'b.yaml': ruleFile(VALID_RULE) });
  assert.throws(() => loadCatalog({ dirs: [a, b] }), /b\.yaml: rules\[SITE-001\]\.id: duplicate rule id/);
});

test('operators disable and re-grade by id; unknown ids are errors', (t) => {
  const dir = folder(t, { 'site.yaml': ruleFile(VALID_RULE) });
  assert.equal(loadCatalog({ dirs: [dir], disabled: ['SITE-001'] }).rules.length, 0);
  assert.equal(
    loadCatalog({ dirs: [dir], severityOverrides: { 'SITE-001': 'critical' } }).rules[0].severity,
    'critical'
  );
  assert.throws(() => loadCatalog({ dirs: [dir], disabled: ['SITE-404'] }), /SITE-404: no rule has this id/);
  assert.throws(() => loadCatalog({ dirs: [join(dir, 'missing')] }), /rule folder does not exist/);
});
