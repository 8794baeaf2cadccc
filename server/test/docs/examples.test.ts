/**
 * Every YAML and shell example in the repository's Markdown parses: YAML with the same parser the
 * sidecar uses, shell with `sh -n` (the POSIX shell the examples are written for), and a provisioning
 * example (apiVersion + tenants/targets) must also pass the provisioning schema, so a reader who
 * copies it gets a sidecar that starts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { provisioningSchema } from '../../provisioning/provisioning-file.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
// Not ours to keep: dependencies, build output, and the create-plugin scaffolding's own docs.
const SKIP = new Set(['node_modules', 'dist', '.git', '.config', 'coverage', 'test-results', 'playwright-report']);

function markdownFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (SKIP.has(entry.name)) return [];
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return markdownFiles(path);
    return entry.name.endsWith('.md') ? [path] : [];
  });
}

interface Example {
  where: string;
  lang: string;
  text: string;
}

/** Fenced code blocks with their language tag and `file:line` of the opening fence. */
function examples(file: string): Example[] {
  const lines = readFileSync(file, 'utf8').split('\n');
  const found: Example[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\w*)\s*$/.exec(lines[i]);
    if (!open) continue;
    const end = lines.findIndex((line, j) => j > i && /^```\s*$/.test(line));
    assert.ok(end > i, `${relative(ROOT, file)}:${i + 1}: code block never closed`);
    found.push({
      where: `${relative(ROOT, file)}:${i + 1}`,
      lang: open[1].toLowerCase(),
      text: lines.slice(i + 1, end).join('\n'),
    });
    i = end;
  }
  return found;
}

const all = markdownFiles(ROOT).flatMap(examples);
const yamlExamples = all.filter((e) => e.lang === 'yaml' || e.lang === 'yml');
const shellExamples = all.filter((e) => ['sh', 'bash', 'shell'].includes(e.lang));

test('the README and the docs have YAML and shell examples to check', () => {
  assert.ok(
    yamlExamples.some((e) => e.where.startsWith('README.md')),
    'README.md has a YAML example'
  );
  assert.ok(
    shellExamples.some((e) => e.where.startsWith('README.md')),
    'README.md has a shell example'
  );
});

for (const example of yamlExamples) {
  test(`YAML example ${example.where} parses${/^apiVersion:/m.test(example.text) ? ' and is valid provisioning' : ''}`, () => {
    for (const doc of parseAllDocuments(example.text)) {
      assert.deepEqual(
        doc.errors.map((e) => e.message.split('\n')[0]),
        [],
        `${example.where}: the example is not valid YAML`
      );
      const value = doc.toJS();
      if (value && typeof value === 'object' && 'apiVersion' in value) {
        const parsed = provisioningSchema.safeParse(value);
        assert.ok(
          parsed.success,
          `${example.where}: not a valid provisioning file: ${parsed.error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`
        );
      }
    }
  });
}

for (const example of shellExamples) {
  test(`shell example ${example.where} parses under sh -n`, () => {
    execFileSync('/bin/sh', ['-n'], { input: example.text });
  });
}

test('the checks fail on a broken example (the flow mapping the README once had)', () => {
  const broken = 'tokens:\n  - { name: grafana, token: $__env{PAYMENTS_TOKEN}, role: editor }\n';
  assert.notDeepEqual(
    [...parseAllDocuments(broken)].flatMap((d) => d.errors),
    []
  );
  assert.throws(() => execFileSync('/bin/sh', ['-n'], { input: 'if true; then echo\n', stdio: 'pipe' }));
});
