/**
 * Redis Functions (opt-in inspect.functions) on real servers: FUNCTION LIST cut to names and flags (no code,
 * no description), SCRIPT-301 on a replica that lacks its master's libraries, SCRIPT-302 on a cluster whose
 * masters differ, and a node answering BUSY explained by the function running on it (arguments dropped).
 * Libraries are loaded by the test's own redis-cli, never through RedisLens.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { RedisProcess } from '../harness/redis-process.js';
import { startCluster, startReplicationGroup } from '../harness/topologies.js';
import { analyze, statusOn } from '../harness/rule-check.js';

const FUNCTIONS = { inspect: { functions: true } };
const library = (name: string, ...functions: string[]) =>
  `#!lua name=${name}\n` +
  functions
    .map(
      (f) =>
        `redis.register_function{function_name='${f}', callback=function() return 1 end, flags={'no-writes'}, description='internal-secret-${f}'}`
    )
    .join('\n');
/** Busy-waits for ARGV[1] seconds: a runaway script the test can start on purpose. */
const SPIN = `#!lua name=spinner
redis.register_function('spin', function(keys, args)
  local start = tonumber(redis.call('TIME')[1])
  while tonumber(redis.call('TIME')[1]) - start < tonumber(args[1]) do end
  return 1
end)`;

test('FUNCTION LIST keeps library and function names and flags, never code or descriptions', async (t) => {
  const redis = await RedisProcess.start();
  t.after(() => redis.stop());
  await redis.cli('FUNCTION', 'LOAD', library('billing', 'charge', 'refund'));

  const off = await analyze([redis.url]);
  assert.equal(off.fleet.nodes[0].inspection, undefined, 'nothing read without inspect.functions');

  const { fleet, results } = await analyze([redis.url], FUNCTIONS);
  const inspection = fleet.nodes[0].inspection!;
  assert.deepEqual(inspection.failures, {});
  assert.deepEqual(inspection.functions, [
    {
      name: 'billing',
      engine: 'LUA',
      functions: [
        { name: 'charge', flags: ['no-writes'] },
        { name: 'refund', flags: ['no-writes'] },
      ],
    },
  ]);
  assert.deepEqual(inspection.functionStats, { engines: { LUA: { libraries: 1, functions: 2 } } });
  const stored = JSON.stringify(fleet);
  assert.doesNotMatch(stored, /internal-secret|register_function|callback/, 'no description, no code');
  // A lone master has no replica to compare with.
  assert.equal(
    statusOn(
      results.filter((r) => r.ruleId === 'SCRIPT-301'),
      redis.address
    ),
    'absent'
  );
});

test('SCRIPT-301: passes while replication carries the libraries, fires on a replica that differs', async (t) => {
  const group = await startReplicationGroup({ replicas: 1 });
  t.after(() => group.stop());
  const [replica] = group.replicas;
  await group.master.cli('FUNCTION', 'LOAD', library('billing', 'charge'));
  // FUNCTION LOAD replicates: wait until the replica has it.
  for (let i = 0; i < 100 && !(await replica.cli('FUNCTION', 'LIST')).includes('billing'); i++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const script301 = async () =>
    (await analyze([group.master.url], FUNCTIONS)).results.filter((r) => r.ruleId === 'SCRIPT-301');

  assert.equal(statusOn(await script301(), group.master.address), 'passed');

  // A library loaded on a writable replica only: the master (and a failover to another replica) lacks it.
  await replica.cli('CONFIG', 'SET', 'replica-read-only', 'no');
  await replica.cli('FUNCTION', 'LOAD', library('reports', 'daily'));
  const fired = (await script301()).find((r) => r.target === group.master.address)!;
  assert.equal(fired.status, 'fired');
  assert.equal(fired.severity, 'warning');
  assert.equal(
    fired.message,
    `the master's function libraries are billing(charge), but ${replica.address} has billing(charge) reports(daily)`
  );
});

test('SCRIPT-302: fires while a library is on some cluster masters only, passes once on all', async (t) => {
  const cluster = await startCluster({ masters: 3 });
  t.after(() => cluster.stop());
  const [first, ...others] = cluster.masters;
  await first.cli('FUNCTION', 'LOAD', library('billing', 'charge'));
  const script302 = async () => {
    const { fleet, results } = await analyze([first.url], FUNCTIONS);
    const id = fleet.groups.find((g) => g.kind === 'cluster')!.id;
    return results.find((r) => r.ruleId === 'SCRIPT-302' && r.target === id)!;
  };

  const fired = await script302();
  assert.equal(fired.status, 'fired');
  assert.match(fired.message, new RegExp(`${first.address}: billing\\(charge\\)`));
  for (const m of others) assert.match(fired.message, new RegExp(`${m.address}: none`));

  for (const m of others) await m.cli('FUNCTION', 'LOAD', library('billing', 'charge'));
  assert.equal((await script302()).status, 'passed');
});

test('a node answering BUSY is explained by the function running on it, its arguments dropped', async (t) => {
  const redis = await RedisProcess.start({ config: { 'busy-reply-threshold': 100 } });
  t.after(() => redis.stop());
  await redis.cli('FUNCTION', 'LOAD', SPIN);
  // FCALL spin 1 <key> <seconds>, sent on a raw socket of the test's own: it blocks the server for 20 s
  // (or until FUNCTION KILL below).
  const args = ['FCALL', 'spin', '1', 'customer:secret-42', '20'];
  const socket = connect(redis.port, '127.0.0.1');
  socket.on('error', () => undefined);
  t.after(() => socket.destroy());
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  socket.write(`*${args.length}\r\n${args.map((a) => `$${a.length}\r\n${a}\r\n`).join('')}`);
  for (let i = 0; i < 100 && !(await redis.cli('PING')).startsWith('BUSY'); i++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  t.after(() => redis.cli('FUNCTION', 'KILL').catch(() => undefined));

  const plain = (await analyze([redis.url])).fleet.nodes[0];
  assert.equal(plain.reachable, false);
  assert.match(plain.error!.message, /^.*BUSY/);
  assert.doesNotMatch(plain.error!.message, /spin/);

  const explained = (await analyze([redis.url], FUNCTIONS)).fleet.nodes[0];
  assert.equal(explained.reachable, false);
  assert.match(explained.error!.message, /BUSY .* \(function 'spin' \(fcall, 4 arguments\) has run for \d+ ms\)$/);
  assert.doesNotMatch(JSON.stringify(explained), /customer:secret-42/, 'no key or argument kept');
});
