import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { networkInterfaces } from 'node:os';
import { RedisProcess, waitFor } from '../harness/redis-process.js';
import { analyze, resultsOf, resultsOnSnapshot, statusOn } from '../harness/rule-check.js';
import { analyzeUrls } from '../../analysis/analyze-fleet.js';
import { BUILTIN_RULES_DIR, loadCatalog } from '../../rules/catalog-loader.js';
import type { RuleResult } from '../../rules/results.js';
import { evaluateCatalog } from '../../rules/evaluator.js';

function only(results: RuleResult[], target: string): RuleResult {
  const mine = results.filter((r) => r.target === target);
  assert.equal(mine.length, 1, `one result on ${target}`);
  return mine[0];
}

const ofRule = (id: string, results: RuleResult[]) => results.filter((r) => r.ruleId === id);

async function infoNumber(redis: RedisProcess, section: string, field: string): Promise<number> {
  const match = new RegExp(`^${field}:(\\d+)`, 'm').exec(await redis.cli('INFO', section));
  assert.ok(match, `INFO ${section} has ${field}`);
  return Number(match[1]);
}

/** A plain client connection (what an application would open), with everything Redis sends it. */
interface RawClient {
  socket: Socket;
  received: () => string;
  closed: Promise<void>;
}

function openClient(redis: RedisProcess): Promise<RawClient> {
  return new Promise((resolve, reject) => {
    const socket = connect(redis.port, '127.0.0.1');
    let data = '';
    socket.on('data', (chunk) => (data += chunk.toString()));
    const closed = new Promise<void>((r) => socket.once('close', () => r()));
    socket.once('error', reject);
    socket.once('connect', () => {
      socket.removeListener('error', reject);
      socket.on('error', () => undefined);
      resolve({ socket, received: () => data, closed });
    });
  });
}

/** Connections this test holds, counted by name: other connections (the analyzer's closing ones) come and go. */
async function heldCount(redis: RedisProcess): Promise<number> {
  return (await redis.cli('CLIENT', 'LIST')).split('\n').filter((line) => / name=held /.test(line)).length;
}

/** Opens `count` named clients and waits until Redis counts them all as connected. */
async function holdClients(
  redis: RedisProcess,
  count: number,
  t: { after: (fn: () => void) => void }
): Promise<RawClient[]> {
  const before = await heldCount(redis);
  const clients: RawClient[] = [];
  for (let i = 0; i < count; i++) {
    const client = await openClient(redis);
    client.socket.write('*3\r\n$6\r\nCLIENT\r\n$7\r\nSETNAME\r\n$4\r\nheld\r\n');
    clients.push(client);
  }
  t.after(() => clients.forEach((c) => c.socket.destroy()));
  await waitFor(`${count} clients connected`, async () =>
    (await heldCount(redis)) >= before + count ? true : undefined
  );
  return clients;
}

async function closeClients(redis: RedisProcess, clients: RawClient[], expected: number): Promise<void> {
  clients.forEach((c) => c.socket.destroy());
  await waitFor('clients to disconnect', async () =>
    (await infoNumber(redis, 'clients', 'connected_clients')) <= expected ? true : undefined
  );
}

/**
 * A client in the middle of sending a large value: SET k <bulkLength bytes> of which `sent` bytes have
 * arrived. Redis allocates the query buffer for the whole bulk argument, which INFO reports as
 * client_recent_max_input_buffer at the next clients cron.
 */
async function startLargeSet(
  redis: RedisProcess,
  bulkLength: number,
  sent: number,
  t: { after: (fn: () => void) => void }
): Promise<RawClient> {
  const client = await openClient(redis);
  t.after(() => client.socket.destroy());
  client.socket.write(`*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$${bulkLength}\r\n` + 'x'.repeat(sent));
  return client;
}

