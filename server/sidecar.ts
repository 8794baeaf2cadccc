/**
 * The long-running sidecar (`redislens serve`): store, provisioning,
 * scheduler and the REST API, wired together. Grafana's protocol (gRPC) is
 * served beside the REST API from the same services.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { pino } from 'pino';
import { isPostgresUrl, openStore } from './store/open-store.js';
import type { Store } from './store/store.js';
import { loadCatalog, BUILTIN_RULES_DIR, type Catalog } from './rules/catalog-loader.js';
import { AnalysisRunner } from './scheduler/analysis-runner.js';
import { AnalysisPool } from './analysis/analysis-pool.js';
import { Scheduler } from './scheduler/scheduler.js';
import { QueuedScheduler } from './scheduler/queued-scheduler.js';
import type { AnalysisScheduler } from './scheduler/analysis-scheduler.js';
import { StoreReadService } from './service/store-read-service.js';
import { WriteService } from './service/write-service.js';
import { SidecarMetrics } from './metrics/sidecar-metrics.js';
import { createApi } from './api/create-api.js';
import { bearerResolver, type IdentityResolver } from './api/authentication.js';
import { authenticate } from './auth/token-auth.js';
import { applyProvisioning } from './provisioning/provisioning-file.js';
import { serveGrafana } from './grafana/serve-for-sidecar.js';
import type { GrafanaServer } from './grafana/server.js';
import { DEFAULT_TARGET_POLICY, TargetPolicy } from './targets/target-policy.js';
import { SecretRefPolicy } from './targets/secret-ref.js';
import type { SidecarOptions } from './sidecar-options.js';

export { DEFAULT_SIDECAR_OPTIONS, type SidecarOptions } from './sidecar-options.js';

export interface Sidecar {
  /** http://host:port of the REST API. */
  url: string;
  store: Store;
  catalog: Catalog;
  scheduler: AnalysisScheduler;
  read: StoreReadService;
  write: WriteService;
  metrics: SidecarMetrics;
  /** Extra identity resolvers (the Grafana bridge) are added here before the first request. */
  resolvers: IdentityResolver[];
  /** The REST app as a plain request handler, for in-process calls (Grafana's CallResource). */
  httpHandler: (req: IncomingMessage, res: ServerResponse) => void;
  /** host:port of the Grafana plugin protocol server, when grpcListen was given. */
  grpcAddress?: string;
  close(): Promise<void>;
}

/** host:port to listen on; port 0 asks the kernel for a free one. */
export function parseListenAddress(text: string): { host: string; port: number } {
  const match = /^(?:\[([^\]]+)\]|([^:]+)):(\d+)$/.exec(text.trim());
  const port = Number(match?.[3]);
  if (!match || port > 65535)
    throw new Error(`invalid listen address "${text}": expected host:port, e.g. 127.0.0.1:8080`);
  return { host: match[1] ?? match[2], port };
}

