/**
 * Issue 18's trust bar: none of the peer-parity rules may fire on a hardened setup (password, private
 * bind, maxmemory with a fitting policy, AOF everysec, an RDB schedule, timeouts, the latency monitor on,
 * dangerous commands renamed), with or without history, under the labels such a setup would carry.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { RedisProcess, waitFor, type Directives } from '../harness/redis-process.js';
import { settle } from '../harness/settle.js';
import { analyze } from '../harness/rule-check.js';
import { BUILTIN_RULES_DIR } from '../../rules/catalog-loader.js';
import type { Labels } from '../../rules/evaluation-context.js';

/** The rule files issue 18 added. */
const PARITY_RULE_FILES = [
  'latency.yaml',
  'replication-health.yaml',
  'sentinel-views.yaml',
  'keyspace.yaml',
  'server-state.yaml',
  'persistence-health.yaml',
  'scripting.yaml',
  'client-health.yaml',
  'memory-policy.yaml',
  'cluster-balance.yaml',
];

const parityRuleIds = new Set(
  PARITY_RULE_FILES.flatMap((file) =>
    (parse(readFileSync(join(BUILTIN_RULES_DIR, file), 'utf8')) as { rules: { id: string }[] }).rules.map((r) => r.id)
  )
);

const PASSWORD = 'hardened-0f7c2e9a41b84d6c9e35a1f0b2c47d88';

function hardened(extra: Directives = {}): Directives {
  return {
    requirepass: PASSWORD,
    masterauth: PASSWORD,
    'protected-mode': 'yes',
    maxmemory: '64mb',
    appendonly: 'yes',
    appendfsync: 'everysec',
    save: '3600 1 300 100 60 10000',
    timeout: 300,
    'tcp-keepalive': 300,
    'latency-monitor-threshold': 100,
    'rename-command': ['FLUSHALL ""', 'FLUSHDB ""', 'KEYS ""'],
    ...extra,
  };
}

async function start(config: Directives): Promise<RedisProcess> {
  return RedisProcess.start({ config, adminPassword: PASSWORD });
}

async function online(master: RedisProcess, replicas: number): Promise<void> {
  await waitFor('replicas online', async () =>
    ((await master.cli('INFO', 'replication')).match(/state=online/g) ?? []).length === replicas ? true : undefined
  );
}

/** Two analyses (the second with history) of the URL; every parity rule that fired, with where. */
async function parityFindings(url: string, labels: Labels): Promise<string[]> {
  const first = await analyze([url], { labels });
  const second = await analyze([url], { labels, previous: first.fleet });
  for (const a of [first, second]) {
    // The setup really is analysed: every node answered.
    assert.ok(
      a.fleet.nodes.every((n) => n.reachable),
      JSON.stringify(a.fleet.nodes.map((n) => [n.address, n.error]))
    );
  }
  const evaluated = second.results.filter((r) => parityRuleIds.has(r.ruleId) && r.status !== 'not_evaluated');
  assert.ok(evaluated.length > 20, `parity rules were evaluated (${evaluated.length})`);
  return [...first.results, ...second.results]
    .filter((r) => parityRuleIds.has(r.ruleId) && r.status === 'fired')
    .map((r) => `${r.ruleId} on ${r.target}: ${r.message}`);
}

test('no parity rule fires on a hardened cache with a replica', async (t) => {
  const master = await start(hardened({ 'maxmemory-policy': 'allkeys-lru' }));
  t.after(() => master.stop());
  const replica = await start(hardened({ 'maxmemory-policy': 'allkeys-lru', replicaof: `127.0.0.1 ${master.port}` }));
  t.after(() => replica.stop());
  await online(master, 1);
  // A cache's data: entries with TTLs.
  await master.cli('EVAL', "for i = 1, 2000 do redis.call('SET', 'cache:' .. i, 'v', 'EX', 3600) end return 1", 0);
  await settle([master, replica]);
  const fired = await parityFindings(`redis://:${PASSWORD}@${master.address}`, {
    environment: 'production',
    workload: 'cache',
    evictions_expected: 'yes',
    shared_host: 'no',
    expected_replicas: '1',
    [`${master.address}/expected_role`]: 'master',
    [`${replica.address}/expected_role`]: 'replica',
  });
  assert.deepEqual(fired, []);
});

test('no parity rule fires on a hardened standalone datastore', async (t) => {
  const redis = await start(hardened({ 'maxmemory-policy': 'noeviction' }));
  t.after(() => redis.stop());
  await redis.cli('EVAL', "for i = 1, 500 do redis.call('HSET', 'order:' .. i, 'state', 'new') end return 1", 0);
  await settle([redis]);
  const fired = await parityFindings(`redis://:${PASSWORD}@${redis.address}`, {
    environment: 'production',
    workload: 'datastore',
    persistence_required: 'yes',
  });
  assert.deepEqual(fired, []);
});

test('no parity rule fires on a hardened Sentinel set', async (t) => {
  const master = await start(hardened({ 'maxmemory-policy': 'noeviction' }));
  t.after(() => master.stop());
  const replicas = await Promise.all(
    [1, 2].map(() => start(hardened({ 'maxmemory-policy': 'noeviction', replicaof: `127.0.0.1 ${master.port}` })))
  );
  t.after(() => Promise.all(replicas.map((r) => r.stop())));
  await online(master, 2);
  const sentinels = await Promise.all(
    [1, 2, 3].map(() =>
      RedisProcess.start({
        kind: 'sentinel',
        adminPassword: PASSWORD,
        config: {
          requirepass: PASSWORD,
          sentinel: [
            `monitor ledger 127.0.0.1 ${master.port} 2`,
            `auth-pass ledger ${PASSWORD}`,
            `sentinel-pass ${PASSWORD}`,
            'down-after-milliseconds ledger 5000',
            'failover-timeout ledger 180000',
          ],
        },
      })
    )
  );
  t.after(() => Promise.all(sentinels.map((s) => s.stop())));
  await waitFor(
    'sentinels to see each other and both replicas',
    async () => {
      for (const s of sentinels) {
        const fields = (await s.cli('SENTINEL', 'MASTER', 'ledger')).split('\n');
        const value = (k: string) => fields[fields.indexOf(k) + 1];
        if (Number(value('num-other-sentinels')) !== 2 || Number(value('num-slaves')) !== 2) return undefined;
        const replicaFlags = (await s.cli('SENTINEL', 'REPLICAS', 'ledger'))
          .split('\n')
          .filter((_, i, all) => all[i - 1] === 'flags');
        if (replicaFlags.some((f) => f !== 'slave')) return undefined;
      }
      return true;
    },
    60000
  );
  await settle([master, ...replicas]);
  const fired = await parityFindings(`redis-sentinel://:${PASSWORD}@${sentinels[0].address}/ledger`, {
    environment: 'production',
    workload: 'datastore',
    expected_replicas: '2',
  });
  assert.deepEqual(fired, []);
});
