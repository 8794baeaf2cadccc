import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gaugeExposition } from './gauge-exposition.js';

const family = { name: 'redislens_x', help: 'Help with a \\ and\na line feed', labelNames: ['tenant', 'target'] };

test('the text format: HELP and TYPE first, label values escaped, one line per row in order', async () => {
  const text = await gaugeExposition(family, [
    { labels: ['team-a', 'plain'], value: 1 },
    { labels: ['team-a', 'quote " backslash \\ line\nfeed'], value: 0 },
    { labels: ['team-b', 'plain'], value: 2.5 },
  ]);
  assert.equal(
    text,
    [
      '# HELP redislens_x Help with a \\\\ and\\na line feed',
      '# TYPE redislens_x gauge',
      'redislens_x{tenant="team-a",target="plain"} 1',
      'redislens_x{tenant="team-a",target="quote \\" backslash \\\\ line\\nfeed"} 0',
      'redislens_x{tenant="team-b",target="plain"} 2.5',
      '',
    ].join('\n')
  );
});

test('a family of many series is written in slices: other work on the loop runs before it is done', async () => {
  const rows = Array.from({ length: 50_000 }, (_, i) => ({ labels: ['default', `target-${i}`], value: i % 2 }));
  let turnsMeanwhile = 0;
  let writing = true;
  const count = () => {
    if (!writing) return;
    turnsMeanwhile++;
    setImmediate(count);
  };
  setImmediate(count);
  const text = await gaugeExposition(family, rows);
  writing = false;
  assert.ok(turnsMeanwhile >= 10, `turns of the loop while 50,000 series were written: ${turnsMeanwhile}`);
  const lines = text.trimEnd().split('\n');
  assert.equal(lines.length, 50_002);
  assert.equal(lines[2], 'redislens_x{tenant="default",target="target-0"} 0');
  assert.equal(lines.at(-1), 'redislens_x{tenant="default",target="target-49999"} 1');
});
