/**
 * The network floor for `redislens analyze`, run as its own process by cli-speed.bench.mts: plain node and
 * ioredis, every node at once, one pipelined round trip each (PING, INFO, CONFIG GET *) after connecting.
 *
 *   node bench/floor-client.mjs <port> [<port> ...]
 */
import { Redis } from 'ioredis';

const ports = process.argv.slice(2).map(Number);
const replies = await Promise.all(
  ports.map(async (port) => {
    const client = new Redis({ host: '127.0.0.1', port, lazyConnect: true, enableReadyCheck: false });
    await client.connect();
    const result = await client.pipeline().ping().info().config('GET', '*').exec();
    client.disconnect();
    return result ?? [];
  })
);
const failed = replies.flat().filter(([error]) => error).length;
if (failed > 0 || replies.length !== ports.length) {
  process.stderr.write(`floor: ${failed} failed replies\n`);
  process.exit(1);
}
