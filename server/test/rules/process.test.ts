import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RedisProcess } from '../harness/redis-process.js';
import { analyze, resultsOnSnapshot, statusOn } from '../harness/rule-check.js';
import type { FleetSnapshot } from '../../collect/snapshot.js';

test('PROC-001 passes for a foreground server under systemd or without a supervisor, and does not apply without the label', async (t) => {
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
  assert.equal(
    statusOn(
      results.filter((r) => r.ruleId === 'PROC-001'),
      redis.address
    ),
    'absent'
  );
});

test('PROC-001 is a notice for daemonize yes while Redis is not supervised, and passes once it detected its supervisor (recorded snapshot)', async (t) => {
  // Recorded snapshot: a daemonize yes server forks away from the test harness, which then loses the
  // process, and a supervised one needs NOTIFY_SOCKET or UPSTART_JOB from a real supervisor; so daemonize
  // and process_supervised are edited into a real snapshot.
  const redis = await RedisProcess.start();
  t.after(() => redis.stop());
  const { fleet } = await analyze([redis.url]);
  assert.equal((fleet.nodes[0].info as { server: Record<string, unknown> }).server.process_supervised, 'no');
  const recorded = structuredClone(fleet) as FleetSnapshot;
  recorded.nodes[0].config!.daemonize = true;

  for (const supervisor of ['systemd', 'upstart']) {
    const results = resultsOnSnapshot('PROC-001', recorded, { labels: { supervisor } });
    assert.equal(statusOn(results, redis.address), 'fired', supervisor);
    assert.equal(results[0].severity, 'notice');
    assert.deepEqual(results[0].evidence, { daemonize: true, supervised: 'no', process_supervised: 'no', supervisor });
  }
  assert.equal(
    statusOn(resultsOnSnapshot('PROC-001', recorded, { labels: { supervisor: 'none' } }), redis.address),
    'passed'
  );
  assert.equal(statusOn(resultsOnSnapshot('PROC-001', recorded), redis.address), 'absent');

  // Redis ignores daemonize once it found systemd (server.c: background = daemonize && !supervised).
  recorded.nodes[0].config!.supervised = 'systemd';
  (recorded.nodes[0].info as { server: Record<string, unknown> }).server.process_supervised = 'systemd';
  assert.equal(
    statusOn(resultsOnSnapshot('PROC-001', recorded, { labels: { supervisor: 'systemd' } }), redis.address),
    'passed'
  );
});

test('PROC-002 is a notice while Redis does not notify the supervisor the label names', async (t) => {
  const [unsupervised, systemd] = await Promise.all([
    RedisProcess.start(), // supervised no (the default)
    // Without NOTIFY_SOCKET Redis only logs that it cannot notify systemd, and runs: process_supervised:no.
    RedisProcess.start({ config: { supervised: 'systemd' } }),
  ]);
  t.after(() => Promise.all([unsupervised.stop(), systemd.stop()]));
  const urls = [unsupervised.url, systemd.url];
  const run = async (labels?: Record<string, string>) => {
    const { results, fleet } = await analyze(urls, labels ? { labels } : {});
    const mine = results.filter((r) => r.ruleId === 'PROC-002');
    return {
      fleet,
      mine,
      unsupervised: statusOn(mine, unsupervised.address),
      systemd: statusOn(mine, systemd.address),
    };
  };

  const underSystemd = await run({ supervisor: 'systemd' });
  assert.equal(underSystemd.unsupervised, 'fired');
  const finding = underSystemd.mine.find((r) => r.target === unsupervised.address)!;
  assert.equal(finding.severity, 'notice');
  assert.deepEqual(finding.evidence, { supervised: 'no', process_supervised: 'no', supervisor: 'systemd' });
  // supervised systemd, but started without NOTIFY_SOCKET (as by a Type=simple unit): nobody is notified.
  assert.equal(underSystemd.systemd, 'fired');

  const underUpstart = await run({ supervisor: 'upstart' });
  assert.deepEqual([underUpstart.unsupervised, underUpstart.systemd], ['fired', 'fired']);

  const none = await run({ supervisor: 'none' });
  assert.deepEqual([none.unsupervised, none.systemd], ['passed', 'passed']);

  const unlabelled = await run();
  assert.deepEqual([unlabelled.unsupervised, unlabelled.systemd], ['absent', 'absent']);

  // Recorded snapshot: a Redis that found NOTIFY_SOCKET at start needs a real systemd; the field is edited in.
  const recorded = structuredClone(underSystemd.fleet) as FleetSnapshot;
  const node = recorded.nodes.find((n) => n.address === systemd.address)!;
  (node.info as { server: Record<string, unknown> }).server.process_supervised = 'systemd';
  assert.equal(
    statusOn(resultsOnSnapshot('PROC-002', recorded, { labels: { supervisor: 'systemd' } }), systemd.address),
    'passed'
  );
});