test('CLIENT-001 fires when the replica soft limit is below repl-backlog-size: a notice without replication, a warning with a replica', async (t) => {
  const redis = await RedisProcess.start({ config: { 'repl-backlog-size': '512mb' } });
  t.after(() => redis.stop());
  // The default replica class (256mb 64mb 60) against a 512mb backlog.
  const alone = only(await resultsOf('CLIENT-001', [redis.url]), redis.address);
  assert.equal(alone.status, 'fired');
  assert.equal(alone.severity, 'notice', 'nothing replicates from this node yet');
  assert.equal(alone.evidence.repl_backlog_size, 512 * 1024 * 1024);
  assert.equal(alone.evidence.hard_limit_raised_by_redis, true, 'redis-server 7.0 raises the hard limit itself');
  assert.match(alone.message, /soft limit \(hard 268435456, soft 67108864 bytes for 60 s\)/);

  const replica = await RedisProcess.start();
  t.after(() => replica.stop());
  await replica.cli('REPLICAOF', '127.0.0.1', String(redis.port));
  await waitFor('the replica to connect', async () =>
    (await infoNumber(redis, 'replication', 'connected_slaves')) === 1 ? true : undefined
  );
  const linked = only(await resultsOf('CLIENT-001', [redis.url]), redis.address);
  assert.equal(linked.status, 'fired');
  assert.equal(linked.severity, 'warning');
});

test('CLIENT-001 passes on 7.0 when only the hard limit is below the backlog (Redis raises it to the backlog size)', async (t) => {
  const redis = await RedisProcess.start({
    config: { 'repl-backlog-size': '512mb', 'client-output-buffer-limit': 'replica 256mb 0 0' },
  });
  t.after(() => redis.stop());
  const { fleet, results } = await analyze([redis.url]);
  assert.equal(statusOn(ofRule('CLIENT-001', results), redis.address), 'passed');
  // Recorded: the same configuration reported by a 6.2 server (none runs here), where the hard limit counts.
  const on62 = structuredClone(fleet);
  on62.nodes[0].version = { text: '6.2.14', major: 6, minor: 2, patch: 14 };
  const fired = only(resultsOnSnapshot('CLIENT-001', on62), redis.address);
  assert.equal(fired.status, 'fired');
  assert.match(fired.message, /hard limit/);
});

test('CLIENT-001 passes when the replica buffer limit exceeds the backlog', async (t) => {
  const redis = await RedisProcess.start({
    config: { 'repl-backlog-size': '1mb', 'client-output-buffer-limit': 'replica 256mb 64mb 60' },
  });
  t.after(() => redis.stop());
  assert.equal(statusOn(await resultsOf('CLIENT-001', [redis.url]), redis.address), 'passed');
});

test('CLIENT-005 is a notice at the default timeout 0, a warning once clients use half of maxclients, passes when set', async (t) => {
  const redis = await RedisProcess.start({ config: { timeout: 0 } });
  t.after(() => redis.stop());
  const idle = only(await resultsOf('CLIENT-005', [redis.url]), redis.address);
  assert.equal(idle.status, 'fired');
  assert.equal(idle.severity, 'notice', 'timeout 0 with plenty of free client slots is hygiene');

  await redis.cli('CONFIG', 'SET', 'maxclients', '8');
  await holdClients(redis, 4, t);
  const crowded = only(await resultsOf('CLIENT-005', [redis.url]), redis.address);
  assert.equal(crowded.severity, 'warning');
  assert.ok((crowded.evidence.connected_clients as number) >= 4);
  assert.equal(crowded.evidence.maxclients, 8);
  // The share is policy: an operator who accepts more sets it.
  const relaxed = await analyzeUrls([redis.url], {
    catalog: loadCatalog({ dirs: [BUILTIN_RULES_DIR], params: { 'CLIENT-005': { client_share: '0.9' } } }),
  });
  assert.equal(only(ofRule('CLIENT-005', relaxed.results), redis.address).severity, 'notice');

  await redis.cli('CONFIG', 'SET', 'timeout', '300');
  assert.equal(statusOn(await resultsOf('CLIENT-005', [redis.url]), redis.address), 'passed');
});

