import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RedisProcess } from '../harness/redis-process.js';
import { analyze, resultsOf, resultsOnSnapshot, statusOn } from '../harness/rule-check.js';
import type { FleetSnapshot } from '../../collect/snapshot.js';

test('LOG-001 is a notice for verbose/debug, a warning in production, and passes at notice with or without labels', async (t) => {
  const redis = await RedisProcess.start();
  t.after(() => redis.stop());
  const production = { labels: { environment: 'production' } };

  assert.equal(statusOn(await resultsOf('LOG-001', [redis.url], production), redis.address), 'passed'); // notice
  assert.equal(statusOn(await resultsOf('LOG-001', [redis.url]), redis.address), 'passed'); // no label needed

  for (const level of ['verbose', 'debug']) {
    await redis.cli('CONFIG', 'SET', 'loglevel', level);
    const results = await resultsOf('LOG-001', [redis.url], production);
    assert.equal(statusOn(results, redis.address), 'fired', level);
    assert.equal(results[0].severity, 'warning');
    assert.deepEqual(results[0].evidence, { loglevel: level, environment: 'production' });
  }

  const staging = await resultsOf('LOG-001', [redis.url], { labels: { environment: 'staging' } });
  assert.equal(statusOn(staging, redis.address), 'fired');
  assert.equal(staging[0].severity, 'notice');
  const unlabelled = await resultsOf('LOG-001', [redis.url]);
  assert.equal(statusOn(unlabelled, redis.address), 'fired');
  assert.equal(unlabelled[0].severity, 'notice');
  assert.deepEqual(unlabelled[0].evidence, { loglevel: 'debug' });
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

test('LOG-002 is a notice when a daemonized server logs to /dev/null or loglevel is nothing (recorded snapshot)', async (t) => {
  // Recorded snapshot: a daemonize yes server forks away from the test harness, which then loses the
  // process, so daemonize is edited into a real snapshot of a server started with an empty logfile. The
  // redis-server here is 7.0, which has no loglevel nothing (7.2+): that value is edited in too.
  const redis = await RedisProcess.start({ config: { logfile: '""' } });
  t.after(() => redis.stop());
  const { fleet } = await analyze([redis.url]);
  assert.equal(fleet.nodes[0].config!.logfile, '');
  const recorded = structuredClone(fleet) as FleetSnapshot;
  recorded.nodes[0].config!.daemonize = true;

  const results = resultsOnSnapshot('LOG-002', recorded);
  assert.equal(statusOn(results, redis.address), 'fired');
  assert.equal(results[0].severity, 'notice');
  assert.match(results[0].message, /writes its log to \/dev\/null/);
  assert.deepEqual(results[0].evidence, {
    loglevel: 'notice',
    daemonize: true,
    logfile: '',
    syslog_enabled: false,
    supervised: 'no',
  });

  // Redis does not fork once it detected systemd: its output reaches the journal.
  const supervised = structuredClone(recorded);
  supervised.nodes[0].config!.supervised = 'systemd';
  (supervised.nodes[0].info as { server: Record<string, unknown> }).server.process_supervised = 'systemd';
  assert.equal(statusOn(resultsOnSnapshot('LOG-002', supervised), redis.address), 'passed');

  recorded.nodes[0].config!['syslog-enabled'] = true; // logs go to syslog instead
  assert.equal(statusOn(resultsOnSnapshot('LOG-002', recorded), redis.address), 'passed');

  recorded.nodes[0].config!.loglevel = 'nothing';
  const silent = resultsOnSnapshot('LOG-002', recorded);
  assert.equal(statusOn(silent, redis.address), 'fired');
  assert.match(silent[0].message, /loglevel is nothing/);
});
