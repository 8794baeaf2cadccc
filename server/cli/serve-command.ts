import { Command } from 'commander';
import { resolve } from 'node:path';
import { startSidecar, DEFAULT_SIDECAR_OPTIONS } from '../sidecar.js';

interface ServeFlags {
  listen: string;
  grpcListen: string;
  dataDir: string;
  provision?: string;
  rules: string[];
}

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
      '--provision <dir>',
      'folder of provisioning YAML files: tenants, tokens, targets (REDISLENS_PROVISION)',
      env.REDISLENS_PROVISION
    )
    .option('--rules <dir>', 'an extra folder of rule files (repeatable)', (v: string, p: string[]) => [...p, v], [])
    .action(async (flags: ServeFlags) => {
      const sidecar = await startSidecar({
        ...DEFAULT_SIDECAR_OPTIONS,
        listen: flags.listen,
        grpcListen: flags.grpcListen,
        dataDir: resolve(flags.dataDir),
        provisionDir: flags.provision ? resolve(flags.provision) : undefined,
        rulesDirs: flags.rules,
        secretKey: env.REDISLENS_SECRET_KEY || undefined,
      });
      const stop = async () => {
        await sidecar.close();
        process.exit(0);
      };
      process.once('SIGTERM', stop);
      process.once('SIGINT', stop);
    });
}
