/**
 * CLIENT-301..304 on a real redis-server whose clients the test opens itself: one that leaves large replies
 * unread, a slow pub/sub subscriber, idle and unnamed connections. The rules apply only where a target
 * enabled inspect.clients.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { RedisProcess, waitFor } from '../harness/redis-process.js';
import { analyze, builtinCatalog, statusOn } from '../harness/rule-check.js';
import { evaluateCatalog } from '../../rules/evaluator.js';
import { withOverrides } from '../../rules/catalog-overrides.js';
import type { FleetSnapshot } from '../../collect/snapshot.js';
import type { Labels } from '../../rules/evaluation-context.js';
import { pipe } from '../inspection/keyspace-builder.js';
import { LEAST_PRIVILEGE_ACL_RULES } from '../../collect/allow-list.js';

const RULES = ['CLIENT-301', 'CLIENT-302', 'CLIENT-303', 'CLIENT-304'];
const PRODUCTION = { environment: 'production' };
const resp = (...args: string[]) =>
  `*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('')}`;

function open(redis: RedisProcess, t: { after: (fn: () => void) => void }, ...commands: string[][]): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(redis.port, '127.0.0.1');
    socket.once('error', reject);
    socket.once('connect', () => {
      socket.removeListener('error', reject);
      socket.on('error', () => undefined);
      for (const c of commands) socket.write(resp(...c));
      t.after(() => socket.destroy());
      resolve(socket);
    });
  });
}

async function clientLine(redis: RedisProcess, name: string): Promise<Record<string, string> | undefined> {
  const line = (await redis.cli('CLIENT', 'LIST')).split('\n').find((l) => l.includes(` name=${name} `));
  return line ? Object.fromEntries(line.split(' ').map((p) => p.split('=', 2) as [string, string])) : undefined;
}

function results(fleet: FleetSnapshot, labels: Labels, params: Record<string, Record<string, number>> = {}) {
  const overrides = Object.entries(params).map(([ruleId, p]) => ({
    tenantId: 't',
    ruleId,
    enabled: true,
    params: p,
  }));
  return evaluateCatalog(withOverrides(builtinCatalog(), overrides as never), { fleet, labels });
}

test('CLIENT-301..304: absent without inspect.clients, passed on a quiet node, fired by real clients', async (t) => {
  const redis = await RedisProcess.start({ config: { 'client-output-buffer-limit': 'pubsub 64mb 0 0' } });
  t.after(() => redis.stop());

  const plain = await analyze([redis.url], { labels: PRODUCTION });
  for (const id of RULES)
    assert.equal(
      statusOn(
        plain.results.filter((r) => r.ruleId === id),
        redis.address
      ),
      'absent',
      id
    );
  assert.equal(plain.fleet.nodes[0].inspection, undefined, 'nothing inspected without opting in');

  const quiet = await analyze([redis.url], { labels: PRODUCTION, inspect: { clients: true } });
  const clients = quiet.fleet.nodes[0].inspection?.clients ?? [];
  assert.ok(
    clients.some((c) => c.name === 'redislens' && c.cmd === 'client|list'),
    'its own connection is listed'
  );
  assert.deepEqual(Object.keys(clients[0]).sort(), ['addr', 'cmd', 'flags', 'idle', 'name', 'obl', 'oll', 'omem']);
  for (const id of RULES)
    assert.equal(
      statusOn(
        quiet.results.filter((r) => r.ruleId === id),
        redis.address
      ),
      'passed',
      id
    );

  // A client that asks for a 20 MB value twice and stops reading.
  await redis.cli('SETRANGE', 'big', 20 * 1024 * 1024, 'x');
  const hog = await open(redis, t, ['CLIENT', 'SETNAME', 'hog']);
  hog.pause();
  hog.write(resp('GET', 'big') + resp('GET', 'big'));
  // A subscriber that stops reading while 48 messages of 1 MB are published (limit 64 MB: near, not over).
  const subscriber = await open(redis, t, ['CLIENT', 'SETNAME', 'subscriber'], ['SUBSCRIBE', 'news']);
  await waitFor('the subscription', async () =>
    (await clientLine(redis, 'subscriber'))?.flags === 'P' ? true : undefined
  );
  subscriber.pause();
  await pipe(
    redis,
    Array.from({ length: 48 }, () => ['PUBLISH', 'news', 'm'.repeat(1024 * 1024)])
  );
  // Three connections without a name, idle.
  for (let i = 0; i < 3; i++) await open(redis, t, ['PING']);
  await waitFor('buffers to fill and clients to idle', async () => {
    const list = await redis.cli('CLIENT', 'LIST');
    const hogLine = await clientLine(redis, 'hog');
    const subLine = await clientLine(redis, 'subscriber');
    const idle = list.split('\n').filter((l) => / name= /.test(l) && /idle=([2-9]|\d\d+) /.test(l)).length;
    return Number(hogLine?.omem) >= 16 * 1024 * 1024 && Number(subLine?.omem) >= 32 * 1024 * 1024 && idle >= 3
      ? true
      : undefined;
  });

  const busy = await analyze([redis.url], { labels: PRODUCTION, inspect: { clients: true } });
  const fired = results(busy.fleet, PRODUCTION, { 'CLIENT-303': { idle_seconds: 2, min_clients: 3 } });
  const one = (id: string) => {
    const mine = fired.filter((r) => r.ruleId === id && r.target === redis.address);
    assert.equal(mine.length, 1, id);
    return mine[0];
  };
  const hogResult = one('CLIENT-301');
  assert.equal(hogResult.status, 'fired', hogResult.reason);
  assert.match(hogResult.message, /^1 client\(s\) hold at least 16777216 bytes .*\(hog\) \d+ bytes after get$/);
  const pubsub = one('CLIENT-302');
  assert.equal(pubsub.status, 'fired', pubsub.reason);
  assert.match(pubsub.message, /50% of the pubsub output buffer limit \(67108864 bytes\).*\(subscriber\)/);
  const idle = one('CLIENT-303');
  assert.equal(idle.status, 'fired', idle.reason);
  // The three unnamed connections and the hog (it sent nothing since its GETs); not the subscriber.
  assert.equal(idle.evidence.idle_clients, 4, idle.message);
  const unnamed = one('CLIENT-304');
  assert.equal(unnamed.status, 'fired', unnamed.reason);
  assert.equal(unnamed.evidence.unnamed, 3, unnamed.message);
  // Defaults: an hour of idleness is needed; outside production names are not judged.
  assert.equal(
    statusOn(
      busy.results.filter((r) => r.ruleId === 'CLIENT-303'),
      redis.address
    ),
    'passed'
  );
  const staging = results(busy.fleet, { environment: 'staging' });
  assert.equal(
    statusOn(
      staging.filter((r) => r.ruleId === 'CLIENT-304'),
      redis.address
    ),
    'absent'
  );
  // Nothing of what the clients sent (values, messages, channel names) is kept.
  assert.doesNotMatch(JSON.stringify(busy.fleet.nodes[0].inspection), /news|mmmm|xxxx/);
});

test('CLIENT-301..304: not_evaluated, with the reason, where the target opted in but CLIENT LIST was denied', async (t) => {
  const redis = await RedisProcess.start();
  t.after(() => redis.stop());
  // RedisLens's user as the README's line grants it, without the clients feature's +client|list.
  await redis.cli('ACL', 'SETUSER', 'lens', 'on', '>lens-password-0123456789', ...LEAST_PRIVILEGE_ACL_RULES);
  const { fleet, results } = await analyze([`redis://lens:lens-password-0123456789@${redis.address}`], {
    inspect: { clients: true },
    labels: PRODUCTION,
  });
  assert.match(fleet.nodes[0].inspection?.failures.clients?.message ?? '', /NOPERM|permission/i);
  for (const id of RULES) {
    const result = results.find((r) => r.ruleId === id && r.target === redis.address);
    assert.equal(result?.status, 'not_evaluated', id);
    assert.match(result!.reason!, new RegExp(`^the clients inspection failed on ${redis.address}: `), id);
  }
});
