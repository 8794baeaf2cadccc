import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { RedisProcess, waitFor } from '../harness/redis-process.js';
import { analyze, resultsOf, resultsOnSnapshot, statusOn } from '../harness/rule-check.js';
import type { RuleResult } from '../../rules/results.js';
import { BUILTIN_RULES_DIR, loadCatalog } from '../../rules/catalog-loader.js';
import { evaluateCatalog } from '../../rules/evaluator.js';
import type { FleetSnapshot } from '../../collect/snapshot.js';
import type { Labels } from '../../rules/evaluation-context.js';

/** One rule's results on a snapshot with `--set RULE.param=value` overrides. */
function withParams(ruleId: string, params: Record<string, string>, fleet: FleetSnapshot, labels: Labels = {}) {
  const catalog = loadCatalog({ dirs: [BUILTIN_RULES_DIR], params: { [ruleId]: params } });
  return evaluateCatalog(catalog, { fleet, labels }).filter((r) => r.ruleId === ruleId);
}

function only(results: RuleResult[], target: string): RuleResult {
  const mine = results.filter((r) => r.target === target);
  assert.equal(mine.length, 1, `one result on ${target}`);
  return mine[0];
}

const resp = (...args: string[]) =>
  `*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('')}`;

async function infoNumber(redis: RedisProcess, section: string, field: string): Promise<number> {
  const match = new RegExp(`^${field}:(\\d+)`, 'm').exec(await redis.cli('INFO', section));
  assert.ok(match, `INFO ${section} has ${field}`);
  return Number(match[1]);
}

/** An application connection named "held", open until the test ends. */
function openClient(redis: RedisProcess, t: { after: (fn: () => void) => void }): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(redis.port, '127.0.0.1');
    socket.once('error', reject);
    socket.once('connect', () => {
      socket.removeListener('error', reject);
      socket.on('error', () => undefined);
      socket.write(resp('CLIENT', 'SETNAME', 'held'));
      t.after(() => socket.destroy());
      resolve(socket);
    });
  });
}

async function heldCount(redis: RedisProcess): Promise<number> {
  return (await redis.cli('CLIENT', 'LIST')).split('\n').filter((line) => / name=held /.test(line)).length;
}

async function holdClients(redis: RedisProcess, count: number, t: { after: (fn: () => void) => void }) {
  const sockets: Socket[] = [];
  for (let i = 0; i < count; i++) sockets.push(await openClient(redis, t));
  await waitFor(`${count} held clients`, async () => ((await heldCount(redis)) >= count ? true : undefined));
  return sockets;
}

test('CLIENT-201 fires while a real client leaves a 20 MB reply unread and passes once it is gone', async (t) => {
  const redis = await RedisProcess.start();
  t.after(() => redis.stop());
  assert.equal(only(await resultsOf('CLIENT-201', [redis.url]), redis.address).status, 'passed');

  // A 20 MB value (SETRANGE pads with zeros, nothing large crosses the wire), then a client that asks for it
  // twice and stops reading: the replies pile up in its output buffer.
  await redis.cli('SETRANGE', 'big', 20 * 1024 * 1024, 'x');
  const slow = await openClient(redis, t);
  slow.pause();
  slow.write(resp('GET', 'big') + resp('GET', 'big'));
  await waitFor('a large output buffer', async () =>
    (await infoNumber(redis, 'clients', 'client_recent_max_output_buffer')) > 10 * 1024 * 1024 ? true : undefined
  );
  const fired = only(await resultsOf('CLIENT-201', [redis.url]), redis.address);
  assert.equal(fired.status, 'fired');
  assert.equal(fired.severity, 'warning');
  assert.ok((fired.evidence.client_recent_max_output_buffer as number) > 10 * 1024 * 1024);
  assert.equal(fired.evidence.normal_hard_limit, 0);

  // The same buffers under a 100 MB limit: a tenth of maxmemory held by clients fires on its own, without
  // any single-client peak (the label lifts that threshold out of reach).
  await redis.cli('CONFIG', 'SET', 'maxmemory', '100mb');
  const limited = await analyze([redis.url]);
  const noPeak = { client_output_buffer_bytes: String(1024 * 1024 * 1024) };
  const byTotal = only(resultsOnSnapshot('CLIENT-201', limited.fleet, { labels: noPeak }), redis.address);
  assert.equal(byTotal.status, 'fired');
  assert.ok((byTotal.evidence.mem_clients_normal as number) > 10 * 1024 * 1024);
  // Both thresholds are params; the label overrides the peak one per target.
  assert.equal(
    only(withParams('CLIENT-201', { clients_memory_percent: '90' }, limited.fleet, noPeak), redis.address).status,
    'passed'
  );
  const peakOnly = only(withParams('CLIENT-201', { output_buffer_bytes: '1048576' }, limited.fleet), redis.address);
  assert.equal(peakOnly.status, 'fired');
  assert.match(peakOnly.message, /threshold 1048576/);
  await redis.cli('CONFIG', 'SET', 'maxmemory', '0');
  const unlimited = await analyze([redis.url]);
  assert.equal(
    only(resultsOnSnapshot('CLIENT-201', unlimited.fleet, { labels: noPeak }), redis.address).status,
    'passed'
  );

  slow.destroy();
  // Redis keeps the peak of the last few seconds.
  await waitFor('the peak to age out', async () =>
    (await infoNumber(redis, 'clients', 'client_recent_max_output_buffer')) < 1024 * 1024 ? true : undefined
  );
  assert.equal(only(await resultsOf('CLIENT-201', [redis.url]), redis.address).status, 'passed');
});

