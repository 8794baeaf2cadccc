import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RedisProcess } from '../harness/redis-process.js';
import { analyze, resultsOnSnapshot, statusOn } from '../harness/rule-check.js';
import type { FleetSnapshot } from '../../collect/snapshot.js';

test('PROC-001 passes for a foreground server under systemd or without a supervisor, not_evaluated without the label', async (t) => {
  const redis = await RedisProcess.start();
  t.after(() => redis.stop());
  for (const supervisor of ['systemd', 'upstart', 'none']) {
    const { results } = await analyze([redis.url], { labels: { supervisor } });
    assert.equal(
      statusOn(
        results.filter((r) => r.ruleId === 'PROC-001'),
        redis.address
      ),
      'passed',
      supervisor
    );
  }
  const { results } = await analyze([redis.url]);
  const unlabelled = results.filter((r) => r.ruleId === 'PROC-001');
  assert.equal(statusOn(unlabelled, redis.address), 'not_evaluated');
  assert.match(unlabelled[0].reason ?? '', /label "supervisor" not supplied/);
});

test('PROC-001 fires for daemonize yes under systemd or upstart (recorded snapshot)', async (t) => {
  // Recorded snapshot: a daemonize yes server forks away from the test harness, which
  // then loses the process, so daemonize is edited into a real snapshot.
  const redis = await RedisProcess.start();
  t.after(() => redis.stop());
  const { fleet } = await analyze([redis.url]);
  const recorded = structuredClone(fleet) as FleetSnapshot;
  recorded.nodes[0].config!.daemonize = true;

  for (const supervisor of ['systemd', 'upstart']) {
    const results = resultsOnSnapshot('PROC-001', recorded, { labels: { supervisor } });
    assert.equal(statusOn(results, redis.address), 'fired', supervisor);
    assert.deepEqual(results[0].evidence, { daemonize: true, supervisor });
  }
  assert.equal(
    statusOn(resultsOnSnapshot('PROC-001', recorded, { labels: { supervisor: 'none' } }), redis.address),
    'passed'
  );
  assert.equal(statusOn(resultsOnSnapshot('PROC-001', recorded), redis.address), 'not_evaluated');
});

test('PROC-002 fires for supervised no (or another supervisor) under systemd/upstart and passes when it matches', async (t) => {
  const [unsupervised, systemd] = await Promise.all([
    RedisProcess.start(), // supervised no (the default)
    // Without NOTIFY_SOCKET Redis only logs that it cannot notify systemd, and runs.
    RedisProcess.start({ config: { supervised: 'systemd' } }),
  ]);
  t.after(() => Promise.all([unsupervised.stop(), systemd.stop()]));
  const urls = [unsupervised.url, systemd.url];
  const statuses = async (labels?: Record<string, string>) => {
    const { results } = await analyze(urls, labels ? { labels } : {});
    const mine = results.filter((r) => r.ruleId === 'PROC-002');
    return { mine, unsupervised: statusOn(mine, unsupervised.address), systemd: statusOn(mine, systemd.address) };
  };

  const underSystemd = await statuses({ supervisor: 'systemd' });
  assert.equal(underSystemd.unsupervised, 'fired');
  assert.deepEqual(underSystemd.mine.find((r) => r.target === unsupervised.address)!.evidence, {
    supervised: 'no',
    supervisor: 'systemd',
  });
  assert.equal(underSystemd.systemd, 'passed');

  const underUpstart = await statuses({ supervisor: 'upstart' });
  assert.equal(underUpstart.unsupervised, 'fired');
  assert.equal(underUpstart.systemd, 'fired'); // told to talk to the wrong supervisor

  const none = await statuses({ supervisor: 'none' });
  assert.deepEqual([none.unsupervised, none.systemd], ['passed', 'passed']);

  const unlabelled = await statuses();
  assert.deepEqual([unlabelled.unsupervised, unlabelled.systemd], ['not_evaluated', 'not_evaluated']);
});