test('CLIENT-002 fires when the pubsub or replica class is unlimited and passes when bounded', async (t) => {
  const redis = await RedisProcess.start({ config: { 'client-output-buffer-limit': 'pubsub 0 0 0' } });
  t.after(() => redis.stop());
  const fired = only(await resultsOf('CLIENT-002', [redis.url]), redis.address);
  assert.equal(fired.status, 'fired');
  assert.equal(fired.severity, 'warning');
  assert.deepEqual(fired.evidence.pubsub, { hard: 0, soft: 0, softSeconds: 0 });
  assert.match(fired.message, /pubsub/);
  assert.doesNotMatch(fired.message, /replica/);

  await redis.cli('CONFIG', 'SET', 'client-output-buffer-limit', 'pubsub 32mb 8mb 60');
  assert.equal(statusOn(await resultsOf('CLIENT-002', [redis.url]), redis.address), 'passed');
  // A soft limit alone still bounds the class.
  await redis.cli('CONFIG', 'SET', 'client-output-buffer-limit', 'replica 0 64mb 60');
  assert.equal(statusOn(await resultsOf('CLIENT-002', [redis.url]), redis.address), 'passed');
  await redis.cli('CONFIG', 'SET', 'client-output-buffer-limit', 'replica 0 0 0');
  const replica = only(await resultsOf('CLIENT-002', [redis.url]), redis.address);
  assert.equal(replica.status, 'fired');
  assert.match(replica.message, /replica/);
});

test('CLIENT-003 fires when a client sends commands near a small query buffer limit, passes otherwise', async (t) => {
  const redis = await RedisProcess.start({ config: { 'client-query-buffer-limit': '1mb' } });
  t.after(() => redis.stop());
  // A small limit alone, with only small commands, is not a finding.
  assert.equal(statusOn(await resultsOf('CLIENT-003', [redis.url]), redis.address), 'passed');

  const client = await startLargeSet(redis, 700_000, 600_000, t);
  await waitFor('the large input buffer to be sampled', async () =>
    (await infoNumber(redis, 'clients', 'client_recent_max_input_buffer')) >= 512 * 1024 ? true : undefined
  );
  const fired = only(await resultsOf('CLIENT-003', [redis.url]), redis.address);
  assert.equal(fired.status, 'fired');
  assert.equal(fired.evidence.client_query_buffer_limit, 1024 * 1024);
  assert.ok((fired.evidence.client_recent_max_input_buffer as number) >= 600_000);
  // The client is still connected: the command was accepted so far, it is just close to the limit.
  assert.equal(client.socket.destroyed, false);

  await redis.cli('CONFIG', 'SET', 'client-query-buffer-limit', '64mb');
  assert.equal(statusOn(await resultsOf('CLIENT-003', [redis.url]), redis.address), 'passed');
});

test('CLIENT-004 fires when maxclients exceeds the fd limit minus 32, passes below it, needs the fd_limit label', async (t) => {
  const redis = await RedisProcess.start({ config: { maxclients: 10000 } });
  t.after(() => redis.stop());
  const fired = only(await resultsOf('CLIENT-004', [redis.url], { labels: { fd_limit: '1024' } }), redis.address);
  assert.equal(fired.status, 'fired');
  assert.equal(fired.severity, 'warning');
  assert.equal(fired.evidence.maxclients, 10000);
  assert.equal(fired.evidence.fd_limit, 1024);
  assert.match(fired.message, /room for only 992 clients/);

  const { fleet } = await analyze([redis.url]);
  assert.equal(
    statusOn(resultsOnSnapshot('CLIENT-004', fleet, { labels: { fd_limit: '65536' } }), redis.address),
    'passed'
  );
  const unlabelled = only(resultsOnSnapshot('CLIENT-004', fleet), redis.address);
  assert.equal(unlabelled.status, 'not_evaluated');
  assert.match(unlabelled.reason!, /label "fd_limit" not supplied/);

  // Exactly at the limit (fd limit - 32) is fine.
  await redis.cli('CONFIG', 'SET', 'maxclients', '992');
  assert.equal(
    statusOn(await resultsOf('CLIENT-004', [redis.url], { labels: { fd_limit: '1024' } }), redis.address),
    'passed'
  );
});

