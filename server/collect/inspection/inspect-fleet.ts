/**
 * The opt-in inspections, run after discovery: the topology is known by then, so key-space sampling can pick
 * one node per replication group (a replica when there is one) and spare a busy master. Each node gets its
 * own connection, allowed exactly the enabled features' commands. Failures land in node.inspection.failures.
 */
import pLimit from 'p-limit';
import { commands, type CommandSpec } from '../commands.js';
import { CollectError, type CollectFailure } from '../errors.js';
import { infoField } from '../info-parser.js';
import { ReadOnlyConnection } from '../read-only-connection.js';
import { masterEndpoint } from '../replication-links.js';
import { formatEndpoint, type Endpoint, type TargetSpec } from '../target-url.js';
import { countOwnCall, type FleetSnapshot, type NodeSnapshot } from '../snapshot.js';
import type { CollectOptions } from '../node-collector.js';
import { enabledFeatures, keyspaceSampling, type InspectFeature, type InspectOptions } from './inspect-options.js';
import { inspectionCommands as cmd } from './inspection-commands.js';
import { KeyNameHasher } from './key-names.js';
import { sampleKeyspace, type StreamKey } from './keyspace-sampler.js';
import { describeRunning } from './functions.js';
import { slowCommands } from './slowlog.js';
import { inspectStreams, findStreamKeys } from './streams.js';
import type { NodeInspection } from './inspection-facts.js';

/** Slow log entries read per node (the server keeps slowlog-max-len, 128 by default). */
const SLOWLOG_ENTRIES = 128;
/** Clients kept per node (the largest output buffers first): a bound on what one snapshot holds. */
const MAX_CLIENTS = 5000;
/** Nodes inspected at once: each inspection is a sequence of round trips, not one. */
const CONCURRENCY = 4;

export interface InspectFleetOptions extends Omit<CollectOptions, 'credentials' | 'tls'> {
  inspect: InspectOptions;
  /** HMAC key for key names (key-names.ts). */
  hmacKey: Buffer;
  /** The target each node was found from (its credentials and TLS setting). */
  targetOf: (address: string) => TargetSpec | undefined;
}

function endpointOf(address: string): Endpoint {
  const colon = address.lastIndexOf(':');
  return { host: address.slice(0, colon).replace(/^\[|\]$/g, ''), port: Number(address.slice(colon + 1)) };
}

const opsPerSec = (node: NodeSnapshot) => Number(infoField(node.info, 'instantaneous_ops_per_sec') ?? 0);

/**
 * Which nodes to sample, and why the others are not: per master, its first reachable replica with its link
 * up; the master itself only when it has none and serves at most opsCeiling ops/s.
 */
export function samplingPlan(
  fleet: FleetSnapshot,
  opsCeiling: number
): { sample: Set<string>; skipped: Map<string, string> } {
  const redis = fleet.nodes.filter((n) => n.reachable && n.kind === 'redis');
  const sample = new Set<string>();
  const skipped = new Map<string, string>();
  const replicasOf = new Map<string, NodeSnapshot[]>();
  for (const n of redis) {
    const master = masterEndpoint(n);
    if (!master) continue;
    const key = formatEndpoint(master);
    if (!replicasOf.has(key)) replicasOf.set(key, []);
    replicasOf.get(key)!.push(n);
  }
  const masters = redis.filter((n) => n.role === 'master');
  const known = new Set(masters.map((m) => m.address));
  for (const m of masters) {
    const replica = (replicasOf.get(m.address) ?? []).find((r) => infoField(r.info, 'master_link_status') === 'up');
    if (replica) {
      sample.add(replica.address);
      skipped.set(m.address, `sampled on its replica ${replica.address} instead`);
    } else if (opsCeiling > 0 && opsPerSec(m) <= opsCeiling) {
      sample.add(m.address);
    } else {
      skipped.set(
        m.address,
        opsCeiling === 0
          ? 'a master is never sampled (opsCeiling 0) and no replica with its link up was found'
          : `master serves ${opsPerSec(m)} ops/s, above the ceiling of ${opsCeiling}, and no replica with its link up was found`
      );
    }
  }
  // Replicas whose master is not part of the fleet (a replica given alone): sample the first of each.
  for (const [masterAddress, replicas] of replicasOf) {
    if (!known.has(masterAddress) && replicas.length > 0) sample.add(replicas[0].address);
  }
  return { sample, skipped };
}

export async function inspectFleet(fleet: FleetSnapshot, options: InspectFleetOptions): Promise<void> {
  const features = enabledFeatures(options.inspect);
  if (features.length === 0) return;
  const sampling = keyspaceSampling(options.inspect);
  const hasher = new KeyNameHasher(options.hmacKey, sampling.showPrefixes);
  const plan =
    features.includes('keyspace') || features.includes('streams')
      ? samplingPlan(fleet, sampling.opsCeiling)
      : { sample: new Set<string>(), skipped: new Map<string, string>() };
  const limit = pLimit(CONCURRENCY);
  const busy = (n: NodeSnapshot) => !n.reachable && n.error !== undefined && /: BUSY\b/.test(n.error.message);
  await Promise.all([
    ...fleet.nodes
      .filter((n) => n.reachable && n.kind === 'redis')
      .map((node) =>
        limit(async () => {
          const inspection: NodeInspection = { failures: {} };
          node.inspection = inspection;
          const fail = (feature: InspectFeature, error: unknown) => {
            inspection.failures[feature] ??=
              error instanceof CollectError
                ? error.toFailure()
                : { code: 'redis_error', message: (error as Error).message ?? String(error) };
          };
          try {
            await withConnection(node, features, options, true, (connection) =>
              inspectNode(connection, node, inspection, features, plan, options, hasher, fail)
            );
          } catch (error) {
            for (const f of features) fail(f, error);
          }
        })
      ),
    // A node answering BUSY runs a script or function past busy-reply-threshold; FUNCTION STATS is one of the
    // few commands it still answers, and says which function (not an EVAL script) and for how long.
    ...(features.includes('functions') ? fleet.nodes.filter(busy) : []).map((node) =>
      limit(async () => {
        try {
          await withConnection(node, features, options, false, async (connection) => {
            const [stats] = await connection.batch([cmd.functionStats()]);
            const running = stats.ok ? describeRunning(stats.value) : undefined;
            if (running && node.error) node.error = { ...node.error, message: `${node.error.message} (${running})` };
          });
        } catch {
          // The node stays unreachable with the error its collection gave; this was only an explanation.
        }
      })
    ),
  ]);
}

