import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RedisProcess } from '../harness/redis-process.js';
import { analyze, resultsOf, resultsOnSnapshot, statusOn } from '../harness/rule-check.js';
import type { FleetSnapshot } from '../../collect/snapshot.js';

test('LOG-001 fires for verbose/debug on production, passes elsewhere or at notice, not_evaluated without the label', async (t) => {
  const redis = await RedisProcess.start();
  t.after(() => redis.stop());
  const production = { labels: { environment: 'production' } };

  assert.equal(statusOn(await resultsOf('LOG-001', [redis.url], production), redis.address), 'passed'); // notice

  for (const level of ['verbose', 'debug']) {
    await redis.cli('CONFIG', 'SET', 'loglevel', level);
    const results = await resultsOf('LOG-001', [redis.url], production);
    assert.equal(statusOn(results, redis.address), 'fired', level);
    assert.deepEqual(results[0].evidence, { loglevel: level, environment: 'production' });
  }

  assert.equal(
    statusOn(await resultsOf('LOG-001', [redis.url], { labels: { environment: 'staging' } }), redis.address),
    'passed'
  );
  const unlabelled = await resultsOf('LOG-001', [redis.url]);
  assert.equal(statusOn(unlabelled, redis.address), 'not_evaluated');
  assert.match(unlabelled[0].reason ?? '', /label "environment" not supplied/);
});

test('LOG-002 passes on real servers that log to a file or run in the foreground', async (t) => {
  const [withFile, foreground] = await Promise.all([
    RedisProcess.start(), // the harness always sets a logfile
    RedisProcess.start({ config: { logfile: '""' } }), // logs to stdout, not daemonized
  ]);
  t.after(() => Promise.all([withFile.stop(), foreground.stop()]));
  const { results } = await analyze([withFile.url, foreground.url]);
  const mine = results.filter((r) => r.ruleId === 'LOG-002');
  assert.equal(statusOn(mine, withFile.address), 'passed');
  assert.equal(statusOn(mine, foreground.address), 'passed');
});

test('LOG-002 fires when daemonized with an empty logfile (recorded snapshot)', async (t) => {
  // Recorded snapshot: a daemonize yes server forks away from the test harness, which
  // then loses the process, so daemonize is edited into a real snapshot of a server
  // started with an empty logfile.
  const redis = await RedisProcess.start({ config: { logfile: '""' } });
  t.after(() => redis.stop());
  const { fleet } = await analyze([redis.url]);
  assert.equal(fleet.nodes[0].config!.logfile, '');
  const recorded = structuredClone(fleet) as FleetSnapshot;
  recorded.nodes[0].config!.daemonize = true;

  const results = resultsOnSnapshot('LOG-002', recorded);
  assert.equal(statusOn(results, redis.address), 'fired');
  assert.deepEqual(results[0].evidence, { daemonize: true, logfile: '', syslog_enabled: false });

  recorded.nodes[0].config!['syslog-enabled'] = true; // logs go to syslog instead
  assert.equal(statusOn(resultsOnSnapshot('LOG-002', recorded), redis.address), 'passed');
});