test('CLIENT-202 applies only with min_clients, fires below the floor and passes once the pool is back', async (t) => {
  const redis = await RedisProcess.start();
  t.after(() => redis.stop());
  const floor = { min_clients: '2' };
  const { fleet } = await analyze([redis.url]);
  assert.equal(statusOn(resultsOnSnapshot('CLIENT-202', fleet), redis.address), 'absent');
  const fired = only(resultsOnSnapshot('CLIENT-202', fleet, { labels: floor }), redis.address);
  assert.equal(fired.status, 'fired');
  assert.match(fired.message, /^0 application connection/);

  await holdClients(redis, 2, t);
  assert.equal(only(await resultsOf('CLIENT-202', [redis.url], { labels: floor }), redis.address).status, 'passed');
});

test('CLIENT-203 applies only with connections_threshold and fires above it', async (t) => {
  const redis = await RedisProcess.start();
  t.after(() => redis.stop());
  await holdClients(redis, 4, t);
  const { fleet } = await analyze([redis.url]);
  assert.equal(statusOn(resultsOnSnapshot('CLIENT-203', fleet), redis.address), 'absent');
  const fired = only(resultsOnSnapshot('CLIENT-203', fleet, { labels: { connections_threshold: '3' } }), redis.address);
  assert.equal(fired.status, 'fired');
  assert.equal(fired.evidence.connected_clients, 5);
  assert.equal(
    only(resultsOnSnapshot('CLIENT-203', fleet, { labels: { connections_threshold: '100' } }), redis.address).status,
    'passed'
  );
});

test('CLIENT-204 passes on the default keepalive and fires above ten minutes', async (t) => {
  const redis = await RedisProcess.start();
  t.after(() => redis.stop());
  assert.equal(only(await resultsOf('CLIENT-204', [redis.url]), redis.address).status, 'passed');
  await redis.cli('CONFIG', 'SET', 'tcp-keepalive', '900');
  const fired = only(await resultsOf('CLIENT-204', [redis.url]), redis.address);
  assert.equal(fired.status, 'fired');
  assert.equal(fired.severity, 'notice');
  assert.equal(fired.evidence.tcp_keepalive, 900);
  assert.match(fired.message, /above 600 s/);
  const { fleet } = await analyze([redis.url]);
  assert.equal(only(withParams('CLIENT-204', { max_seconds: '1200' }, fleet), redis.address).status, 'passed');
});

test('CLIENT-205 applies only with blocked_clients_threshold and fires on a real BLPOP', async (t) => {
  const redis = await RedisProcess.start();
  t.after(() => redis.stop());
  const threshold = { blocked_clients_threshold: '1' };
  assert.equal(only(await resultsOf('CLIENT-205', [redis.url], { labels: threshold }), redis.address).status, 'passed');

  const worker = await openClient(redis, t);
  worker.write(resp('BLPOP', 'jobs', '0'));
  await waitFor('a blocked client', async () =>
    (await infoNumber(redis, 'clients', 'blocked_clients')) === 1 ? true : undefined
  );
  const { fleet } = await analyze([redis.url]);
  assert.equal(statusOn(resultsOnSnapshot('CLIENT-205', fleet), redis.address), 'absent');
  const fired = only(resultsOnSnapshot('CLIENT-205', fleet, { labels: threshold }), redis.address);
  assert.equal(fired.status, 'fired');
  assert.equal(fired.evidence.blocked_clients, 1);
});