test('CLIENT-006 fires when tcp-keepalive is 0: a warning with timeout 0, a notice with an idle timeout; passes when set', async (t) => {
  const redis = await RedisProcess.start({ config: { 'tcp-keepalive': 0 } });
  t.after(() => redis.stop());
  const fired = only(await resultsOf('CLIENT-006', [redis.url]), redis.address);
  assert.equal(fired.status, 'fired');
  assert.equal(fired.severity, 'warning', 'nothing closes dead connections');
  assert.equal(fired.evidence.tcp_keepalive, 0);
  await redis.cli('CONFIG', 'SET', 'timeout', '300');
  const timed = only(await resultsOf('CLIENT-006', [redis.url]), redis.address);
  assert.equal(timed.status, 'fired');
  assert.equal(timed.severity, 'notice', 'the idle timeout closes most dead connections');
  await redis.cli('CONFIG', 'SET', 'tcp-keepalive', '300');
  assert.equal(statusOn(await resultsOf('CLIENT-006', [redis.url]), redis.address), 'passed');
});

test('CLIENT-007 and CLIENT-106 compare tcp-backlog with the somaxconn label in both directions', async (t) => {
  // tcp-backlog cannot be changed at run time: one real server with 511, judged against different hosts.
  const redis = await RedisProcess.start({ config: { 'tcp-backlog': 511 } });
  t.after(() => redis.stop());
  const { fleet } = await analyze([redis.url]);
  const on = (id: string, somaxconn?: string) =>
    only(resultsOnSnapshot(id, fleet, somaxconn ? { labels: { somaxconn } } : {}), redis.address);

  // The default 511 below a somaxconn of 4096 with a handful of clients: nothing can overflow (issue 12).
  assert.equal(on('CLIENT-007', '4096').status, 'passed');
  assert.equal(on('CLIENT-106', '4096').status, 'passed');
  assert.equal(on('CLIENT-007', '511').status, 'passed');
  assert.equal(on('CLIENT-106', '511').status, 'passed');

  const above = on('CLIENT-106', '128');
  assert.equal(above.status, 'fired');
  assert.equal(above.severity, 'notice', 'a handful of clients cannot overflow a queue of 128');
  assert.match(above.message, /tcp-backlog is 511 .* somaxconn 128/);
  assert.equal(on('CLIENT-007', '128').status, 'passed');

  for (const id of ['CLIENT-007', 'CLIENT-106']) {
    const unlabelled = on(id);
    assert.equal(unlabelled.status, 'not_evaluated', id);
    assert.match(unlabelled.reason!, /label "somaxconn" not supplied/);
  }
});

test('CLIENT-007 fires when more clients are connected than a tcp-backlog below somaxconn can queue', async (t) => {
  const redis = await RedisProcess.start({ config: { 'tcp-backlog': 4 } });
  t.after(() => redis.stop());
  assert.equal(
    statusOn(await resultsOf('CLIENT-007', [redis.url], { labels: { somaxconn: '4096' } }), redis.address),
    'passed'
  );
  await holdClients(redis, 6, t);
  const below = only(await resultsOf('CLIENT-007', [redis.url], { labels: { somaxconn: '4096' } }), redis.address);
  assert.equal(below.status, 'fired');
  assert.equal(below.severity, 'notice');
  assert.equal(below.evidence.tcp_backlog, 4);
  assert.equal(below.evidence.somaxconn, 4096);
  assert.ok((below.evidence.connected_clients as number) > 4);
});

test('CLIENT-106 is a warning once more clients are connected than the real accept queue (somaxconn) holds', async (t) => {
  const redis = await RedisProcess.start({ config: { 'tcp-backlog': 511 } });
  t.after(() => redis.stop());
  await holdClients(redis, 6, t);
  const crowded = only(await resultsOf('CLIENT-106', [redis.url], { labels: { somaxconn: '4' } }), redis.address);
  assert.equal(crowded.status, 'fired');
  assert.equal(crowded.severity, 'warning');
  assert.ok((crowded.evidence.connected_clients as number) > 4);
});

