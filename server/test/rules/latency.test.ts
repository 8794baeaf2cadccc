import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RedisProcess } from '../harness/redis-process.js';
import { resultsOf, resultsOnSnapshot, analyze } from '../harness/rule-check.js';
import type { RuleResult } from '../../rules/results.js';
import { BUILTIN_RULES_DIR, loadCatalog } from '../../rules/catalog-loader.js';
import { evaluateCatalog } from '../../rules/evaluator.js';
import type { FleetSnapshot } from '../../collect/snapshot.js';
import type { Labels } from '../../rules/evaluation-context.js';

/** One rule's results on a snapshot with `--set RULE.param=value` overrides. */
function withParams(ruleId: string, params: Record<string, string>, fleet: FleetSnapshot, labels: Labels = {}) {
  const catalog = loadCatalog({ dirs: [BUILTIN_RULES_DIR], params: { [ruleId]: params } });
  return evaluateCatalog(catalog, { fleet, labels }).filter((r) => r.ruleId === ruleId);
}

function only(results: RuleResult[], target: string): RuleResult {
  const mine = results.filter((r) => r.target === target);
  assert.equal(mine.length, 1, `one result on ${target}`);
  return mine[0];
}

const ofRule = (id: string, results: RuleResult[]) => results.filter((r) => r.ruleId === id);

test('LAT-201 passes without events, fires on a real 300 ms stall, respects its threshold and window labels', async (t) => {
  const redis = await RedisProcess.start({
    config: { 'latency-monitor-threshold': 50, 'enable-debug-command': 'local' },
  });
  t.after(() => redis.stop());
  assert.equal(only(await resultsOf('LAT-201', [redis.url]), redis.address).status, 'passed');

  // A command that blocks the event loop for 300 ms: the latency monitor records a "command" event.
  await redis.cli('DEBUG', 'SLEEP', '0.3');
  const { fleet, results } = await analyze([redis.url]);
  const fired = only(ofRule('LAT-201', results), redis.address);
  assert.equal(fired.status, 'fired');
  assert.equal(fired.severity, 'warning');
  assert.match(fired.message, /command \d+ ms/);
  assert.equal(fired.evidence.threshold_ms, 100);
  const events = fired.evidence.events as { event: string; latestMs: number }[];
  assert.ok(events.some((e) => e.event === 'command' && e.latestMs >= 300));

  // The same real snapshot under a stricter budget than the stall and under a looser one.
  assert.equal(
    only(resultsOnSnapshot('LAT-201', fleet, { labels: { latency_threshold_ms: '1000' } }), redis.address).status,
    'passed'
  );
  assert.equal(
    only(resultsOnSnapshot('LAT-201', fleet, { labels: { latency_threshold_ms: '250' } }), redis.address).status,
    'fired'
  );
  // The threshold is a param; the label overrides it per target.
  assert.equal(only(withParams('LAT-201', { threshold_ms: '1000' }, fleet), redis.address).status, 'passed');
  assert.equal(
    only(withParams('LAT-201', { threshold_ms: '1000' }, fleet, { latency_threshold_ms: '250' }), redis.address).status,
    'fired'
  );
  // Recorded: the same event two hours old (the test cannot wait an hour for the window to pass).
  const old = structuredClone(fleet);
  for (const e of old.nodes[0].latency!) e.latestAt -= 7200;
  assert.equal(only(resultsOnSnapshot('LAT-201', old), redis.address).status, 'passed');
  assert.equal(
    only(resultsOnSnapshot('LAT-201', old, { labels: { latency_window_seconds: '86400' } }), redis.address).status,
    'fired'
  );
});

test('LAT-202 fires while the latency monitor is off and passes once it is on', async (t) => {
  const redis = await RedisProcess.start();
  t.after(() => redis.stop());
  const fired = only(await resultsOf('LAT-202', [redis.url]), redis.address);
  assert.equal(fired.status, 'fired');
  assert.equal(fired.severity, 'notice');
  assert.equal(fired.evidence.latency_monitor_threshold, 0);

  await redis.cli('CONFIG', 'SET', 'latency-monitor-threshold', '100');
  assert.equal(only(await resultsOf('LAT-202', [redis.url]), redis.address).status, 'passed');
});

test('LAT-203 passes on the default slow log and fires when it is disabled, too coarse or too short', async (t) => {
  const redis = await RedisProcess.start();
  t.after(() => redis.stop());
  assert.equal(only(await resultsOf('LAT-203', [redis.url]), redis.address).status, 'passed');

  for (const [directive, value] of [
    ['slowlog-log-slower-than', '-1'],
    ['slowlog-log-slower-than', '2000000'],
    ['slowlog-max-len', '16'],
  ]) {
    await redis.cli('CONFIG', 'SET', 'slowlog-log-slower-than', '10000');
    await redis.cli('CONFIG', 'SET', 'slowlog-max-len', '128');
    await redis.cli('CONFIG', 'SET', directive, value);
    const fired = only(await resultsOf('LAT-203', [redis.url]), redis.address);
    assert.equal(fired.status, 'fired', `${directive} ${value}`);
    assert.equal(fired.severity, 'notice');
  }
  assert.match(
    only(await resultsOf('LAT-203', [redis.url]), redis.address).message,
    /^slowlog-max-len 16 keeps too few/
  );
  const { fleet } = await analyze([redis.url]);
  assert.equal(only(withParams('LAT-203', { min_entries: '8' }, fleet), redis.address).status, 'passed');
});

test('LAT-204 fires when the real slow log is full and passes once it is emptied', async (t) => {
  const redis = await RedisProcess.start({ config: { 'slowlog-max-len': 32, 'slowlog-log-slower-than': 0 } });
  t.after(() => redis.stop());
  // Every command is "slow" at a 0 us threshold: 40 commands fill the 32 entries.
  for (let i = 0; i < 40; i++) await redis.cli('PING');
  const fired = only(await resultsOf('LAT-204', [redis.url]), redis.address);
  assert.equal(fired.status, 'fired');
  assert.equal(fired.evidence.slowlog_length, 32);
  assert.equal(fired.evidence.slowlog_max_len, 32);
  const { fleet } = await analyze([redis.url]);
  // 32 of 32 is under a full_percent above 100 only.
  assert.equal(only(withParams('LAT-204', { full_percent: '101' }, fleet), redis.address).status, 'passed');

  await redis.cli('CONFIG', 'SET', 'slowlog-log-slower-than', '10000');
  await redis.cli('SLOWLOG', 'RESET');
  assert.equal(only(await resultsOf('LAT-204', [redis.url]), redis.address).status, 'passed');
});
