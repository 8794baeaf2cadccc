/**
 * A child process holding many latency proxies, so their work does not share
 * an event loop with the sidecar or with the bench's readers. Reads
 * {"upstreams": [port...], "count": n, "rttMs": ms} as argv[2] (JSON), opens
 * n proxies round-robin over the upstreams and prints their ports as one JSON
 * line; exits when its parent closes stdin.
 */
import { startLatencyProxy, type LatencyProxy } from './latency-proxy.mjs';

const { upstreams, count, rttMs } = JSON.parse(process.argv[2]) as {
  upstreams: number[];
  count: number;
  rttMs: number;
};
const proxies: LatencyProxy[] = [];
for (let i = 0; i < count; i += 100)
  proxies.push(
    ...(await Promise.all(
      Array.from({ length: Math.min(100, count - i) }, (_, j) =>
        startLatencyProxy(upstreams[(i + j) % upstreams.length], rttMs)
      )
    ))
  );
process.stdout.write(JSON.stringify(proxies.map((p) => p.port)) + '\n');
process.stdin.resume();
process.stdin.on('end', () => process.exit(0));
