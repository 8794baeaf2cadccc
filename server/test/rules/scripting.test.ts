import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { RedisProcess, waitFor } from '../harness/redis-process.js';
import { analyze, resultsOf, resultsOnSnapshot } from '../harness/rule-check.js';
import type { RuleResult } from '../../rules/results.js';
import { BUILTIN_RULES_DIR, loadCatalog } from '../../rules/catalog-loader.js';
import { evaluateCatalog } from '../../rules/evaluator.js';
import type { FleetSnapshot } from '../../collect/snapshot.js';

/** One rule's results on a snapshot with `--set RULE.param=value` overrides. */
function withParams(ruleId: string, params: Record<string, string>, fleet: FleetSnapshot) {
  const catalog = loadCatalog({ dirs: [BUILTIN_RULES_DIR], params: { [ruleId]: params } });
  return evaluateCatalog(catalog, { fleet }).filter((r) => r.ruleId === ruleId);
}

function only(results: RuleResult[], target: string): RuleResult {
  const mine = results.filter((r) => r.target === target);
  assert.equal(mine.length, 1, `one result on ${target}`);
  return mine[0];
}

const resp = (...args: string[]) =>
  `*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('')}`;

/** What an application generating scripts does: SCRIPT LOAD of `count` distinct bodies, pipelined on one connection. */
function loadScripts(redis: RedisProcess, count: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = connect(redis.port, '127.0.0.1');
    let data = '';
    socket.on('error', reject);
    socket.on('data', (chunk) => {
      data += chunk.toString();
      if (data.endsWith('+PONG\r\n')) {
        socket.destroy();
        resolve();
      }
    });
    const commands = Array.from({ length: count }, (_, i) => resp('SCRIPT', 'LOAD', `return ${i}`));
    socket.write(commands.join('') + resp('PING'));
  });
}

async function cachedScripts(redis: RedisProcess): Promise<number> {
  return Number(/number_of_cached_scripts:(\d+)/.exec(await redis.cli('INFO', 'memory'))![1]);
}

test('SCRIPT-201 passes below the threshold and fires on many really cached scripts', async (t) => {
  const redis = await RedisProcess.start();
  t.after(() => redis.stop());
  await loadScripts(redis, 60);
  await waitFor('60 cached scripts', async () => ((await cachedScripts(redis)) === 60 ? true : undefined));

  const { fleet, results } = await analyze([redis.url]);
  assert.equal(
    only(
      results.filter((r) => r.ruleId === 'SCRIPT-201'),
      redis.address
    ).status,
    'passed'
  );
  const fired = only(
    resultsOnSnapshot('SCRIPT-201', fleet, { labels: { cached_scripts_threshold: '50' } }),
    redis.address
  );
  assert.equal(fired.status, 'fired');
  assert.equal(fired.severity, 'notice');
  assert.equal(fired.evidence.number_of_cached_scripts, 60);
  assert.equal(only(withParams('SCRIPT-201', { max_scripts: '50' }, fleet), redis.address).status, 'fired');

  // Recorded: Redis 7.4 evicts EVAL scripts beyond 500 and counts them (evicted_scripts, INFO stats); only
  // 7.0.15 runs here, so the counter is added to the real snapshot as 7.4 reports it.
  const on74 = structuredClone(fleet);
  on74.nodes[0].info!.stats.evicted_scripts = 1200;
  const evicting = only(resultsOnSnapshot('SCRIPT-201', on74), redis.address);
  assert.equal(evicting.status, 'fired');
  assert.match(evicting.message, /1200 were evicted/);

  await redis.cli('SCRIPT', 'FLUSH');
  assert.equal(
    only(await resultsOf('SCRIPT-201', [redis.url], { labels: { cached_scripts_threshold: '50' } }), redis.address)
      .status,
    'passed'
  );
});

test('SCRIPT-202 passes on the default limit and fires when the real Lua memory is above the label', async (t) => {
  const redis = await RedisProcess.start();
  t.after(() => redis.stop());
  await loadScripts(redis, 200);
  const { fleet, results } = await analyze([redis.url]);
  assert.equal(
    only(
      results.filter((r) => r.ruleId === 'SCRIPT-202'),
      redis.address
    ).status,
    'passed'
  );
  const info = fleet.nodes[0].info!.memory;
  const used = Number(info.used_memory_vm_eval) + Number(info.used_memory_scripts_eval);
  assert.ok(used > 0);
  const fired = only(
    resultsOnSnapshot('SCRIPT-202', fleet, { labels: { scripts_memory_bytes: String(used - 1) } }),
    redis.address
  );
  assert.equal(fired.status, 'fired');
  assert.equal(fired.severity, 'warning');
  assert.match(fired.message, new RegExp(`holds ${used} bytes`));
  assert.equal(only(withParams('SCRIPT-202', { max_bytes: String(used - 1) }, fleet), redis.address).status, 'fired');
  assert.equal(
    only(resultsOnSnapshot('SCRIPT-202', fleet, { labels: { scripts_memory_bytes: String(used) } }), redis.address)
      .status,
    'passed'
  );
});
