/**
 * Builds a key space of every type through the test's own client (redis-cli --pipe), never through RedisLens.
 * Key names carry a marker so tests can prove no name appears in clear anywhere RedisLens writes.
 */
import { spawn } from 'node:child_process';
import type { RedisProcess } from '../harness/redis-process.js';

export const KEY_MARKER = 'secretcustomer';

/** Commands that return values or members: none may ever reach the server from RedisLens. */
export const DATA_READS = [
  'get',
  'mget',
  'getrange',
  'getex',
  'getdel',
  'hget',
  'hmget',
  'hgetall',
  'hkeys',
  'hvals',
  'hscan',
  'hrandfield',
  'lrange',
  'lindex',
  'lpos',
  'smembers',
  'sscan',
  'srandmember',
  'sinter',
  'sunion',
  'sdiff',
  'zrange',
  'zrangebyscore',
  'zrevrange',
  'zscan',
  'zrandmember',
  'xrange',
  'xrevrange',
  'xread',
  'xreadgroup',
  'dump',
  'sort',
  'keys',
  'monitor',
  'object|freq',
  'debug',
  'substr',
  'strlen',
  'hstrlen',
  'getbit',
  'bitcount',
  'pfcount',
  'geopos',
  'json.get',
];

function resp(args: string[]): string {
  return `*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('')}`;
}

/** Runs the commands with redis-cli --pipe (the harness's admin credentials). */
export async function pipe(redis: RedisProcess, commands: string[][], auth: string[] = []): Promise<void> {
  const child = spawn('redis-cli', ['-h', '127.0.0.1', '-p', String(redis.port), ...auth, '--pipe'], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const done = new Promise<number>((resolve) => child.once('exit', (code) => resolve(code ?? 1)));
  child.stdin.end(commands.map(resp).join(''));
  const code = await done;
  if (code !== 0 || !/errors: 0/.test(out)) throw new Error(`redis-cli --pipe failed: ${out.slice(-300)}`);
}

/**
 * `count` keys spread over strings, hashes, lists, sets, sorted sets and streams (with a consumer group),
 * a share with TTLs, under a few prefixes; plus a few hashes converted to hashtable by one long field value.
 */
export function keyspaceCommands(count: number): string[][] {
  const commands: string[][] = [];
  for (let i = 0; i < count; i++) {
    const name = `${['user', 'session', 'cart', 'feed', 'rank', 'events'][i % 6]}:${KEY_MARKER}-${i}`;
    switch (i % 6) {
      case 0:
        commands.push(['SET', name, `value-${KEY_MARKER}-${i}`]);
        break;
      case 1:
        commands.push(['HSET', name, 'field', `v-${KEY_MARKER}`, 'other', '2'], ['EXPIRE', name, '3600']);
        break;
      case 2:
        commands.push(['RPUSH', name, 'a', 'b', `c-${KEY_MARKER}`]);
        break;
      case 3:
        commands.push(['SADD', name, 'x', 'y', `z-${KEY_MARKER}`]);
        break;
      case 4:
        commands.push(['ZADD', name, '1', 'a', '2', `b-${KEY_MARKER}`], ['EXPIRE', name, '3600']);
        break;
      case 5:
        commands.push(['XADD', name, '*', 'payload', `p-${KEY_MARKER}`]);
        if (i < 60) commands.push(['XGROUP', 'CREATE', name, 'workers', '0']);
        break;
    }
  }
  // Hashes within hash-max-listpack-entries that one long value pushed to hashtable.
  for (let i = 0; i < 5; i++) commands.push(['HSET', `blob:${KEY_MARKER}-${i}`, 'f', 'x'.repeat(200)]);
  // One big key (a 2 MB string).
  commands.push(['SET', `big:${KEY_MARKER}`, 'y'.repeat(2 * 1024 * 1024)]);
  return commands;
}