test('CLIENT-008 fires when values near a small proto-max-bulk-len are seen, passes otherwise', async (t) => {
  const redis = await RedisProcess.start({ config: { 'proto-max-bulk-len': '1mb' } });
  t.after(() => redis.stop());
  assert.equal(statusOn(await resultsOf('CLIENT-008', [redis.url]), redis.address), 'passed');

  await startLargeSet(redis, 800_000, 100_000, t);
  await waitFor('the large input buffer to be sampled', async () =>
    (await infoNumber(redis, 'clients', 'client_recent_max_input_buffer')) >= 512 * 1024 ? true : undefined
  );
  const fired = only(await resultsOf('CLIENT-008', [redis.url]), redis.address);
  assert.equal(fired.status, 'fired');
  assert.equal(fired.severity, 'notice');
  assert.equal(fired.evidence.proto_max_bulk_len, 1024 * 1024);
  assert.ok((fired.evidence.client_recent_max_input_buffer as number) >= 512 * 1024);

  await redis.cli('CONFIG', 'SET', 'proto-max-bulk-len', '512mb');
  assert.equal(statusOn(await resultsOf('CLIENT-008', [redis.url]), redis.address), 'passed');
});

test('CLIENT-101 needs history, fires when real connections were rejected since the previous snapshot', async (t) => {
  const redis = await RedisProcess.start({ config: { maxclients: 6 } });
  t.after(() => redis.stop());
  const first = await analyze([redis.url]);
  const noHistory = only(ofRule('CLIENT-101', first.results), redis.address);
  assert.equal(noHistory.status, 'not_evaluated');
  assert.match(noHistory.reason!, /earlier snapshot/);

  // Fill every client slot, then three more applications try to connect and are turned away.
  // (the last slot is taken without checking: a check with redis-cli would need a slot itself)
  const held = [...(await holdClients(redis, 5, t)), await openClient(redis)];
  t.after(() => held.forEach((c) => c.socket.destroy()));
  const rejected = await Promise.all([1, 2, 3].map(() => openClient(redis)));
  await Promise.all(rejected.map((c) => c.closed));
  for (const c of rejected) assert.match(c.received(), /max number of clients reached/);
  await closeClients(redis, held, 1);

  const second = await analyze([redis.url], { previous: first.fleet });
  const fired = only(ofRule('CLIENT-101', second.results), redis.address);
  assert.equal(fired.status, 'fired');
  assert.equal(fired.severity, 'critical');
  assert.equal(fired.evidence.rejected_connections_before, 0);
  assert.equal(fired.evidence.rejected_connections_now, 3);
  assert.equal(fired.evidence.maxclients, 6);
  assert.match(fired.message, /^3 connections rejected/);

  // Nothing rejected since.
  const third = await analyze([redis.url], { previous: second.fleet });
  assert.equal(statusOn(ofRule('CLIENT-101', third.results), redis.address), 'passed');

  // Recorded snapshot for a restart (the harness cannot restart Redis on the same port): the previous
  // snapshot had another run_id and a higher counter; rejections since the restart still count.
  const beforeRestart = structuredClone(second.fleet);
  beforeRestart.nodes[0].info!.server.run_id = '0'.repeat(40);
  beforeRestart.nodes[0].info!.stats.rejected_connections = 500;
  const restarted = only(resultsOnSnapshot('CLIENT-101', third.fleet, { previous: beforeRestart }), redis.address);
  assert.equal(restarted.status, 'fired');
  assert.equal(restarted.evidence.restarted, true);
});

test('CLIENT-102 fires above 80% of maxclients with real connections and passes when they close', async (t) => {
  const redis = await RedisProcess.start({ config: { maxclients: 20 } });
  t.after(() => redis.stop());
  assert.equal(statusOn(await resultsOf('CLIENT-102', [redis.url]), redis.address), 'passed');

  const held = await holdClients(redis, 16, t);
  const fired = only(await resultsOf('CLIENT-102', [redis.url]), redis.address);
  assert.equal(fired.status, 'fired');
  assert.equal(fired.severity, 'warning');
  assert.equal(fired.evidence.maxclients, 20);
  // 16 held plus RedisLens's own connection.
  assert.ok((fired.evidence.connected_clients as number) >= 17);

  await closeClients(redis, held, 1);
  assert.equal(statusOn(await resultsOf('CLIENT-102', [redis.url]), redis.address), 'passed');
});

