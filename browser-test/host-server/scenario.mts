/**
 * What the browser tests look at: a real sidecar analysing real Redis
 * processes with real problems, on free loopback ports.
 * - `cache`: a standalone redis-server whose maxmemory exceeds the host's RAM
 *   (MEM-102, a warning in the catalog: the known-bad directive the config table must put first);
 * - `sessions`: a Sentinel set (master, two replicas, three Sentinels) whose
 *   second replica is dead (TOPO-001 names it; the topology marks it unreachable).
 */
import { RedisProcess } from '../../server/test/harness/redis-process.js';
import { startSentinelSet, type SentinelSet } from '../../server/test/harness/topologies.js';
import { eventually, startTestSidecar, type TestSidecar } from '../../server/test/harness/sidecar-harness.js';

/** The datasource's token: Grafana keeps it in secureJsonData and hands it decrypted to the backend only. */
export const DATASOURCE_TOKEN = 'browser-host-datasource-token-0123456789';
export const TENANT = 'browser';
/** maxmemory far above any test machine's RAM (1 PiB). */
export const BAD_MAXMEMORY = String(1024 ** 5);

export interface Scenario {
  sidecar: TestSidecar;
  cache: RedisProcess;
  sentinelSet: SentinelSet;
  deadReplica: string;
  targets: { cache: string; sessions: string };
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
          { tenant: TENANT, name: 'cache', url: cache.url, labels: { workload: 'cache' }, intervalSeconds: 3600 },
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
    return {
      sidecar,
      cache,
      sentinelSet,
      deadReplica,
      targets,
      async stop() {
        await sidecar.stop();
        await Promise.all([cache.stop(), sentinelSet.stop()]);
      },
    };
  } catch (error) {
    await Promise.allSettled(started.reverse().map((s) => s.stop()));
    throw error;
  }
}
