import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RedisProcess, waitFor } from '../harness/redis-process.js';
import { startSentinelSet } from '../harness/topologies.js';
import { analyze, resultsOnSnapshot } from '../harness/rule-check.js';
import type { RuleResult } from '../../rules/results.js';
import { BUILTIN_RULES_DIR, loadCatalog } from '../../rules/catalog-loader.js';
import { evaluateCatalog } from '../../rules/evaluator.js';

function only(results: RuleResult[], target: string): RuleResult {
  const mine = results.filter((r) => r.target === target);
  assert.equal(mine.length, 1, `one result on ${target}`);
  return mine[0];
}

const ofRule = (id: string, results: RuleResult[]) => results.filter((r) => r.ruleId === id);

/** The flags every Sentinel of the set reports for one replica. */
async function replicaFlags(sentinels: RedisProcess[], masterName: string, address: string): Promise<string[][]> {
  const port = address.slice(address.lastIndexOf(':') + 1);
  return Promise.all(
    sentinels.map(async (s) => {
      const lines = (await s.cli('SENTINEL', 'REPLICAS', masterName)).split('\n');
      for (let i = 0; i < lines.length; i++) {
        if (lines[i] === 'port' && lines[i + 1] === port) {
          const at = lines.indexOf('flags', i);
          return lines[at + 1].split(',');
        }
      }
      return [];
    })
  );
}

test("SENTINEL-201/202: Sentinel's view of replicas, agreeing and disagreeing with RedisLens's reachability", async (t) => {
  const set = await startSentinelSet({ replicas: 1 });
  t.after(() => set.stop());
  const healthy = await analyze([set.sentinelUrl]);
  assert.equal(only(ofRule('SENTINEL-201', healthy.results), set.masterName).status, 'passed');
  assert.equal(only(ofRule('SENTINEL-202', healthy.results), set.masterName).status, 'passed');

  // A replica that requires a password Sentinel does not have: Sentinel learns of it from the master's INFO,
  // its PINGs are refused (NOAUTH) and after down-after-milliseconds it flags the replica s_down. RedisLens,
  // given the password, analyses it fine.
  const password = 'replica-only-password-0123456789abcdef';
  const locked = await RedisProcess.start({
    config: { replicaof: `127.0.0.1 ${set.master.port}`, requirepass: password },
    adminPassword: password,
  });
  t.after(() => locked.stop());
  await waitFor(
    'every Sentinel to flag the locked replica s_down',
    async () => {
      const flags = await replicaFlags(set.sentinels, set.masterName, locked.address);
      return flags.every((f) => f.includes('s_down')) ? true : undefined;
    },
    60000
  );
  const url = set.sentinelUrl.replace('redis-sentinel://', `redis-sentinel://:${password}@`);
  const split = await analyze([url]);
  assert.ok(split.fleet.nodes.find((n) => n.address === locked.address)?.reachable, 'RedisLens reaches it');
  const flagged = only(ofRule('SENTINEL-201', split.results), set.masterName);
  assert.equal(flagged.status, 'fired');
  assert.equal(flagged.severity, 'warning');
  assert.match(flagged.message, new RegExp(`${locked.address} [a-z_,]*s_down`));
  const disagreement = only(ofRule('SENTINEL-202', split.results), set.masterName);
  assert.equal(disagreement.status, 'fired');
  assert.equal(disagreement.severity, 'warning');
  assert.match(disagreement.message, new RegExp(`${locked.address} answers RedisLens but a Sentinel flags it down`));

  // The first replica dies: Sentinel and RedisLens agree it is down, which is no disagreement (TOPO-001 and
  // SENTINEL-201 report it).
  const [dead] = set.replicas;
  await dead.stop();
  await waitFor(
    'Sentinel to flag the dead replica',
    async () => {
      const flags = await replicaFlags(set.sentinels, set.masterName, dead.address);
      return flags.every((f) => f.includes('s_down')) ? true : undefined;
    },
    60000
  );
  const both = await analyze([url]);
  const stillSplit = only(ofRule('SENTINEL-202', both.results), set.masterName);
  assert.equal(stillSplit.status, 'fired');
  assert.ok(!stillSplit.message.includes(dead.address), stillSplit.message);
  assert.match(only(ofRule('SENTINEL-201', both.results), set.masterName).message, new RegExp(dead.address));

  // Recorded, the other way round: RedisLens cannot reach a replica that Sentinel sees up (a real state needs
  // the analysis to land inside Sentinel's down-after window, which is a race).
  const unreachable = structuredClone(healthy.fleet);
  const replica = unreachable.nodes.find((n) => n.address === set.replicas[0].address)!;
  Object.assign(replica, { reachable: false, info: undefined, config: undefined, role: 'unknown' });
  const blind = only(resultsOnSnapshot('SENTINEL-202', unreachable), set.masterName);
  assert.equal(blind.status, 'fired');
  assert.match(blind.message, /does not answer RedisLens but Sentinel sees it up/);
});

test('SENTINEL-203 passes on usual failover timeouts and fires on a Sentinel with a 5 s one', async (t) => {
  const set = await startSentinelSet({ replicas: 1 });
  t.after(() => set.stop());
  const usual = await analyze([set.sentinelUrl]);
  for (const s of set.sentinels) assert.equal(only(ofRule('SENTINEL-203', usual.results), s.address).status, 'passed');

  await set.sentinels[0].cli('SENTINEL', 'SET', set.masterName, 'failover-timeout', 5000);
  const { fleet, results } = await analyze([set.sentinelUrl]);
  const fired = only(ofRule('SENTINEL-203', results), set.sentinels[0].address);
  assert.equal(fired.status, 'fired');
  assert.equal(fired.severity, 'notice');
  assert.match(fired.message, /mymaster 5000 ms/);
  assert.equal(only(ofRule('SENTINEL-203', results), set.sentinels[1].address).status, 'passed');
  assert.equal(
    only(
      resultsOnSnapshot('SENTINEL-203', fleet, { labels: { failover_timeout_min_ms: '1000' } }),
      set.sentinels[0].address
    ).status,
    'passed'
  );
  // The bounds are params (the labels above override them per target): min_ms 1000 accepts 5 s as well.
  const lenient = loadCatalog({ dirs: [BUILTIN_RULES_DIR], params: { 'SENTINEL-203': { min_ms: '1000' } } });
  const byParams = evaluateCatalog(lenient, { fleet }).filter((r) => r.ruleId === 'SENTINEL-203');
  assert.equal(only(byParams, set.sentinels[0].address).status, 'passed');
  assert.match(fired.message, /is outside 10000 to 900000 ms$/);
});

test('the Sentinel view rules do not apply to a server no Sentinel watches', async (t) => {
  const redis = await RedisProcess.start();
  t.after(() => redis.stop());
  const { results } = await analyze([redis.url]);
  for (const id of ['SENTINEL-201', 'SENTINEL-202', 'REPL-204']) assert.equal(ofRule(id, results).length, 0, id);
});
