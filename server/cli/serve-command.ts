import { Command, InvalidArgumentError } from 'commander';
import { resolve } from 'node:path';
import { DEFAULT_SIDECAR_OPTIONS } from '../sidecar-options.js';
import { DEFAULT_TARGET_POLICY } from '../targets/target-policy.js';

interface ServeFlags {
  listen: string;
  grpcListen: string;
  dataDir: string;
  store?: string;
  jobExpireSeconds: number;
  concurrency: number;
  analysisThreads: number;
  provision?: string;
  rules: string[];
  secretRefAllow: string[];
  targetAllowCidr: string[];
  targetAllowPort: string[];
  targetMinInterval: number;
  maxTargetsPerTenant: number;
  metricsToken?: string;
}

const collect = (value: string, previous: string[]) => [...previous, value];
/** A repeatable option's environment variable holds a comma-separated list. */
const listFromEnv = (value: string | undefined) =>
  value
    ? value
        .split(',')
        .map((v) => v.trim())
        .filter(Boolean)
    : [];
const wholeNumber = (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('expected a whole number, 0 or more');
  return n;
};
const positiveInt = (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a whole number, at least 1');
  return n;
};

export function serveCommand(): Command {
  const env = process.env;
  return new Command('serve')
    .description('run the sidecar: scheduled analyses, history, anomalies, REST API, /metrics')
    .option(
      '--listen <host:port>',
      'REST API address (REDISLENS_LISTEN)',
      env.REDISLENS_LISTEN ?? DEFAULT_SIDECAR_OPTIONS.listen
    )
    .option(
      '--grpc-listen <host:port>',
      'Grafana plugin protocol address (REDISLENS_GRPC_LISTEN)',
      env.REDISLENS_GRPC_LISTEN ?? '127.0.0.1:50051'
    )
    .option('--data-dir <dir>', 'where the SQLite store lives (REDISLENS_DATA_DIR)', env.REDISLENS_DATA_DIR ?? './data')
    .option(
      '--store <url>',
      'postgres://... : share one PostgreSQL database (and its job queue) between several sidecars instead of ' +
        'the SQLite file (REDISLENS_STORE; prefer the variable: arguments are visible in ps)',
      env.REDISLENS_STORE || undefined
    )
    .option(
      '--job-expire-seconds <n>',
      'PostgreSQL store: an analysis running longer is taken for dead and retried by another sidecar ' +
        '(REDISLENS_JOB_EXPIRE_SECONDS)',
      positiveInt,
      env.REDISLENS_JOB_EXPIRE_SECONDS ? positiveInt(env.REDISLENS_JOB_EXPIRE_SECONDS) : 300
    )
    .option(
      '--concurrency <n>',
      'analyses run at once; they mostly wait on the network, so thousands of targets a minute need more than the ' +
        `default (REDISLENS_CONCURRENCY, default ${DEFAULT_SIDECAR_OPTIONS.concurrency})`,
      positiveInt,
      env.REDISLENS_CONCURRENCY ? positiveInt(env.REDISLENS_CONCURRENCY) : DEFAULT_SIDECAR_OPTIONS.concurrency
    )
    .option(
      '--analysis-threads <n>',
      'worker threads that talk to the targets, evaluate the rules and build reports, leaving the main thread to ' +
        'write the store and answer readers; 0 does all of it on the main thread ' +
        `(REDISLENS_ANALYSIS_THREADS, default ${DEFAULT_SIDECAR_OPTIONS.analysisThreads}: one on a machine with ` +
        'more than one core)',
      wholeNumber,
      env.REDISLENS_ANALYSIS_THREADS
        ? wholeNumber(env.REDISLENS_ANALYSIS_THREADS)
        : DEFAULT_SIDECAR_OPTIONS.analysisThreads
    )
    .option(
      '--provision <dir>',
      'folder of provisioning YAML files: tenants, tokens, targets (REDISLENS_PROVISION)',
      env.REDISLENS_PROVISION
    )
    .option('--rules <dir>', 'an extra folder of rule files (repeatable)', collect, [])
    .option(
      '--secret-ref-allow <pattern>',
      'secret references tenants may use through the API, e.g. env:REDIS_PW_* or file:/run/secrets/redislens/{tenant}/* ' +
        '(repeatable; default none; REDISLENS_SECRET_REF_ALLOW, comma-separated)',
      collect,
      listFromEnv(env.REDISLENS_SECRET_REF_ALLOW)
    )
    .option(
      '--target-allow-cidr <cidr>',
      `networks API-registered targets may reach (repeatable; default ${DEFAULT_TARGET_POLICY.allowCidrs.join(', ')}; ` +
        'link-local and metadata addresses are always refused; REDISLENS_TARGET_ALLOW_CIDR, comma-separated)',
      collect,
      listFromEnv(env.REDISLENS_TARGET_ALLOW_CIDR)
    )
    .option(
      '--target-allow-port <range>',
      `ports API-registered targets may reach (repeatable; default ${DEFAULT_TARGET_POLICY.allowPorts.join(', ')}; ` +
        "the sidecar's own ports are always refused; REDISLENS_TARGET_ALLOW_PORT, comma-separated)",
      collect,
      listFromEnv(env.REDISLENS_TARGET_ALLOW_PORT)
    )
    .option(
      '--target-min-interval <seconds>',
      'shortest schedule interval of an API-registered target (REDISLENS_TARGET_MIN_INTERVAL)',
      positiveInt,
      env.REDISLENS_TARGET_MIN_INTERVAL
        ? positiveInt(env.REDISLENS_TARGET_MIN_INTERVAL)
        : DEFAULT_TARGET_POLICY.minIntervalSeconds
    )
    .option(
      '--max-targets-per-tenant <n>',
      'most targets a tenant may have when registering through the API (REDISLENS_MAX_TARGETS_PER_TENANT)',
      positiveInt,
      env.REDISLENS_MAX_TARGETS_PER_TENANT
        ? positiveInt(env.REDISLENS_MAX_TARGETS_PER_TENANT)
        : DEFAULT_TARGET_POLICY.maxTargetsPerTenant
    )
    .option(
      '--metrics-token <token>',
      'require "Authorization: Bearer <token>" on /metrics, which otherwise shows every tenant and target name ' +
        '(REDISLENS_METRICS_TOKEN; prefer the variable: arguments are visible in ps)',
      env.REDISLENS_METRICS_TOKEN || undefined
    )
    .action(async (flags: ServeFlags) => {
      // The sidecar (express, gRPC, SQLite, prom-client) is loaded only when it is run.
      const { startSidecar } = await import('../sidecar.js');
      const sidecar = await startSidecar({
        ...DEFAULT_SIDECAR_OPTIONS,
        listen: flags.listen,
        grpcListen: flags.grpcListen,
        dataDir: resolve(flags.dataDir),
        store: flags.store,
        jobExpireSeconds: flags.jobExpireSeconds,
        concurrency: flags.concurrency,
        analysisThreads: flags.analysisThreads,
        provisionDir: flags.provision ? resolve(flags.provision) : undefined,
        rulesDirs: flags.rules,
        secretKey: env.REDISLENS_SECRET_KEY || undefined,
        secretRefAllow: flags.secretRefAllow,
        targetPolicy: {
          ...(flags.targetAllowCidr.length ? { allowCidrs: flags.targetAllowCidr } : {}),
          ...(flags.targetAllowPort.length ? { allowPorts: flags.targetAllowPort } : {}),
          minIntervalSeconds: flags.targetMinInterval,
          maxTargetsPerTenant: flags.maxTargetsPerTenant,
        },
        metricsToken: flags.metricsToken,
      });
      const stop = async () => {
        await sidecar.close();
        process.exit(0);
      };
      process.once('SIGTERM', stop);
      process.once('SIGINT', stop);
    });
}
