/**
 * Collects one node: one pipelined round trip for a Redis node whose kind
 * is known, one more for Sentinel's per-master views or a Cluster's
 * CLUSTER replies. Every failure lands in the snapshot, never in a throw.
 */
import { commands, type CommandSpec } from './commands.js';
import { CollectError, type CollectFailure } from './errors.js';
import { infoField } from './info-parser.js';
import { clusterInfoRecord } from './cluster-parser.js';
import { ReadOnlyConnection, type CommandResult } from './read-only-connection.js';
import { redactConfig } from './redact.js';
import { formatEndpoint, type Credentials, type Endpoint } from './target-url.js';
import { countOwnCall, parseVersion, type FactSource, type NodeKind, type NodeSnapshot } from './snapshot.js';
import type { SentinelMasterView } from './sentinel-parser.js';
import { summarizeAclLog, type AclUserFacts } from './acl.js';
import { doctorText, type CommandLatency } from './memory-latency.js';
import { aclListLinesSpec, commandTableSpec, compareAclDrift, type AclFile } from './acl-drift.js';

export interface CollectOptions {
  credentials: Credentials;
  tls: boolean;
  connectTimeoutMs: number;
  commandTimeoutMs: number;
  /** Name RedisLens gives its own connections (CLIENT SETNAME) so operators can spot them. */
  clientName: string;
  /** Refuses endpoints before anything is sent (API targets: the operator's target policy). */
  connectGuard?: (endpoint: Endpoint) => Promise<string>;
  /**
   * The ACL file the operator's config management deploys (analyze --acl-file): each Redis node's users are
   * compared with it (acl-drift.ts), which adds the command table (COMMAND INFO) to what is sent.
   */
  aclFile?: AclFile;
}

export const DEFAULT_COLLECT_OPTIONS: Omit<CollectOptions, 'credentials' | 'tls'> = {
  connectTimeoutMs: 3000,
  commandTimeoutMs: 5000,
  clientName: 'redislens',
};

const AUTH_NOT_NEEDED = /called without any password configured/i;

function unreachable(address: string, kind: NodeKind, failure: CollectFailure): NodeSnapshot {
  return {
    address,
    kind,
    role: 'unknown',
    reachable: false,
    error: failure,
    collectedAt: new Date().toISOString(),
    failures: {},
  };
}

export async function collectNode(
  endpoint: Endpoint,
  expectedKind: NodeKind,
  options: CollectOptions
): Promise<NodeSnapshot> {
  const address = formatEndpoint(endpoint);
  const own: Pick<NodeSnapshot, 'ownCalls'> = {};
  const onCall = (name: string) => countOwnCall(own, name);
  let connection: ReadOnlyConnection;
  try {
    connection = await ReadOnlyConnection.open({
      endpoint,
      ...options,
      ...(options.aclFile ? { features: ['acl_drift' as const] } : {}),
      onCall,
    });
  } catch (error) {
    const failure =
      error instanceof CollectError ? error.toFailure() : { code: 'unreachable' as const, message: String(error) };
    return unreachable(address, expectedKind, failure);
  }
  try {
    const [snapshot, unauthenticatedAccess] = await Promise.all([
      collectOver(connection, address, expectedKind, options),
      options.credentials.password ? probeUnauthenticated(endpoint, options, onCall) : Promise.resolve(undefined),
    ]);
    if (snapshot.reachable) {
      if (own.ownCalls) snapshot.ownCalls = own.ownCalls;
      // Without credentials, the main connection itself is the unauthenticated probe.
      snapshot.unauthenticatedAccess = options.credentials.password ? unauthenticatedAccess : true;
    }
    return snapshot;
  } finally {
    connection.close();
  }
}

