/**
 * The concurrent load of the key-space sampling benchmark, in its own thread so the sampler's parsing cannot
 * slow it down (plain JavaScript: a worker thread does not inherit tsx): closed-loop GET/SET on a few connections, every reply's latency recorded with its end time.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { Redis } from 'ioredis';

/** @type {{ port: number, connections: number, durationMs: number }} */
const { port, connections, durationMs } = workerData;
/** @type {[number, number][]} */
const samples = [];
const clients = Array.from({ length: connections }, () => new Redis({ port, host: '127.0.0.1' }));
const end = performance.timeOrigin + performance.now() + durationMs;
await Promise.all(
  clients.map(async (client, c) => {
    for (let i = 0; Date.now() < end; i++) {
      const started = performance.now();
      if (i % 4 === 0) {
        await client.set(`load:${c}:${i % 1000}`, 'v');
      } else {
        await client.get(`load:${c}:${i % 1000}`);
      }
      samples.push([performance.timeOrigin + performance.now(), performance.now() - started]);
    }
  })
);
for (const client of clients) {
  client.disconnect();
}
parentPort.postMessage(samples);