/**
 * Runs `work` on a connection of its own to the node, allowed the enabled features' commands, after AUTH and
 * (unless the node is busy: CLIENT SETNAME waits out a script) naming the connection.
 */
async function withConnection(
  node: NodeSnapshot,
  features: InspectFeature[],
  options: InspectFleetOptions,
  setName: boolean,
  work: (connection: ReadOnlyConnection) => Promise<void>
): Promise<void> {
  const target = options.targetOf(node.address);
  if (!target) return;
  const connection = await ReadOnlyConnection.open({
    endpoint: endpointOf(node.address),
    tls: target.tls,
    connectTimeoutMs: options.connectTimeoutMs,
    commandTimeoutMs: options.commandTimeoutMs,
    ...(options.connectGuard ? { connectGuard: options.connectGuard } : {}),
    features,
    onCall: (name) => countOwnCall(node, name),
  });
  try {
    const preamble: CommandSpec<unknown>[] = [];
    if (target.credentials.password) preamble.push(commands.auth(target.credentials));
    if (setName) preamble.push(commands.clientSetName(options.clientName));
    const replies = await connection.batch(preamble);
    const denied = replies.find((r) => !r.ok && !/without any password configured/i.test(r.failure.message));
    if (denied && !denied.ok) throw new CollectError(denied.failure.code, denied.failure.message);
    await work(connection);
  } finally {
    connection.close();
  }
}

/** The databases holding keys, from INFO keyspace (db0:keys=...,expires=...), in order; db0 when none does. */
export function keyspaceDatabases(node: NodeSnapshot): { db: number; keys: number }[] {
  const databases = Object.entries(node.info?.keyspace ?? {})
    .map(([name, value]) => ({ db: /^db(\d+)$/.exec(name)?.[1], keys: (value as { keys?: number }).keys }))
    .filter((d): d is { db: string; keys: number } => d.db !== undefined && typeof d.keys === 'number' && d.keys > 0)
    .map((d) => ({ db: Number(d.db), keys: d.keys }))
    .sort((a, b) => a.db - b.db);
  return databases.length > 0 ? databases : [{ db: 0, keys: 0 }];
}

async function inspectNode(
  connection: ReadOnlyConnection,
  node: NodeSnapshot,
  inspection: NodeInspection,
  features: InspectFeature[],
  plan: ReturnType<typeof samplingPlan>,
  options: InspectFleetOptions,
  hasher: KeyNameHasher,
  fail: (feature: InspectFeature, error: unknown) => void
): Promise<void> {
  const failure = (f: InspectFeature, x: { failure: CollectFailure }) =>
    fail(f, new CollectError(x.failure.code, x.failure.message));
  if (features.includes('clients')) {
    const [r] = await connection.batch([cmd.clientList()]);
    if (r.ok) {
      inspection.clientsTotal = r.value.length;
      inspection.clients = [...r.value].sort((a, b) => b.omem - a.omem || b.idle - a.idle).slice(0, MAX_CLIENTS);
    } else failure('clients', r);
  }
  if (features.includes('functions')) {
    if ((node.version?.major ?? 0) < 7) {
      inspection.failures.functions = {
        code: 'command_unavailable',
        message: `FUNCTION LIST and FUNCTION STATS need Redis 7.0 or later; this node runs ${node.version?.text ?? 'an unknown version'}`,
      };
    } else {
      const [list, stats] = await connection.batch([cmd.functionList(), cmd.functionStats()]);
      if (list.ok) inspection.functions = list.value;
      else failure('functions', list);
      if (stats.ok) inspection.functionStats = stats.value;
      else failure('functions', stats);
    }
  }
  if (features.includes('slowlog')) {
    const [r] = await connection.batch([cmd.slowlogGet(SLOWLOG_ENTRIES)]);
    if (r.ok) {
      inspection.slowlog = r.value;
      inspection.slowCommands = slowCommands(r.value);
    } else failure('slowlog', r);
  }
  const sampleHere = plan.sample.has(node.address);
  if (!sampleHere) {
    const why = plan.skipped.get(node.address);
    if (why && (features.includes('keyspace') || features.includes('streams'))) inspection.keyspaceSkipped = why;
    return;
  }
  const sampling = keyspaceSampling(options.inspect);
  const databases = keyspaceDatabases(node);
  let streamKeys: StreamKey[] | undefined;
  if (features.includes('keyspace')) {
    try {
      const result = await sampleKeyspace({ connection, sampling, hasher, config: node.config, databases });
      inspection.keyspace = result.sample;
      streamKeys = result.streamKeys;
    } catch (error) {
      fail('keyspace', error);
    }
  }
  if (features.includes('streams')) {
    try {
      streamKeys ??= await findStreamKeys(connection, sampling, databases);
      inspection.streams = await inspectStreams(connection, streamKeys, hasher);
    } catch (error) {
      fail('streams', error);
    }
  }
}