test('CLIENT-103 fires when most clients are blocked in BLPOP, passes when they are a minority or served', async (t) => {
  const redis = await RedisProcess.start();
  t.after(() => redis.stop());
  const workers = await holdClients(redis, 12, t);
  for (const w of workers) w.socket.write('*3\r\n$5\r\nBLPOP\r\n$4\r\njobs\r\n$1\r\n0\r\n');
  await waitFor('12 blocked clients', async () =>
    (await infoNumber(redis, 'clients', 'blocked_clients')) === 12 ? true : undefined
  );

  const fired = only(await resultsOf('CLIENT-103', [redis.url]), redis.address);
  assert.equal(fired.status, 'fired');
  assert.equal(fired.severity, 'notice');
  assert.equal(fired.evidence.blocked_clients, 12);

  // The same 12 blocked workers among 20 more busy/idle connections: under half, no finding.
  const others = await holdClients(redis, 20, t);
  assert.equal(statusOn(await resultsOf('CLIENT-103', [redis.url]), redis.address), 'passed');
  await closeClients(redis, others, 13);

  // Producers catch up: every worker gets a job and unblocks.
  await redis.cli('RPUSH', 'jobs', ...Array.from({ length: 12 }, (_, i) => `job${i}`));
  await waitFor('workers to unblock', async () =>
    (await infoNumber(redis, 'clients', 'blocked_clients')) === 0 ? true : undefined
  );
  assert.equal(statusOn(await resultsOf('CLIENT-103', [redis.url]), redis.address), 'passed');
});

test('CLIENT-104 fires on a cache with enough real misses, passes on hits, low traffic or other workloads', async (t) => {
  const redis = await RedisProcess.start();
  t.after(() => redis.stop());
  const cache = { workload: 'cache' };
  const gets = (key: (i: string) => string, count: number) =>
    redis.cli('EVAL', `for i = 1, tonumber(ARGV[1]) do redis.call('GET', ${key('i')}) end return 1`, 0, count);

  // Little traffic: 100 misses are not enough to judge.
  await gets((i) => `'missing:' .. ${i}`, 100);
  assert.equal(statusOn(await resultsOf('CLIENT-104', [redis.url], { labels: cache }), redis.address), 'passed');

  // 10000 more lookups, 20% of them hits: ratio 20%.
  await redis.cli('SET', 'hot', 'v');
  await gets(() => "'hot'", 2000);
  await gets((i) => `'missing:' .. ${i}`, 7900);
  const { fleet, results } = await analyze([redis.url], { labels: cache });
  const fired = only(ofRule('CLIENT-104', results), redis.address);
  assert.equal(fired.status, 'fired');
  assert.equal(fired.severity, 'notice');
  assert.equal(fired.evidence.keyspace_hits, 2000);
  assert.equal(fired.evidence.keyspace_misses, 8000);
  assert.equal(fired.evidence.hit_ratio, 0.2);
  assert.match(fired.message, /hit ratio is 20% .* below 80%/);
  // The floor is policy: an operator content with 10% hits sets it.
  const lenient = loadCatalog({ dirs: [BUILTIN_RULES_DIR], params: { 'CLIENT-104': { min_hit_percent: '10' } } });
  assert.equal(
    statusOn(
      evaluateCatalog(lenient, { fleet, labels: cache }).filter((r) => r.ruleId === 'CLIENT-104'),
      redis.address
    ),
    'passed'
  );

  assert.equal(
    statusOn(resultsOnSnapshot('CLIENT-104', fleet, { labels: { workload: 'datastore' } }), redis.address),
    'passed'
  );
  const unlabelled = only(resultsOnSnapshot('CLIENT-104', fleet), redis.address);
  assert.equal(unlabelled.status, 'not_evaluated');
  assert.match(unlabelled.reason!, /label "workload" not supplied/);

  // After CONFIG RESETSTAT, a healthy cache: 9 hits for every miss.
  await redis.cli('CONFIG', 'RESETSTAT');
  await gets(() => "'hot'", 9000);
  await gets((i) => `'missing:' .. ${i}`, 1000);
  assert.equal(statusOn(await resultsOf('CLIENT-104', [redis.url], { labels: cache }), redis.address), 'passed');
});

