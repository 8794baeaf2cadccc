/** Real multi-process topologies: replication groups, Sentinel sets, Clusters. */
import { RedisProcess, waitFor, type Directives } from './redis-process.js';

export interface Topology {
  all: RedisProcess[];
  stop(): Promise<void>;
}

const stopAll = (procs: RedisProcess[]) => async () => {
  await Promise.all(procs.map((p) => p.stop()));
};

export interface ReplicationGroup extends Topology {
  master: RedisProcess;
  replicas: RedisProcess[];
}

export async function startReplicationGroup(options: {
  replicas: number;
  master?: Directives;
  replica?: Directives;
}): Promise<ReplicationGroup> {
  const master = await RedisProcess.start({ config: options.master });
  const replicas = await Promise.all(
    Array.from({ length: options.replicas }, () =>
      RedisProcess.start({ config: { replicaof: `127.0.0.1 ${master.port}`, ...options.replica } })
    )
  );
  await waitFor('replicas to sync', async () => {
    const info = await master.cli('INFO', 'replication');
    const online = (info.match(/state=online/g) ?? []).length;
    return online === options.replicas ? true : undefined;
  });
  const all = [master, ...replicas];
  return { master, replicas, all, stop: stopAll(all) };
}

export interface SentinelSet extends ReplicationGroup {
  sentinels: RedisProcess[];
  masterName: string;
  sentinelUrl: string;
}

export async function startSentinelSet(
  options: {
    replicas?: number;
    sentinels?: number;
    quorum?: number;
    masterName?: string;
    sentinel?: Directives;
    master?: Directives;
    replica?: Directives;
  } = {}
): Promise<SentinelSet> {
  const masterName = options.masterName ?? 'mymaster';
  const sentinelCount = options.sentinels ?? 3;
  const group = await startReplicationGroup({
    replicas: options.replicas ?? 2,
    master: options.master,
    replica: options.replica,
  });
  const sentinels = await Promise.all(
    Array.from({ length: sentinelCount }, () =>
      RedisProcess.start({
        kind: 'sentinel',
        config: {
          sentinel: [
            `monitor ${masterName} 127.0.0.1 ${group.master.port} ${options.quorum ?? 2}`,
            `down-after-milliseconds ${masterName} 5000`,
            `failover-timeout ${masterName} 60000`,
          ],
          ...options.sentinel,
        },
      })
    )
  );
  // Sentinels find replicas through INFO and each other through hello messages (every 2 s).
  await waitFor('sentinels to see each other and the replicas', async () => {
    for (const s of sentinels) {
      const master = await s.cli('SENTINEL', 'MASTER', masterName);
      const fields = master.split('\n');
      const value = (k: string) => fields[fields.indexOf(k) + 1];
      if (Number(value('num-other-sentinels')) !== sentinelCount - 1) return undefined;
      if (Number(value('num-slaves')) !== group.replicas.length) return undefined;
    }
    return true;
  });
  const all = [...group.all, ...sentinels];
  return {
    ...group,
    sentinels,
    masterName,
    sentinelUrl: `redis-sentinel://${sentinels[0].address}/${masterName}`,
    all,
    stop: stopAll(all),
  };
}

export interface Cluster extends Topology {
  masters: RedisProcess[];
}

export async function startCluster(
  options: { masters?: number; replicasPerMaster?: number; config?: Directives } = {}
): Promise<Cluster> {
  const masters = options.masters ?? 3;
  const replicasPerMaster = options.replicasPerMaster ?? 0;
  const count = masters * (1 + replicasPerMaster);
  const all = await Promise.all(
    Array.from({ length: count }, () =>
      RedisProcess.start({ config: { 'cluster-enabled': 'yes', 'cluster-node-timeout': 5000, ...options.config } })
    )
  );
  await all[0].cli(
    '--cluster',
    'create',
    ...all.map((p) => p.address),
    '--cluster-replicas',
    replicasPerMaster,
    '--cluster-yes'
  );
  await waitFor('cluster state ok', async () => {
    for (const p of all) if (!(await p.cli('CLUSTER', 'INFO')).includes('cluster_state:ok')) return undefined;
    return true;
  });
  // cluster_state:ok comes before every node agrees on the configuration; resharding needs agreement.
  await waitFor('every node to agree on the cluster configuration', async () => {
    const report = await all[0].cli('--cluster', 'check', all[0].address);
    return /\[OK\] All nodes agree about slots configuration/.test(report) && !/\[ERR\]/.test(report)
      ? true
      : undefined;
  });
  // Slot agreement comes before every node has learnt, by gossip, which nodes became replicas.
  await waitFor('every node to see each replica as a replica', async () => {
    for (const p of all) {
      const lines = (await p.cli('CLUSTER', 'NODES')).split('\n');
      const replicas = lines.filter((line) => (line.split(' ')[2] ?? '').split(',').includes('slave'));
      if (replicas.length !== count - masters) return undefined;
    }
    return true;
  });
  return { masters: all.slice(0, masters), all, stop: stopAll(all) };
}
