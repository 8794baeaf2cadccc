/**
 * The demo's Redis fleet, with real problems planted through each node's
 * own config file (the demo never writes to a node):
 *  - a Sentinel set whose quorum (4) exceeds its three Sentinels,
 *  - in that set a replica that accepts writes (replica-read-only no),
 *  - another replica of that set that stops for a while and comes back,
 *  - a standalone cache with no password, protected mode off and no maxmemory.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { RedisNode, type Directives } from './redis-node.js';

export const SENTINEL_MASTER = 'sessions';

export interface PlantedProblem {
  target: string;
  what: string;
  /** The rules expected to report it. */
  rules: string[];
}

export interface ProvisionedTarget {
  name: string;
  url: string;
  password?: string;
  labels: Record<string, string>;
}

export interface DemoFleet {
  nodes: RedisNode[];
  /** The replica the outage stops and restarts. */
  flappingReplica: RedisNode;
  targets: ProvisionedTarget[];
  planted: PlantedProblem[];
  stop(): Promise<void>;
  killNow(): void;
}

export async function startDemoFleet(
  root: string,
  outage: { afterSeconds: number; forSeconds: number }
): Promise<DemoFleet> {
  const nodes: RedisNode[] = [];
  const start = async (name: string, kind: 'redis' | 'sentinel', config: Directives) => {
    const node = await RedisNode.start(root, name, kind, config);
    nodes.push(node);
    return node;
  };
  const fleet: Omit<DemoFleet, 'flappingReplica' | 'targets' | 'planted'> = {
    nodes,
    stop: async () => {
      await Promise.all(nodes.map((n) => n.stop()));
    },
    killNow: () => nodes.forEach((n) => n.killNow()),
  };
  try {
    // The Sentinel set is password-protected (as it should be); its password is a file the sidecar reads by reference.
    mkdirSync(root, { recursive: true });
    const password = randomBytes(24).toString('hex');
    const passwordFile = join(root, 'sessions-password');
    writeFileSync(passwordFile, password, { mode: 0o600 });
    const auth = { requirepass: password, masterauth: password };
    const master = await start('sessions-master', 'redis', auth);
    const replicaOf = { ...auth, replicaof: `127.0.0.1 ${master.port}` };
    const writable = await start('sessions-replica-writable', 'redis', { ...replicaOf, 'replica-read-only': 'no' });
    const flapping = await start('sessions-replica-flapping', 'redis', replicaOf);
    const sentinels: RedisNode[] = [];
    for (let i = 1; i <= 3; i++) {
      sentinels.push(
        await start(`sessions-sentinel-${i}`, 'sentinel', {
          requirepass: password,
          sentinel: [
            `monitor ${SENTINEL_MASTER} 127.0.0.1 ${master.port} 4`,
            `auth-pass ${SENTINEL_MASTER} ${password}`,
            `down-after-milliseconds ${SENTINEL_MASTER} 5000`,
            `failover-timeout ${SENTINEL_MASTER} 60000`,
          ],
        })
      );
    }
    const cache = await start('cache', 'redis', { 'protected-mode': 'no', maxmemory: 0 });

    return {
      ...fleet,
      flappingReplica: flapping,
      targets: [
        {
          name: 'demo-sessions',
          url: `redis-sentinel://${sentinels.map((s) => s.address).join(',')}/${SENTINEL_MASTER}`,
          password: `$__file{${passwordFile}}`,
          labels: { environment: 'production', workload: 'session' },
        },
        {
          name: 'demo-cache',
          url: `redis://${cache.address}`,
          labels: { environment: 'production', workload: 'cache' },
        },
      ],
      planted: [
        { target: 'demo-sessions', what: 'Sentinel quorum 4 with only 3 Sentinels', rules: ['SENTINEL-103'] },
        {
          target: 'demo-sessions',
          what: `replica ${writable.address} accepts writes (replica-read-only no)`,
          rules: ['REPL-104'],
        },
        {
          target: 'demo-sessions',
          what: `replica ${flapping.address} stops after ${outage.afterSeconds} s and is back ${outage.forSeconds} s later (repeating)`,
          rules: ['TOPO-001'],
        },
        {
          target: 'demo-cache',
          what: `${cache.address}: no password, protected-mode no, maxmemory 0`,
          rules: ['SEC-101'],
        },
      ],
    };
  } catch (error) {
    await fleet.stop();
    throw error;
  }
}

/**
 * Stops the replica after `afterSeconds`, starts it again `forSeconds` later,
 * and repeats, so TOPO-001 opens and auto-resolves while the demo runs.
 * cancel() waits for a stop or start in progress, so nothing outlives it.
 */
export function scheduleOutage(
  node: RedisNode,
  outage: { afterSeconds: number; forSeconds: number },
  report: (event: 'stopped' | 'restarted' | 'restart-failed', detail?: string) => void
): { cancel(): Promise<void> } {
  let timer: NodeJS.Timeout | undefined;
  let cancelled = false;
  let inFlight: Promise<void> = Promise.resolve();
  const after = (seconds: number, step: () => Promise<void>) => {
    timer = setTimeout(() => {
      if (!cancelled) inFlight = step();
    }, seconds * 1000);
  };
  const stopStep = async () => {
    await node.stop();
    report('stopped');
    after(outage.forSeconds, startStep);
  };
  const startStep = async () => {
    try {
      await node.launch();
      report('restarted');
      after(outage.afterSeconds, stopStep);
    } catch (error) {
      report('restart-failed', (error as Error).message);
    }
  };
  after(outage.afterSeconds, stopStep);
  return {
    cancel: async () => {
      cancelled = true;
      clearTimeout(timer);
      await inFlight;
      clearTimeout(timer);
    },
  };
}