async function collectOver(
  connection: ReadOnlyConnection,
  address: string,
  expectedKind: NodeKind,
  options: CollectOptions
): Promise<NodeSnapshot> {
  const snapshot: NodeSnapshot = {
    address,
    kind: expectedKind,
    role: 'unknown',
    reachable: true,
    collectedAt: new Date().toISOString(),
    failures: {},
  };
  const record = <T>(source: FactSource, result: CommandResult<T>): T | undefined => {
    if (result.ok) return result.value;
    snapshot.failures[source] ??= result.failure;
    return undefined;
  };

  const preamble: CommandSpec<unknown>[] = [];
  if (options.credentials.password) preamble.push(commands.auth(options.credentials));
  preamble.push(commands.clientSetName(options.clientName));
  const [head, ...rest] = await connection.batch([
    ...preamble,
    commands.role(),
    commands.info(expectedKind === 'sentinel' ? 'default' : 'all'),
    ...kindCommands(expectedKind),
  ]);
  const authResult = options.credentials.password ? head : undefined;
  if (authResult && !authResult.ok && !AUTH_NOT_NEEDED.test(authResult.failure.message)) {
    return unreachable(address, expectedKind, authResult.failure);
  }
  const afterPreamble = options.credentials.password ? rest.slice(1) : rest;
  const [roleResult, infoResult, ...kindResults] = afterPreamble as CommandResult<unknown>[];
  if (!roleResult.ok && !infoResult.ok) {
    const failure =
      infoResult.failure.code === 'auth_failed' && !options.credentials.password
        ? { code: 'auth_failed' as const, message: `${address} requires authentication and no password was given` }
        : infoResult.failure;
    return unreachable(address, expectedKind, failure);
  }

  const role = record('role', roleResult as CommandResult<{ role: NodeSnapshot['role'] }>);
  snapshot.info = record('info', infoResult as CommandResult<NodeSnapshot['info']>);
  const mode = infoField(snapshot.info, 'redis_mode');
  snapshot.kind = role?.role === 'sentinel' || mode === 'sentinel' ? 'sentinel' : 'redis';
  snapshot.role = role?.role ?? roleFromInfo(snapshot);
  const version = infoField(snapshot.info, 'redis_version');
  if (typeof version === 'string') snapshot.version = parseVersion(version);

  // A seed whose kind we guessed wrong gets the other kind's commands in a second round trip.
  const results = snapshot.kind === expectedKind ? kindResults : await connection.batch(kindCommands(snapshot.kind));
  if (snapshot.kind === 'redis') await applyRedisResults(connection, snapshot, results, record, options);
  else await applySentinelResults(connection, snapshot, results, record);
  return snapshot;
}

function roleFromInfo(snapshot: NodeSnapshot): NodeSnapshot['role'] {
  const role = infoField(snapshot.info, 'role');
  return role === 'master' ? 'master' : role === 'slave' ? 'replica' : 'unknown';
}

function kindCommands(kind: NodeKind): CommandSpec<unknown>[] {
  return kind === 'sentinel'
    ? [commands.sentinelMasters()]
    : [commands.configGetAll(), commands.slowlogLen(), commands.latencyLatest(), commands.aclList(), commands.aclLog()];
}

type Recorder = <T>(source: FactSource, result: CommandResult<T>) => T | undefined;

async function applyRedisResults(
  connection: ReadOnlyConnection,
  snapshot: NodeSnapshot,
  results: CommandResult<unknown>[],
  record: Recorder,
  options: CollectOptions
): Promise<void> {
  const [configResult, slowlogResult, latencyResult, aclResult, aclLogResult] = results;
  const config = record('config', configResult as CommandResult<NonNullable<NodeSnapshot['config']>>);
  if (config) Object.assign(snapshot, redactConfig(config));
  snapshot.slowlogLength = record('slowlog', slowlogResult as CommandResult<number>);
  snapshot.latency = record('latency', latencyResult as CommandResult<NonNullable<NodeSnapshot['latency']>>);
  snapshot.aclUsers = record('acl', aclResult as CommandResult<AclUserFacts[]>);
  const aclLog = record('acl_log', aclLogResult as CommandResult<Record<string, unknown>[]>);
  if (aclLog)
    snapshot.aclLog = summarizeAclLog(aclLog, snapshot.aclUsers && new Set(snapshot.aclUsers.map((u) => u.name)));
  await collectInternals(connection, snapshot, record);
  if (options.aclFile) await collectAclDrift(connection, snapshot, options.aclFile);
  if (infoField(snapshot.info, 'cluster_enabled') === 1) {
    const [info, nodes] = await connection.batch([commands.clusterInfo(), commands.clusterNodes()]);
    const clusterInfo = record('cluster', info);
    const clusterNodes = record('cluster', nodes);
    if (clusterInfo && clusterNodes) snapshot.cluster = { info: clusterInfoRecord(clusterInfo), nodes: clusterNodes };
  }
}

/**
 * The running users against the operator's ACL file: ACL LIST once more (its lines, hashes included, stay in
 * acl-drift.ts) and the command table, one round trip. Only the comparison's facts are kept.
 */