export async function startSidecar(options: SidecarOptions): Promise<Sidecar> {
  const logger = options.logger ?? pino({ name: 'redislens' }, pino.destination(2));
  // Both policies are checked before anything opens: a bad option fails start-up, not a request.
  const targetPolicy = new TargetPolicy({ ...DEFAULT_TARGET_POLICY, ...options.targetPolicy });
  const secretRefs = new SecretRefPolicy(options.secretRefAllow);
  const shared = isPostgresUrl(options.store);
  const jobExpireSeconds = options.jobExpireSeconds ?? 300;
  const store = await openStore({ dataDir: options.dataDir, store: options.store });
  // A shared store holds other sidecars' live analyses: only those older than the job expiry are dead.
  const interrupted = await store.analyses.interruptUnfinished(
    Date.now(),
    shared ? { startedBefore: Date.now() - jobExpireSeconds * 1000 } : undefined
  );
  if (interrupted)
    logger.warn({ interrupted }, 'marked analyses left unfinished by the previous process as interrupted');

  const catalogOptions = { dirs: [BUILTIN_RULES_DIR, ...(options.rulesDirs ?? [])] };
  // The analysis threads load the same catalog as this thread (whose copy serves the pages and the API), meanwhile.
  const starting =
    options.analysisThreads > 0
      ? AnalysisPool.start({ catalog: catalogOptions, threads: options.analysisThreads })
      : undefined;
  starting?.catch(() => undefined);
  let catalog: Catalog;
  try {
    catalog = loadCatalog(catalogOptions);
  } catch (error) {
    await starting?.then((pool) => pool.close()).catch(() => undefined);
    throw error;
  }
  const analyzer = await starting;
  if (options.provisionDir) {
    // Replicas starting together apply the same file one after the other, never inserting the same row at once.
    const applied = await store.exclusively('provisioning', () =>
      applyProvisioning(options.provisionDir!, store, { secretKey: options.secretKey, now: Date.now() })
    );
    logger.info(applied, 'provisioning applied');
  }

  const metrics = new SidecarMetrics(store);
  const runner = new AnalysisRunner({
    store,
    catalog,
    ...(analyzer ? { analyzer } : {}),
    logger,
    secretKey: options.secretKey,
    fullSnapshotEverySeconds: options.fullSnapshotEverySeconds,
    timeoutMs: options.timeoutMs,
    observer: metrics,
    targetPolicy,
    secretRefs,
  });
  const schedulerOptions = {
    store,
    runner,
    logger,
    concurrency: options.concurrency,
    tickMs: options.tickMs,
    minApiIntervalSeconds: targetPolicy.options.minIntervalSeconds,
  };
  const scheduler: AnalysisScheduler = shared
    ? new QueuedScheduler({
        ...schedulerOptions,
        // Here the same share of the interval is the window after its slot's start in which a job starts (jobs
        // started at their targets' phases made the failover test's kill mid-analysis flaky under load).
        jitterRatio: options.maxSlotShift,
        url: options.store!,
        expireSeconds: jobExpireSeconds,
        pollSeconds: options.jobPollSeconds ?? 2,
      })
    : new Scheduler({ ...schedulerOptions, maxSlotShift: options.maxSlotShift });
  const read = new StoreReadService(store, catalog, runner);
  const write = new WriteService({
    store,
    scheduler,
    runner,
    catalog,
    secretKey: options.secretKey,
    targetPolicy,
    secretRefs,
  });
  const resolvers: IdentityResolver[] = [bearerResolver((token) => authenticate(store, token))];

  const ready = async () => {
    const checks: Record<string, string> = {};
    try {
      await store.ping();
      checks.store = 'ok';
    } catch (error) {
      checks.store = (error as Error).message;
    }
    checks.scheduler = scheduler.running ? 'ok' : 'stopped';
    return { ok: checks.store === 'ok' && checks.scheduler === 'ok', checks };
  };
  const app = createApi({
    services: { read, write },
    resolvers,
    metrics,
    version: '0.1.0',
    logError: (error) => logger.error({ err: error }, 'request failed'),
    ready,
    metricsToken: options.metricsToken,
  });

  let pruning = false;
  let closing = false;
  const prune = async () => {
    // A pass works in slices and may outlast the hour (the first after an upgrade folds 30 days of rollups).
    if (pruning) return;
    pruning = true;
    try {
      // Summaries of unchanged scheduled runs (no report kept) are kept a day, and 5-minute rollups before they
      // are folded hourly; everything else retentionDays.
      const dayAgo = Date.now() - 86400_000;
      const removed = await store.prune(Date.now() - options.retentionDays * 86400_000, {
        summariesBefore: dayAgo,
        hourlyBefore: dayAgo,
      });
      if (removed) logger.info({ removed }, 'pruned history past retention');
    } catch (error) {
      // A pass cut off by close() (the store closed under it) is no failure: the next start goes on.
      if (!closing) logger.error({ err: (error as Error).message }, 'pruning failed');
    } finally {
      pruning = false;
    }
  };
  // Not awaited: a first pass after an upgrade may fold weeks of rollups, and serving need not wait for it.
  void prune();
  const pruneTimer = setInterval(prune, 3600_000);
  pruneTimer.unref();

  await scheduler.start();
  const { host, port } = parseListenAddress(options.listen);
  const server = createServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  const address = server.address() as { address: string; port: number };
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;
  targetPolicy.ownPorts.add(address.port);
  logger.info({ url }, 'REST API listening');

  let grafana: GrafanaServer | undefined;
  if (options.grpcListen) {
    grafana = await serveGrafana(
      { read, authenticate: (token) => authenticate(store, token), ready, resolvers, httpHandler: app },
      { listen: options.grpcListen, logger }
    );
    targetPolicy.ownPorts.add(Number(grafana.address.slice(grafana.address.lastIndexOf(':') + 1)));
  }

  return {
    url,
    store,
    catalog,
    scheduler,
    read,
    write,
    metrics,
    resolvers,
    httpHandler: app,
    grpcAddress: grafana?.address,
    close: async () => {
      closing = true;
      clearInterval(pruneTimer);
      await grafana?.close();
      await scheduler.stop();
      await analyzer?.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections?.();
      await store.close();
    },
  };
}
