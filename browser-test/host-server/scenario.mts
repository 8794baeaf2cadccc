/**
 * What the browser tests look at: a real sidecar analysing real Redis
 * processes with real problems, on free loopback ports.
 * - `cache`: a standalone redis-server whose maxmemory exceeds the host's RAM
 *   (MEM-102, a warning in the catalog: the known-bad directive the config table must put first);
 *   The cache opts in to client inspection and holds a named application connection (the Clients tab shows
 *   it), and is analysed twice so the Commands tab has per-command rates;
 * - `sessions`: a Sentinel set (master, two replicas, three Sentinels) whose
 *   second replica is dead (TOPO-001 names it; the topology marks it unreachable).
 */
import { Redis } from 'ioredis';
import { RedisProcess } from '../../server/test/harness/redis-process.js';
import { startSentinelSet, type SentinelSet } from '../../server/test/harness/topologies.js';
import { eventually, startTestSidecar, type TestSidecar } from '../../server/test/harness/sidecar-harness.js';

/** The datasource's token: Grafana keeps it in secureJsonData and hands it decrypted to the backend only. */
export const DATASOURCE_TOKEN = 'browser-host-datasource-token-0123456789';
export const TENANT = 'browser';
/** maxmemory far above any test machine's RAM (1 PiB). */
export const BAD_MAXMEMORY = String(1024 ** 5);
export const APP_CLIENT_NAME = 'checkout-worker';

export interface Scenario {
  sidecar: TestSidecar;
  cache: RedisProcess;
  sentinelSet: SentinelSet;
  deadReplica: string;
  targets: { cache: string; sessions: string };
  /** The application connection held open on cache, by its CLIENT SETNAME. */
  appClientName: string;
  stop(): Promise<void>;
}

async function openAnomalies(sidecar: TestSidecar): Promise<{ ruleId: string; targetId: string; resource: string }[]> {
  const { status, body } = await sidecar.api('GET', '/api/v1/anomalies?status=open&limit=500', {
    token: DATASOURCE_TOKEN,
  });
  if (status !== 200) throw new Error(`GET /api/v1/anomalies answered ${status}: ${JSON.stringify(body)}`);
  return body.items;
}

export async function startScenario(log: (line: string) => void): Promise<Scenario> {
  const started: { stop(): Promise<void> }[] = [];
  try {
    log('starting redis-server (cache) and a Sentinel set');
    const [cache, sentinelSet] = await Promise.all([
      RedisProcess.start({ config: { maxmemory: BAD_MAXMEMORY } }),
      startSentinelSet({ replicas: 2, sentinels: 3 }),
    ]);
    started.push(cache, sentinelSet);
    // An application connection of the test's own (never through RedisLens) that the Clients tab must list.
    const app = new Redis(cache.port, '127.0.0.1', { connectionName: APP_CLIENT_NAME, lazyConnect: true });
    await app.connect();
    await app.set('cart:1', 'x');
    started.push({ stop: async () => void app.disconnect() });
    const dead = sentinelSet.replicas[1];
    const deadReplica = dead.address;
    await dead.stop();

    process.env.REDISLENS_BROWSER_TOKEN = DATASOURCE_TOKEN;
    const sidecar = await startTestSidecar(
      {
        tenants: [
          {
            id: TENANT,
            name: 'Browser tests',
            tokens: [{ name: 'grafana', token: '$__env{REDISLENS_BROWSER_TOKEN}', role: 'editor' }],
          },
        ],
        targets: [
          {
            tenant: TENANT,
            name: 'cache',
            url: cache.url,
            labels: { workload: 'cache' },
            intervalSeconds: 3600,
            inspect: { clients: true },
          },
          {
            tenant: TENANT,
            name: 'sessions',
            url: sentinelSet.sentinelUrl,
            labels: { workload: 'datastore' },
            intervalSeconds: 3600,
          },
        ],
      },
      { grpcListen: '127.0.0.1:0' }
    );
    started.push({ stop: () => sidecar.stop() });

    const list = (await sidecar.api('GET', '/api/v1/targets', { token: DATASOURCE_TOKEN })).body.items as {
      id: string;
      name: string;
    }[];
    const idOf = (name: string) => {
      const target = list.find((t) => t.name === name);
      if (!target) throw new Error(`provisioned target ${name} missing: ${JSON.stringify(list)}`);
      return target.id;
    };
    const targets = { cache: idOf('cache'), sessions: idOf('sessions') };

    log('waiting for the first analyses (MEM-102 on cache, TOPO-001 on sessions)');
    await eventually(
      'MEM-102 on cache and TOPO-001 on sessions',
      async () => {
        const open = await openAnomalies(sidecar);
        const has = (ruleId: string, targetId: string) =>
          open.some((a) => a.ruleId === ruleId && a.targetId === targetId);
        return has('MEM-102', targets.cache) && has('TOPO-001', targets.sessions);
      },
      120_000
    );
    // A second analysis of cache: per-command rates need two snapshots.
    await app.get('cart:1');
    const second = await sidecar.api('POST', `/api/v1/targets/${targets.cache}/analyses`, { token: DATASOURCE_TOKEN });
    if (second.status !== 202) throw new Error(`second analysis of cache answered ${second.status}`);
    await eventually(
      'the second analysis of cache',
      async () => {
        const analysis = await sidecar.api('GET', `/api/v1/analyses/${second.body.id}`, { token: DATASOURCE_TOKEN });
        return analysis.body.status === 'succeeded';
      },
      60_000
    );
    return {
      sidecar,
      appClientName: APP_CLIENT_NAME,
      cache,
      sentinelSet,
      deadReplica,
      targets,
      async stop() {
        app.disconnect();
        await sidecar.stop();
        await Promise.all([cache.stop(), sentinelSet.stop()]);
      },
    };
  } catch (error) {
    await Promise.allSettled(started.reverse().map((s) => s.stop()));
    throw error;
  }
}