async function collectAclDrift(connection: ReadOnlyConnection, snapshot: NodeSnapshot, file: AclFile) {
  const major = snapshot.version?.major ?? 7;
  const minor = snapshot.version?.minor ?? 0;
  const [list, table] = await connection.batch([aclListLinesSpec(), commandTableSpec(major, minor)]);
  if (!list.ok) {
    snapshot.aclDrift = { file: file.path, compared: 0, users: [], unavailable: `ACL LIST: ${list.failure.message}` };
    return;
  }
  const command = major >= 7 ? 'COMMAND INFO' : 'COMMAND';
  const pubsub = snapshot.config?.['acl-pubsub-default'];
  snapshot.aclDrift = compareAclDrift({
    file,
    aclList: list.value,
    ...(table.ok ? { table: table.value } : { tableUnavailable: `${command} failed: ${table.failure.message}` }),
    major,
    minor,
    ...(typeof pubsub === 'string' ? { pubsubDefault: pubsub } : {}),
  });
}

/** MEMORY STATS, the doctors and (7.0+, known from INFO by now) LATENCY HISTOGRAM: one more round trip. */
async function collectInternals(connection: ReadOnlyConnection, snapshot: NodeSnapshot, record: Recorder) {
  const histogram = (snapshot.version?.major ?? 0) >= 7;
  const [stats, memoryDoctor, latencyDoctor, latency] = await connection.batch([
    commands.memoryStats(),
    commands.memoryDoctor(),
    commands.latencyDoctor(),
    ...(histogram ? [commands.latencyHistogram()] : []),
  ]);
  snapshot.memoryStats = record('memory', stats);
  const memory = record('doctor', memoryDoctor);
  const latencyText = record('doctor', latencyDoctor);
  if (memory !== undefined || latencyText !== undefined) {
    snapshot.doctor = {
      ...(memory !== undefined ? { memory: doctorText(memory) } : {}),
      ...(latencyText !== undefined ? { latency: doctorText(latencyText) } : {}),
    };
  }
  if (latency)
    snapshot.latencyHistogram = record('latency_histogram', latency as CommandResult<Record<string, CommandLatency>>);
}

async function applySentinelResults(
  connection: ReadOnlyConnection,
  snapshot: NodeSnapshot,
  results: CommandResult<unknown>[],
  record: Recorder
): Promise<void> {
  const masters = record('sentinel', results[0] as CommandResult<Record<string, unknown>[]>);
  if (!masters) return;
  const names = masters.map((m) => String(m.name));
  const perMaster = await connection.batch(
    names.flatMap((name) => [
      commands.sentinelReplicas(name),
      commands.sentinelSentinels(name),
      commands.sentinelCkquorum(name),
    ])
  );
  snapshot.sentinelMasters = names.map((name, i): SentinelMasterView => {
    const [replicas, sentinels, ckquorum] = perMaster.slice(i * 3, i * 3 + 3);
    return {
      name,
      master: masters[i] as SentinelMasterView['master'],
      replicas: (record('sentinel', replicas) as SentinelMasterView['replicas']) ?? [],
      sentinels: (record('sentinel', sentinels) as SentinelMasterView['sentinels']) ?? [],
      ckquorum: ckquorumView(ckquorum as CommandResult<string>),
    };
  });
}

/**
 * Only Sentinel's own NOQUORUM reply means "no quorum": a timeout, a lost connection or an ACL
 * denial says nothing about the quorum, so it is an error the rules report as not_evaluated.
 */
function ckquorumView(result: CommandResult<string>): SentinelMasterView['ckquorum'] {
  if (result.ok) return { ok: true, status: 'ok', message: String(result.value) };
  const text = result.failure.message.replace(/^.*answered an error: /, '');
  return /^NOQUORUM\b/.test(text)
    ? { ok: false, status: 'noquorum', message: text }
    : { ok: false, status: 'error', message: `${result.failure.code}: ${result.failure.message}` };
}

/** Opens a second connection without credentials and PINGs: is the default user open? */
async function probeUnauthenticated(
  endpoint: Endpoint,
  options: CollectOptions,
  onCall: (name: string) => void
): Promise<boolean | undefined> {
  let connection: ReadOnlyConnection | undefined;
  try {
    connection = await ReadOnlyConnection.open({ endpoint, ...options, onCall });
    const [pong] = await connection.batch([commands.ping()]);
    if (pong.ok) return pong.value === 'PONG';
    return pong.failure.code === 'auth_failed' || /NOAUTH/.test(pong.failure.message) ? false : undefined;
  } catch {
    return undefined;
  } finally {
    connection?.close();
  }
}
