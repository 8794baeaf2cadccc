import { waitFor, type RedisProcess } from './redis-process.js';

/**
 * Waits until no save or rewrite runs, then clears the latency record: the test's own bulk loading, replica
 * syncs and the AOF's first rewrite are set-up, not the steady state being judged, and on a busy CI host
 * they can stall the event loop past the 100 ms threshold (LAT-201 rightly reports such stalls).
 */
export async function settle(nodes: RedisProcess[]): Promise<void> {
  for (const node of nodes) {
    await waitFor(`${node.address} to finish background persistence`, async () => {
      const info = await node.cli('INFO', 'persistence');
      return /rdb_bgsave_in_progress:0/.test(info) && /aof_rewrite_in_progress:0/.test(info) ? true : undefined;
    });
    await node.cli('LATENCY', 'RESET');
  }
}
