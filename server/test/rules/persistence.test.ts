import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RedisProcess, waitFor } from '../harness/redis-process.js';
import { startReplicationGroup } from '../harness/topologies.js';
import { analyze, resultsOf, resultsOnSnapshot, statusOn } from '../harness/rule-check.js';
import type { RuleResult } from '../../rules/results.js';

function only(results: RuleResult[], target: string): RuleResult {
  const mine = results.filter((r) => r.target === target);
  assert.equal(mine.length, 1, `one result on ${target}`);
  return mine[0];
}

async function infoValue(redis: RedisProcess, section: string, field: string): Promise<string> {
  const match = new RegExp(`^${field}:(\\S+)`, 'm').exec(await redis.cli('INFO', section));
  assert.ok(match, `INFO ${section} has ${field}`);
  return match[1];
}

/** A data directory owned by the test (not the harness's), so the test can delete it under a running Redis. */
function dataDir(t: { after: (fn: () => void) => void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'redislens-persist-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

test('AOF-001 warns when aof-load-truncated is no with an AOF, is a notice without one, passes when yes', async (t) => {
  const redis = await RedisProcess.start({ config: { 'aof-load-truncated': 'no', appendonly: 'yes' } });
  t.after(() => redis.stop());
  const fired = only(await resultsOf('AOF-001', [redis.url]), redis.address);
  assert.equal(fired.status, 'fired');
  assert.equal(fired.severity, 'warning');
  assert.equal(fired.evidence.aof_load_truncated, false);
  assert.equal(fired.evidence.appendonly, true);
  // No AOF to load: latent.
  await redis.cli('CONFIG', 'SET', 'appendonly', 'no');
  const latent = only(await resultsOf('AOF-001', [redis.url]), redis.address);
  assert.equal(latent.status, 'fired');
  assert.equal(latent.severity, 'notice');
  await redis.cli('CONFIG', 'SET', 'aof-load-truncated', 'yes');
  assert.equal(statusOn(await resultsOf('AOF-001', [redis.url]), redis.address), 'passed');
});

test('AOF-002 warns when no-appendfsync-on-rewrite is yes on a fsynced AOF, notice otherwise, passes when no', async (t) => {
  const redis = await RedisProcess.start({ config: { 'no-appendfsync-on-rewrite': 'yes', appendonly: 'yes' } });
  t.after(() => redis.stop());
  const fired = only(await resultsOf('AOF-002', [redis.url]), redis.address);
  assert.equal(fired.status, 'fired');
  assert.equal(fired.evidence.appendfsync, 'everysec');
  assert.match(fired.message, /no-appendfsync-on-rewrite is yes/);
  assert.equal(fired.severity, 'warning');
  // appendfsync no never fsyncs anyway: the setting changes nothing today.
  await redis.cli('CONFIG', 'SET', 'appendfsync', 'no');
  assert.equal(only(await resultsOf('AOF-002', [redis.url]), redis.address).severity, 'notice');
  await redis.cli('CONFIG', 'SET', 'no-appendfsync-on-rewrite', 'no');
  assert.equal(statusOn(await resultsOf('AOF-002', [redis.url]), redis.address), 'passed');
});

test('RDB-001 fires when rdbcompression is no and passes when yes', async (t) => {
  const redis = await RedisProcess.start({ config: { rdbcompression: 'no' } });
  t.after(() => redis.stop());
  const fired = only(await resultsOf('RDB-001', [redis.url]), redis.address);
  assert.equal(fired.status, 'fired');
  assert.equal(fired.severity, 'notice');
  await redis.cli('CONFIG', 'SET', 'rdbcompression', 'yes');
  assert.equal(statusOn(await resultsOf('RDB-001', [redis.url]), redis.address), 'passed');
});

test('RDB-002 fires when rdbchecksum is no and passes when yes', async (t) => {
  const redis = await RedisProcess.start({ config: { rdbchecksum: 'no' } });
  t.after(() => redis.stop());
  const fired = only(await resultsOf('RDB-002', [redis.url]), redis.address);
  assert.equal(fired.status, 'fired');
  assert.equal(fired.evidence.rdbchecksum, false);
  // rdbchecksum is immutable at run time (CONFIG SET refuses it): the passing state is a server started with
  // the default.
  await assert.rejects(
    redis.cli('CONFIG', 'SET', 'rdbchecksum', 'yes').then((reply) => assert.doesNotMatch(reply, /ERR/)),
    /immutable/
  );
  const healthy = await RedisProcess.start();
  t.after(() => healthy.stop());
  assert.equal(statusOn(await resultsOf('RDB-002', [healthy.url]), healthy.address), 'passed');
});

test('PERSIST-101 fires on a diskless master with replicas, passes once it persists or has no replica', async (t) => {
  // The harness starts every redis-server with save "" and appendonly no.
  const group = await startReplicationGroup({ replicas: 2, master: { 'repl-diskless-sync-delay': 0 } });
  t.after(() => group.stop());
  const results = await resultsOf('PERSIST-101', [group.master.url]);
  const fired = only(results, group.master.address);
  assert.equal(fired.status, 'fired');
  assert.equal(fired.severity, 'warning');
  assert.deepEqual([...(fired.evidence.replicas as string[])].sort(), group.replicas.map((r) => r.address).sort());
  assert.match(fired.message, /2 replica/);
  // master scope: the replicas get no result of their own.
  for (const replica of group.replicas) assert.equal(statusOn(results, replica.address), 'absent');

  await group.master.cli('CONFIG', 'SET', 'save', '3600 1');
  assert.equal(statusOn(await resultsOf('PERSIST-101', [group.master.url]), group.master.address), 'passed');
  await group.master.cli('CONFIG', 'SET', 'save', '');
  await group.master.cli('CONFIG', 'SET', 'appendonly', 'yes');
  assert.equal(statusOn(await resultsOf('PERSIST-101', [group.master.url]), group.master.address), 'passed');

  // A diskless master with no replica loses only its own data: not this rule.
  const standalone = await RedisProcess.start();
  t.after(() => standalone.stop());
  assert.equal(statusOn(await resultsOf('PERSIST-101', [standalone.url]), standalone.address), 'passed');
});

test('PERSIST-102 and PERSIST-103 fire after a real failed BGSAVE / BGREWRITEAOF (critical once writes are refused) and pass once they succeed', async (t) => {
  // A real failure as root: the data directory is deleted under the running server, so the save
  // child cannot create temp-<pid>.rdb and the rewrite cannot create appendonlydir (ENOENT).
  const dir = dataDir(t);
  const redis = await RedisProcess.start({ config: { dir, appendonly: 'yes', 'enable-protected-configs': 'yes' } });
  t.after(() => redis.stop());
  const before = await analyze([redis.url]);
  for (const id of ['PERSIST-102', 'PERSIST-103']) {
    assert.equal(
      statusOn(
        before.results.filter((r) => r.ruleId === id),
        redis.address
      ),
      'passed',
      id
    );
  }

  rmSync(dir, { recursive: true, force: true });
  await redis.cli('SET', 'k', 'v');
  await redis.cli('BGSAVE');
  await waitFor('BGSAVE to fail', async () =>
    (await infoValue(redis, 'persistence', 'rdb_last_bgsave_status')) === 'err' ? true : undefined
  );
  await redis.cli('BGREWRITEAOF');
  await waitFor('BGREWRITEAOF to fail', async () =>
    (await infoValue(redis, 'persistence', 'aof_last_bgrewrite_status')) === 'err' ? true : undefined
  );

  const failed = await analyze([redis.url]);
  const save = only(
    failed.results.filter((r) => r.ruleId === 'PERSIST-102'),
    redis.address
  );
  assert.equal(save.status, 'fired');
  // A manual BGSAVE without save points: Redis still accepts writes, the snapshot is only older than believed.
  assert.equal(save.severity, 'warning');
  assert.equal(save.evidence.writes_refused, false);
  assert.equal(save.evidence.rdb_last_bgsave_status, 'err');
  assert.ok((save.evidence.rdb_changes_since_last_save as number) >= 1);
  await redis.cli('SET', 'k2', 'v');
  // With save points (and stop-writes-on-bgsave-error yes, the default) the same failure refuses writes.
  await redis.cli('CONFIG', 'SET', 'save', '3600 1000000');
  await assert.rejects(
    redis.cli('SET', 'k3', 'v').then((reply) => assert.doesNotMatch(reply, /MISCONF/)),
    /MISCONF/
  );
  const refusing = only(await resultsOf('PERSIST-102', [redis.url]), redis.address);
  assert.equal(refusing.severity, 'critical');
  assert.match(refusing.message, /Redis refuses writes until a save succeeds$/);
  await redis.cli('CONFIG', 'SET', 'save', '');
  const rewrite = only(
    failed.results.filter((r) => r.ruleId === 'PERSIST-103'),
    redis.address
  );
  assert.equal(rewrite.status, 'fired');
  assert.equal(rewrite.severity, 'warning', 'appends to the AOF go on: nothing lost yet');
  assert.equal(rewrite.evidence.aof_last_bgrewrite_status, 'err');
  assert.equal(rewrite.evidence.aof_enabled, 1);

  // The operator restores the directory and saves again.
  mkdirSync(dir);
  await redis.cli('CONFIG', 'SET', 'dir', dir);
  await redis.cli('BGSAVE');
  await waitFor('BGSAVE to succeed', async () =>
    (await infoValue(redis, 'persistence', 'rdb_last_bgsave_status')) === 'ok' ? true : undefined
  );
  await waitFor('AOF rewrite to succeed', async () => {
    if ((await infoValue(redis, 'persistence', 'aof_last_bgrewrite_status')) === 'ok') return true;
    await redis.cli('BGREWRITEAOF').catch(() => undefined);
    return undefined;
  });
  const fixed = await analyze([redis.url]);
  for (const id of ['PERSIST-102', 'PERSIST-103']) {
    assert.equal(
      statusOn(
        fixed.results.filter((r) => r.ruleId === id),
        redis.address
      ),
      'passed',
      id
    );
  }
});

test('PERSIST-104 fires after a real AOF write failure (ENOSPC) and passes before it', async (t) => {
  // A real disk-full write error as root: the AOF incremental file Redis appends to is /dev/full,
  // which answers every write() with ENOSPC.
  const dir = dataDir(t);
  mkdirSync(join(dir, 'appendonlydir'));
  writeFileSync(join(dir, 'appendonlydir', 'appendonly.aof.manifest'), 'file appendonly.aof.1.incr.aof seq 1 type i\n');
  symlinkSync('/dev/full', join(dir, 'appendonlydir', 'appendonly.aof.1.incr.aof'));
  const redis = await RedisProcess.start({ config: { dir, appendonly: 'yes' } });
  t.after(() => redis.stop());
  // Nothing written yet: the AOF is healthy as far as Redis knows.
  assert.equal(statusOn(await resultsOf('PERSIST-104', [redis.url]), redis.address), 'passed');

  await redis.cli('SET', 'k', 'v');
  await waitFor('the AOF write to fail', async () =>
    (await infoValue(redis, 'persistence', 'aof_last_write_status')) === 'err' ? true : undefined
  );
  await assert.rejects(
    redis.cli('SET', 'k2', 'v').then((reply) => assert.doesNotMatch(reply, /MISCONF/)),
    /MISCONF/
  );
  const fired = only(await resultsOf('PERSIST-104', [redis.url]), redis.address);
  assert.equal(fired.status, 'fired');
  assert.equal(fired.severity, 'critical');
  assert.equal(fired.evidence.aof_last_write_status, 'err');
});

test('PERSIST-105 fires for appendfsync no on a datastore, passes otherwise, needs the workload label', async (t) => {
  const redis = await RedisProcess.start({ config: { appendonly: 'yes', appendfsync: 'no' } });
  t.after(() => redis.stop());
  const fired = only(await resultsOf('PERSIST-105', [redis.url], { labels: { workload: 'datastore' } }), redis.address);
  assert.equal(fired.status, 'fired');
  assert.equal(fired.severity, 'warning');
  assert.equal(fired.evidence.appendfsync, 'no');

  // The same real snapshot under other labels.
  const { fleet } = await analyze([redis.url]);
  assert.equal(
    statusOn(resultsOnSnapshot('PERSIST-105', fleet, { labels: { workload: 'cache' } }), redis.address),
    'passed'
  );
  const unlabelled = only(resultsOnSnapshot('PERSIST-105', fleet), redis.address);
  assert.equal(unlabelled.status, 'not_evaluated');
  assert.match(unlabelled.reason!, /label "workload" not supplied/);

  await redis.cli('CONFIG', 'SET', 'appendfsync', 'everysec');
  assert.equal(
    statusOn(await resultsOf('PERSIST-105', [redis.url], { labels: { workload: 'datastore' } }), redis.address),
    'passed'
  );
});

test('PERSIST-106 fires for appendfsync always and passes for everysec', async (t) => {
  const redis = await RedisProcess.start({ config: { appendonly: 'yes', appendfsync: 'always' } });
  t.after(() => redis.stop());
  const fired = only(await resultsOf('PERSIST-106', [redis.url]), redis.address);
  assert.equal(fired.status, 'fired');
  assert.equal(fired.severity, 'notice');
  await redis.cli('CONFIG', 'SET', 'appendfsync', 'everysec');
  assert.equal(statusOn(await resultsOf('PERSIST-106', [redis.url]), redis.address), 'passed');
});

test('PERSIST-107 fires when a save point is due but no snapshot was taken, passes below the thresholds and when saved', async (t) => {
  const dir = dataDir(t);
  const redis = await RedisProcess.start({ config: { dir, save: '3600 1', 'enable-protected-configs': 'yes' } });
  t.after(() => redis.stop());
  // A pending change, but the last save (start-up) is seconds old: within the interval.
  await redis.cli('SET', 'k', 'v');
  assert.equal(statusOn(await resultsOf('PERSIST-107', [redis.url]), redis.address), 'passed');

  // Real overdue state without waiting an hour: a 1 s save point whose saves fail (the data directory
  // is deleted under the running server), so the last successful save falls behind within 2 s.
  // Seconds passed but the change threshold is not reached: the configuration working as written.
  await redis.cli('CONFIG', 'SET', 'save', '1 1000');
  await waitFor('the last save to be older than 1 s', async () =>
    Number(/server_time_usec:(\d+)/.exec(await redis.cli('INFO', 'server'))![1]) / 1e6 -
      Number(await infoValue(redis, 'persistence', 'rdb_last_save_time')) >
    2
      ? true
      : undefined
  );
  assert.equal(statusOn(await resultsOf('PERSIST-107', [redis.url]), redis.address), 'passed');

  rmSync(dir, { recursive: true, force: true });
  await redis.cli('CONFIG', 'SET', 'save', '1 1');
  await waitFor('the 1 s save point to trigger a failing BGSAVE', async () =>
    (await infoValue(redis, 'persistence', 'rdb_last_bgsave_status')) === 'err' ? true : undefined
  );
  const fired = await waitFor('the last save to be older than 1 s', async () => {
    const r = only(await resultsOf('PERSIST-107', [redis.url]), redis.address);
    return r.status === 'fired' ? r : undefined;
  });
  assert.equal(fired.severity, 'warning');
  assert.ok((fired.evidence.seconds_since_last_save as number) > 1);
  assert.equal(fired.evidence.rdb_changes_since_last_save, 1);
  assert.equal(fired.evidence.rdb_last_bgsave_status, 'err');
  assert.equal(fired.evidence.due_save_points, '1 1');
  assert.match(fired.message, /1 changes are pending, so save point\(s\) 1 1 are due/);

  mkdirSync(dir);
  await redis.cli('CONFIG', 'SET', 'dir', dir);
  await redis.cli('BGSAVE');
  await waitFor('BGSAVE to succeed', async () =>
    (await infoValue(redis, 'persistence', 'rdb_last_bgsave_status')) === 'ok' ? true : undefined
  );
  assert.equal(statusOn(await resultsOf('PERSIST-107', [redis.url]), redis.address), 'passed');
});

test('PERSIST-108 fires when the latest fork took over 500 ms (recorded) and passes on a real fork', async (t) => {
  const redis = await RedisProcess.start();
  t.after(() => redis.stop());
  await redis.cli('SET', 'k', 'v');
  await redis.cli('BGSAVE');
  await waitFor('a real fork', async () =>
    Number(await infoValue(redis, 'stats', 'latest_fork_usec')) > 0 ? true : undefined
  );
  const { fleet, results } = await analyze([redis.url]);
  // A real fork of this small test server takes well under a millisecond.
  assert.equal(
    statusOn(
      results.filter((r) => r.ruleId === 'PERSIST-108'),
      redis.address
    ),
    'passed'
  );

  // Recorded snapshot: a 500 ms fork needs a dataset of tens of GB (or a slow hypervisor), which this
  // machine cannot provide in a test; only latest_fork_usec of the real snapshot is changed.
  const slow = structuredClone(fleet);
  slow.nodes[0].info!.stats.latest_fork_usec = 750_000;
  const fired = only(resultsOnSnapshot('PERSIST-108', slow), redis.address);
  assert.equal(fired.status, 'fired');
  assert.equal(fired.evidence.latest_fork_usec, 750_000);
  assert.match(fired.message, /750 ms/);
  const edge = structuredClone(fleet);
  edge.nodes[0].info!.stats.latest_fork_usec = 500_000;
  assert.equal(statusOn(resultsOnSnapshot('PERSIST-108', edge), redis.address), 'passed');
});
