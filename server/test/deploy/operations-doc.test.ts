/**
 * docs/operations.md's troubleshooting quotes messages users see; each must
 * be one the code really prints. A quoted message is split at its
 * placeholders (<...>, "...") and every literal piece must occur in the
 * source of the sidecar, the CLI or the datasource (not tests).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const doc = readFileSync(join(ROOT, 'docs/operations.md'), 'utf8');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === 'node_modules' || name === 'test' || name === 'test-support') return [];
    if (statSync(path).isDirectory()) return sources(path);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [readFileSync(path, 'utf8')] : [];
  });
}

test('every message quoted under Troubleshooting is printed by the code, piece by piece', () => {
  const code = [...sources(join(ROOT, 'server')), ...sources(join(ROOT, 'src'))];
  const section = doc.slice(doc.indexOf('## Troubleshooting'));
  const quoted = [...section.matchAll(/`([^`]+)`/g)].map((m) => m[1]).filter((q) => q.length >= 25 && q.includes(' '));
  assert.ok(quoted.length >= 15, `found ${quoted.length} quoted messages`);
  const missing: string[] = [];
  for (const message of quoted) {
    const pieces = message
      .split(/<[^>]+>|\.\.\.|\(\.\.\.\)/)
      // A placeholder's surrounding punctuation may come from the wrapping message.
      .map((p) => p.replace(/^[\s:,]+|[\s:,]+$/g, ''))
      .filter((p) => p.length >= 4);
    // Pieces may come from several files: a message can wrap another (a provisioning error around a secret's).
    if (!pieces.every((p) => code.some((file) => file.includes(p)))) missing.push(message);
  }
  assert.deepEqual(missing, [], 'quoted in docs/operations.md but printed nowhere');
});

test('the operations guide is linked from the README, and every repository path it names exists', () => {
  assert.match(readFileSync(join(ROOT, 'README.md'), 'utf8'), /\]\(docs\/operations\.md\)/);
  const paths = [...doc.matchAll(/`((?:deploy|provisioning|server|bench|rules|src)\/[\w./-]+)`/g)].map((m) => m[1]);
  assert.ok(paths.length >= 8, `${paths.length} paths named`);
  for (const path of paths) assert.ok(statSync(join(ROOT, path), { throwIfNoEntry: false }), `${path} exists`);
});
