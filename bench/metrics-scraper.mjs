/**
 * Scrapes the sidecar's /metrics for sidecar-scale.bench.mts, on a worker thread of its own: at 5,000 targets
 * the exposition is ~4 MB, and reading and searching it on the readers' thread held their answers for tens of
 * milliseconds every scrape, which the bench then counted as the sidecar's latency.
 *
 * workerData: { url, everyMs }; posts { heap, loopMax, loopP99 } (bytes, seconds) after each scrape.
 */
import { parentPort, workerData } from 'node:worker_threads';

const { url, everyMs } = workerData;
const metric = (text, name) => Number(new RegExp(`^redislens_${name} (\\S+)`, 'm').exec(text)?.[1] ?? NaN);

setInterval(async () => {
  try {
    const text = await (await fetch(url)).text();
    parentPort.postMessage({
      heap: metric(text, 'nodejs_heap_size_used_bytes'),
      loopMax: metric(text, 'nodejs_eventloop_lag_max_seconds'),
      loopP99: metric(text, 'nodejs_eventloop_lag_p99_seconds'),
    });
  } catch {
    // The sidecar is stopping: the next scrape (if any) says more.
  }
}, everyMs);
