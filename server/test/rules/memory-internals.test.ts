/**
 * MEMORY STATS, LATENCY HISTOGRAM and the doctors on a real redis-server; MEM-205 and MEM-206 in states the
 * test builds through its own client (fragmentation from deleted keys, a fork after the dataset grew).
 * Thresholds are lowered with rule parameters, as an operator would, so the test stays small and fast.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Redis } from 'ioredis';
import { RedisProcess, waitFor } from '../harness/redis-process.js';
import { analyze, builtinCatalog } from '../harness/rule-check.js';
import { withOverrides } from '../../rules/catalog-overrides.js';
import { evaluateCatalog } from '../../rules/evaluator.js';
import type { FleetSnapshot } from '../../collect/snapshot.js';

const FILL = "for i = 1, 200000 do redis.call('set', 'k' .. i, string.rep('x', 200)) end return 1";
const THIN = "for i = 1, 200000 do if i % 5 ~= 0 then redis.call('del', 'k' .. i) end end return 1";

function evaluate(id: string, params: Record<string, number>, fleet: FleetSnapshot, previous?: FleetSnapshot) {
  const catalog = withOverrides(builtinCatalog(), [{ tenantId: 't', ruleId: id, enabled: true, params }]);
  const mine = evaluateCatalog(catalog, { fleet, previous }).filter((r) => r.ruleId === id);
  assert.equal(mine.length, 1);
  return mine[0];
}

async function bgsave(client: Redis): Promise<void> {
  const before = Number(/total_forks:(\d+)/.exec(await client.info('stats'))![1]);
  await client.bgsave();
  await waitFor('the BGSAVE to finish', async () => {
    const info = (await client.info('stats')) + (await client.info('persistence'));
    const forks = Number(/total_forks:(\d+)/.exec(info)![1]);
    return forks > before && /rdb_bgsave_in_progress:0/.test(info) ? true : undefined;
  });
}

test('memory and latency internals are collected; MEM-205 and MEM-206 fire in the states that cause them', async (t) => {
  const redis = await RedisProcess.start();
  t.after(() => redis.stop());
  const client = new Redis({ host: '127.0.0.1', port: redis.port, lazyConnect: true, enableReadyCheck: false });
  await client.connect();
  t.after(() => client.disconnect());

  await bgsave(client);
  const first = await analyze([redis.url]);
  const node = first.fleet.nodes[0];
  assert.deepEqual(node.failures, {});
  assert.equal(typeof node.memoryStats?.['allocator-fragmentation.ratio'], 'number');
  assert.ok(node.memoryStats!['overhead.total'] > 0);
  assert.ok((node.latencyHistogram?.['info']?.calls ?? 0) >= 1, "RedisLens's own INFO is in the histogram (7.0+)");
  assert.ok(node.latencyHistogram!['info'].p99_usec >= node.latencyHistogram!['info'].p50_usec);
  assert.match(node.doctor?.memory ?? '', /\w/);
  assert.match(node.doctor?.latency ?? '', /latency/i);

  // Fragmentation: many small keys, four in five deleted, leave jemalloc's pages partly used.
  await client.eval(FILL, 0);
  await client.eval(THIN, 0);
  await bgsave(client);
  const second = await analyze([redis.url], { previous: first.fleet });
  const stats = second.fleet.nodes[0].memoryStats!;
  assert.ok(
    stats['allocator-fragmentation.bytes'] > 10_000_000,
    `fragmented: ${stats['allocator-fragmentation.bytes']}`
  );
  const fragmented = evaluate('MEM-205', { min_bytes: 10_000_000 }, second.fleet);
  assert.equal(fragmented.status, 'fired', JSON.stringify(stats));
  assert.match(fragmented.message, /activedefrag is off/);
  assert.equal(typeof fragmented.evidence.memory_doctor, 'string');
  assert.equal(second.results.find((r) => r.ruleId === 'MEM-205')?.status, 'passed', 'below the 64 MB default');

  // Fork time: at this test's scale (tens of MB) a fork is dominated by fixed costs and noise, so its growth
  // cannot be produced reliably; the real snapshots are used with the previous fork time edited to a third
  // (a recorded case). The real pair still proves the rule sees a fork happened and passes under 100 ms.
  assert.equal(second.results.find((r) => r.ruleId === 'MEM-206')?.status, 'passed', 'far below 100 ms');
  const now = Number(second.fleet.nodes[0].info!.stats.latest_fork_usec);
  const recorded = structuredClone(first.fleet);
  recorded.nodes[0].info!.stats.latest_fork_usec = Math.max(1, Math.floor(now / 3));
  const grown = evaluate('MEM-206', { min_fork_usec: 0 }, second.fleet, recorded);
  assert.equal(grown.status, 'fired', grown.message);
  assert.equal(grown.severity, 'notice', 'a trend; PERSIST-108 judges the pause itself');
  assert.equal(grown.evidence.latest_fork_usec, now);
  assert.match(grown.message, /^the latest fork took [\d.]+ ms, [\d.]+x the [\d.]+ ms of the previous snapshot/);
  // No fork since the previous snapshot: nothing to compare.
  const third = await analyze([redis.url], { previous: second.fleet });
  assert.equal(evaluate('MEM-206', { min_fork_usec: 0 }, third.fleet, second.fleet).status, 'passed');
});
