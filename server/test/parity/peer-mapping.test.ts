/**
 * Parity with the peer tools cannot silently regress: every rule the peer mapping names must exist in the
 * built-in catalog, every peer finding is classified with what its class requires, and the table in
 * docs/peer-parity.md matches the mapping.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { z } from 'zod';
import { builtinCatalog } from '../harness/rule-check.js';

const finding = z
  .object({
    id: z.string().min(1),
    class: z.enum(['a', 'b', 'c', 'd']),
    rules: z.array(z.string().regex(/^[A-Z]+-\d{3}$/)).default([]),
    note: z.string().optional(),
    decision: z.string().min(40).optional(),
    declined: z.string().min(40).optional(),
    not_yet_covered: z.string().min(10).optional(),
  })
  .strict()
  .superRefine((f, ctx) => {
    const problem = (message: string) => ctx.addIssue({ code: 'custom', message: `${f.id}: ${message}` });
    if ((f.class === 'a' || f.class === 'b') && f.rules.length === 0) problem(`class ${f.class} needs rules`);
    if (f.class === 'b' && !f.decision) problem('class b needs the decision (why RedisLens differs)');
    if (f.class === 'c' && !f.declined) problem('class c is either covered (a/b) or declined with a reason');
    if (f.class === 'd' && (!f.not_yet_covered || f.rules.length > 0))
      problem('class d names the issue that owns it (not_yet_covered) and no rule');
  });

const mappingSchema = z.object({
  peers: z.array(z.object({ peer: z.string(), total: z.number().int(), findings: z.array(finding) }).strict()),
});

const mapping = mappingSchema.parse(
  parse(readFileSync(fileURLToPath(new URL('./peer-mapping.yaml', import.meta.url)), 'utf8'))
);

type Counts = Record<'a' | 'b' | 'c' | 'd', number>;

function countsOf(findings: z.infer<typeof finding>[]): Counts {
  const counts: Counts = { a: 0, b: 0, c: 0, d: 0 };
  for (const f of findings) counts[f.class]++;
  return counts;
}

/** "| redis-doctor (74) | 45 | 2 | 0 | 27 |" rows of docs/peer-parity.md. */
function documentedTable(): Map<string, { total: number; counts: Counts }> {
  const text = readFileSync(fileURLToPath(new URL('../../../docs/peer-parity.md', import.meta.url)), 'utf8');
  const rows = new Map<string, { total: number; counts: Counts }>();
  for (const m of text.matchAll(/^\| (.+?) \((\d+)\) \| (\d+) \| (\d+) \| (\d+) \| (\d+) \|$/gm)) {
    rows.set(m[1], { total: Number(m[2]), counts: { a: +m[3], b: +m[4], c: +m[5], d: +m[6] } });
  }
  return rows;
}

test('every rule id in the peer mapping exists in the built-in catalog', () => {
  const ids = new Set(builtinCatalog().rules.map((r) => r.id));
  const missing = mapping.peers.flatMap((p) =>
    p.findings.flatMap((f) => f.rules.filter((id) => !ids.has(id)).map((id) => `${p.peer} ${f.id} -> ${id}`))
  );
  assert.deepEqual(missing, [], 'rules the peer mapping relies on are missing from the catalog');
});

test('each peer lists every finding once, as many as it has', () => {
  for (const p of mapping.peers) {
    const ids = p.findings.map((f) => f.id);
    assert.equal(new Set(ids).size, ids.length, `${p.peer}: duplicate finding ids`);
    assert.equal(ids.length, p.total, `${p.peer}: ${ids.length} findings mapped, ${p.total} expected`);
  }
});

test('no finding RedisLens can see with the data it reads is left uncovered without a reason', () => {
  const open = mapping.peers.flatMap((p) =>
    p.findings.filter((f) => f.class === 'c' && !f.declined).map((f) => `${p.peer} ${f.id}`)
  );
  assert.deepEqual(open, []);
});

test('docs/peer-parity.md shows the totals of the mapping', () => {
  const table = documentedTable();
  assert.equal(table.size, mapping.peers.length, 'one table row per peer');
  for (const p of mapping.peers) {
    const row = table.get(p.peer);
    assert.ok(row, `docs/peer-parity.md has a row for ${p.peer}`);
    assert.equal(row.total, p.total, `${p.peer} total`);
    assert.deepEqual(row.counts, countsOf(p.findings), `${p.peer} a/b/c/d`);
  }
});

test('the mapping schema rejects what the checks are for', () => {
  // The checks above only mean something if a broken entry is refused.
  const broken = [
    { id: 'x', class: 'a' },
    { id: 'x', class: 'b', rules: ['MEM-101'] },
    { id: 'x', class: 'c' },
    { id: 'x', class: 'd', rules: ['MEM-101'], not_yet_covered: 'issue 17: something' },
  ];
  for (const entry of broken) assert.equal(finding.safeParse(entry).success, false, JSON.stringify(entry));
  assert.equal(finding.safeParse({ id: 'x', class: 'a', rules: ['MEM-101'] }).success, true);
});