test('CLIENT-105 needs history, fires when the slow log grows fast, passes when it does not', async (t) => {
  const redis = await RedisProcess.start({ config: { 'slowlog-log-slower-than': 0, 'slowlog-max-len': 1024 } });
  t.after(() => redis.stop());
  const first = await analyze([redis.url]);
  assert.match(only(ofRule('CLIENT-105', first.results), redis.address).reason!, /earlier snapshot/);

  // Every command is slower than 0 us: 50 real PINGs add 50 entries.
  await redis.cli('-r', 50, 'PING');
  const second = await analyze([redis.url], { previous: first.fleet });
  const fired = only(ofRule('CLIENT-105', second.results), redis.address);
  assert.equal(fired.status, 'fired');
  assert.equal(fired.severity, 'notice');
  assert.ok((fired.evidence.slowlog_length_now as number) - (fired.evidence.slowlog_length_before as number) >= 50);

  // Back to a 10 ms threshold: only the few commands of the previous analysis itself are added.
  await redis.cli('CONFIG', 'SET', 'slowlog-log-slower-than', '10000');
  const third = await analyze([redis.url], { previous: second.fleet });
  assert.equal(statusOn(ofRule('CLIENT-105', third.results), redis.address), 'passed');

  // After SLOWLOG RESET the whole new length counts as growth.
  await redis.cli('SLOWLOG', 'RESET');
  await redis.cli('CONFIG', 'SET', 'slowlog-log-slower-than', '0');
  await redis.cli('-r', 20, 'PING');
  const fourth = await analyze([redis.url], { previous: third.fleet });
  assert.equal(statusOn(ofRule('CLIENT-105', fourth.results), redis.address), 'fired');
});

test('CLIENT-105 is not evaluated when the slow log is full in both snapshots', async (t) => {
  const redis = await RedisProcess.start({ config: { 'slowlog-log-slower-than': 0, 'slowlog-max-len': 16 } });
  t.after(() => redis.stop());
  await redis.cli('-r', 30, 'PING');
  const first = await analyze([redis.url]);
  await redis.cli('-r', 30, 'PING');
  const second = await analyze([redis.url], { previous: first.fleet });
  const full = only(ofRule('CLIENT-105', second.results), redis.address);
  assert.equal(full.status, 'not_evaluated');
  assert.match(full.reason!, /slowlog-max-len in both snapshots/);
});

/** A non-loopback IPv4 address of this host, if it has one. */
function outsideAddress(): string | undefined {
  for (const list of Object.values(networkInterfaces()))
    for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
  return undefined;
}

test('CLIENT-101 is a warning when protected mode may be what rejected the connections', async (t) => {
  const outside = outsideAddress();
  if (!outside) return t.skip('this host has no non-loopback IPv4 address');
  // A stock server (no password, protected mode on) listening on a non-loopback address as well.
  const redis = await RedisProcess.start({ config: { bind: `127.0.0.1 ${outside}` } });
  t.after(() => redis.stop());
  const first = await analyze([redis.url]);

  // A client from "another host" (the non-loopback address) is answered DENIED and counted as rejected.
  const remote = await new Promise<RawClient>((resolve, reject) => {
    const socket = connect(redis.port, outside);
    let data = '';
    socket.on('data', (chunk) => (data += chunk.toString()));
    const closed = new Promise<void>((r) => socket.once('close', () => r()));
    socket.once('error', reject);
    socket.once('connect', () => resolve({ socket, received: () => data, closed }));
  });
  t.after(() => remote.socket.destroy());
  remote.socket.write('PING\r\n');
  await remote.closed;
  assert.match(remote.received(), /DENIED/);

  const second = await analyze([redis.url], { previous: first.fleet });
  const fired = only(ofRule('CLIENT-101', second.results), redis.address);
  assert.equal(fired.status, 'fired');
  assert.equal(fired.severity, 'warning');
  assert.equal(fired.evidence.protected_mode_may_deny, true);
  assert.match(fired.message, /^1 connections rejected .* by maxclients or protected mode/);
  // The same rejection counted by a timeout-0 server does not make CLIENT-005 a warning.
  assert.equal(only(ofRule('CLIENT-005', second.results), redis.address).severity, 'notice');
});
